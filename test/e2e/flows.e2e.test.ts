// To Another Flow / From Another Flow in a real n8n 2.41: Transfer and Run and Wait into a published
// target that starts with n8n's Execute Workflow Trigger, a target without it, and the editor's
// searchable workflow list on our node (Chromium).
import { join } from 'node:path';

import type { WorkflowPayload } from '../../scripts/n8n/api';
import { ARTIFACTS, launchChromium, signIn } from './chromium';
import { getE2E } from './harness';

const e2e = getE2E();
const PKG = 'n8n-nodes-communication-actions';
const TARGET_ID = 'e2eFlowsTarget01';
const PLAIN_ID = 'e2eFlowsPlain001';
const SMTP = { communicationSmtpApi: { id: 'sandbox-smtp', name: 'Sandbox SMTP' } };

const trigger = {
	id: 'f1',
	name: 'When Executed by Another Workflow',
	type: 'n8n-nodes-base.executeWorkflowTrigger',
	typeVersion: 1.1,
	position: [0, 0],
	parameters: { inputSource: 'passthrough' },
};
const from = {
	id: 'f2',
	name: 'From Another Flow',
	type: `${PKG}.fromAnotherFlowTrigger`,
	typeVersion: 1,
	position: [220, 0],
	parameters: { options: { requireHandover: true } },
};
const tag = {
	id: 'f3',
	name: 'Tag',
	type: `${PKG}.updateField`,
	typeVersion: 1,
	position: [440, 0],
	parameters: {
		assignments: {
			assignment: [
				{
					attribute: 'stage',
					valueFrom: 'constant',
					value: '={{ "nurture via " + $json.handover.mode }}',
					type: 'string',
				},
			],
		},
		options: {},
	},
};
const mail = {
	id: 'f4',
	name: 'Welcome',
	type: `${PKG}.emailCommunication`,
	typeVersion: 1,
	position: [660, 0],
	parameters: {
		toEmail: '={{ $json.email }}',
		subject: 'Flows e2e {{ stage }}',
		emailFormat: 'text',
		text: 'Hello {{ first_name }}',
		options: {},
	},
	credentials: SMTP,
};

const link = (...names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

function caller(path: string, mode: string, targetId: string, targetName: string): WorkflowPayload {
	return {
		name: `Flows e2e caller ${path}`,
		nodes: [
			{
				id: 'c1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `e2e-flows-${path}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'c2',
				name: 'Lead',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} },
			},
			{
				id: 'c3',
				name: 'To Target',
				type: `${PKG}.toAnotherFlow`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					workflowId: { __rl: true, mode: 'list', value: targetId, cachedResultName: targetName },
					mode,
					options: {},
				},
			},
		],
		connections: link('Webhook', 'Lead', 'To Target'),
		settings: { executionOrder: 'v1' },
	};
}

async function publish(id: string, payload: WorkflowPayload) {
	const existing = await e2e.api.getWorkflow(id);
	const saved = existing
		? await e2e.api.updateWorkflow(id, payload)
		: await e2e.api.createWorkflow(id, payload);
	return await e2e.api.activateWorkflow(id, saved.versionId);
}

beforeAll(async () => {
	await publish(TARGET_ID, {
		name: 'Flows e2e target',
		nodes: [trigger, from, tag, mail],
		connections: link(trigger.name, from.name, tag.name, mail.name),
		settings: { executionOrder: 'v1' },
	});
	await publish(
		'e2eFlowsWait0001',
		caller('flows-e2e-wait', 'runAndWait', TARGET_ID, 'Flows e2e target'),
	);
	await publish(
		'e2eFlowsXfer0001',
		caller('flows-e2e-transfer', 'transfer', TARGET_ID, 'Flows e2e target'),
	);
	// A published "target" that starts with a webhook instead of the Execute Workflow Trigger.
	const plainHook = {
		id: 'p1',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: 'e2e-flows-plain',
		parameters: { httpMethod: 'POST', path: 'flows-e2e-plain', options: {} },
	};
	await publish(PLAIN_ID, {
		name: 'Flows e2e plain',
		nodes: [plainHook, { ...from, parameters: {} }],
		connections: link('Webhook', from.name),
		settings: { executionOrder: 'v1' },
	});
	await publish(
		'e2eFlowsBad00001',
		caller('flows-e2e-bad', 'runAndWait', PLAIN_ID, 'Flows e2e plain'),
	);
});

describe('To Another Flow in real n8n', () => {
	it('Run and Wait returns what the target returned, after the target ran as its own execution', async () => {
		const before = await e2e.sandboxState();
		const known = new Set((await e2e.listExecutions(TARGET_ID)).map((execution) => execution.id));
		const answer = await e2e.callWebhook('flows-e2e-wait', {
			id: 'e2e-lead-1',
			email: 'wait@example.com',
			first_name: 'Wanda',
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			id: 'e2e-lead-1',
			stage: 'nurture via runAndWait',
			communication: { status: 'sent' },
			handover: {
				mode: 'runAndWait',
				status: 'completed',
				participantId: 'e2e-lead-1',
				to: { workflowId: TARGET_ID },
			},
		});
		const target = await e2e.waitForExecution(TARGET_ID, known);
		expect(target.status).toBe('success');
		expect(
			String((answer.body as { handover: { executionId: string } }).handover.executionId),
		).toBe(target.id);
		const after = await e2e.sandboxState();
		expect(after.mails.length).toBeGreaterThan(before.mails.length);
		expect(after.mails.map((m) => m.subject)).toContain('Flows e2e nurture via runAndWait');
	});

	it('Transfer answers at once with the started execution, which then finishes on its own', async () => {
		const known = new Set((await e2e.listExecutions(TARGET_ID)).map((execution) => execution.id));
		const answer = await e2e.callWebhook('flows-e2e-transfer', {
			id: 'e2e-lead-2',
			email: 'transfer@example.com',
			first_name: 'Tom',
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			id: 'e2e-lead-2',
			handover: { mode: 'transfer', status: 'started', to: { workflowId: TARGET_ID } },
		});
		expect((answer.body as Record<string, unknown>).stage).toBeUndefined();
		const target = await e2e.waitForExecution(TARGET_ID, known);
		expect(target.status).toBe('success');
		expect(
			String((answer.body as { handover: { executionId: string } }).handover.executionId),
		).toBe(target.id);
	});

	it("names a target that does not start with n8n's Execute Workflow Trigger", async () => {
		const known = new Set(
			(await e2e.listExecutions('e2eFlowsBad00001')).map((execution) => execution.id),
		);
		await e2e.callWebhook('flows-e2e-bad', { id: 'e2e-lead-3' });
		const execution = await e2e.waitForExecution('e2eFlowsBad00001', known);
		expect(execution.status).toBe('error');
		expect(String(execution.error?.message)).toContain(
			`Target flow 'Flows e2e plain' (ID ${PLAIN_ID}) cannot receive participants: it has no 'When Executed by Another Workflow' trigger`,
		);
	});
});

describe('the Target Flow picker in the editor', () => {
	it('lists and searches the workflows that can be called, and picks one', async () => {
		const pickerNode = {
			id: 'k2',
			name: 'To Another Flow',
			type: `${PKG}.toAnotherFlow`,
			typeVersion: 1,
			position: [300, 0],
			parameters: { mode: 'transfer', options: {} },
		};
		const manual = {
			id: 'k1',
			name: 'Manual',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		if (!(await e2e.api.getWorkflow('e2eFlowsPick0001'))) {
			await e2e.api.createWorkflow('e2eFlowsPick0001', {
				name: 'Flows e2e picker',
				nodes: [manual, pickerNode],
				connections: link('Manual', 'To Another Flow'),
				settings: { executionOrder: 'v1' },
			});
		}
		const browser = await launchChromium('flows-e2e-chromium');
		try {
			const page = await browser.context.newPage();
			await signIn(page, e2e.n8nUrl, e2e.run.owner);
			// The node's own URL opens its parameters.
			await page.goto(`${e2e.n8nUrl}/workflow/e2eFlowsPick0001/k2`);
			const picker = page.locator('[data-test-id="rlc-input"]').first();
			await picker.waitFor({ state: 'visible', timeout: 60_000 });
			await picker.click();
			await page.keyboard.type('Flows e2e');
			const target = page.getByText('Flows e2e target', { exact: true }).first();
			await target.waitFor({ state: 'visible', timeout: 15_000 });
			await page.screenshot({ path: join(ARTIFACTS, 'to-another-flow-picker.png') });
			// Only workflows that start with the Execute Workflow Trigger are offered.
			expect(await page.getByText('Flows e2e plain', { exact: true }).count()).toBe(0);
			await target.click();
			let picked = '';
			for (let attempt = 0; attempt < 40 && picked !== 'Flows e2e target'; attempt++) {
				await page.waitForTimeout(250);
				picked = await picker.inputValue();
			}
			expect(picked).toBe('Flows e2e target');
		} finally {
			await browser.close();
		}
	});
});
