// The four team examples (examples/*.json) run as they are through the engine: n8n's Webhook and Set
// nodes are stood in for by tiny nodes that pass the example's request body and evaluate the Set
// node's JSON expression, everything else is the real package nodes against the sandbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { LogExternalCall } from '../../nodes/LogExternalCall/LogExternalCall.node';
import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import { ReviewRequest } from '../../nodes/ReviewRequest/ReviewRequest.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness, type WorkflowJson } from '../support/engine/harness';
import { HarnessRequest } from '../support/engine/http';
import { PKG } from '../support/engine/workflow';
import { SANDBOX_TEAM_DIRECTORY, teamCredentials } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

function standIn(
	name: string,
	version: number[],
	properties: INodeTypeDescription['properties'],
	run: (ctx: IExecuteFunctions) => INodeExecutionData[],
): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version,
			description: 'Stand-in for an n8n-nodes-base node',
			defaults: { name },
			inputs: ['main'],
			outputs: ['main'],
			properties,
		},
		async execute(this: IExecuteFunctions) {
			return [run(this)];
		},
	};
}

const webhookStandIn = standIn('webhook', [2], [], (ctx) => ctx.getInputData());
const setStandIn = standIn(
	'set',
	[3.4],
	[{ displayName: 'JSON', name: 'jsonOutput', type: 'string', default: '' }],
	(ctx) =>
		ctx.getInputData().map((_item, i) => ({
			json: JSON.parse(String(ctx.getNodeParameter('jsonOutput', i))) as INodeExecutionData['json'],
			pairedItem: { item: i },
		})),
);

interface Example extends WorkflowJson {
	meta: { exampleRun: { request: { body: Record<string, unknown> } } };
}

function example(slug: string): Example {
	return JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'examples', `${slug}.json`), 'utf8'),
	) as Example;
}

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [
				new ManualAction(),
				new InternalNotification(),
				new ReviewRequest(),
				new LogExternalCall(),
			],
			'n8n-nodes-base': [webhookStandIn, setStandIn],
		},
		credentials: teamCredentials(sandbox, [], SANDBOX_TEAM_DIRECTORY),
	});
}

async function runExample(h: EngineHarness, slug: string) {
	const workflow = example(slug);
	return await h.run(workflow, {
		input: [{ json: { body: workflow.meta.exampleRun.request.body } }],
	});
}

describe('team examples', () => {
	it('log-external-dialer-calls: logs the inbound call under the caller, once', async () => {
		const h = harness();
		const first = await runExample(h, 'log-external-dialer-calls');
		expect(first.status).toBe('success');
		expect(first.output('Log External Call')[0].json.call).toMatchObject({
			direction: 'inbound',
			contactNumber: '+14155550123',
			to: '+14155550100',
			status: 'completed',
			durationSeconds: 205,
			duplicate: false,
		});
		const again = await runExample(h, 'log-external-dialer-calls');
		expect(again.output('Log External Call')[0].json.call).toMatchObject({ duplicate: true });
	});

	it('review-request-after-appointment: emails the review link, signed by the provider', async () => {
		const result = await runExample(harness(), 'review-request-after-appointment');
		expect(result.status).toBe('success');
		const [mail] = sandbox.state().mails;
		expect(mail.to[0].address).toBe('ann.lee@example.com');
		expect(mail.from[0].name).toBe('Carol Chen');
		expect(mail.subject).toBe('Thank you for visiting, Ann');
		expect(mail.text).toContain('thank you for your HydraFacial today');
		expect(mail.text).toContain('https://reviews.example.com/acme-clinic');
		expect(mail.text).toContain('Warm regards,\nCarol Chen');
	});

	it('new-high-value-lead-alert: emails the owner and the managers, and messages the owner on Slack', async () => {
		const result = await runExample(harness(), 'new-high-value-lead-alert');
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.mails.map((m) => m.envelope.to[0])
				.sort(),
		).toEqual(['alice@example.com', 'carol@example.com']);
		expect(sandbox.state().mails[0].subject).toBe(
			'High-value lead: Maria Gomez (Annual Glow Membership)',
		);
		const dms = sandbox.state().slack.filter((r) => r.method === 'chat.postMessage');
		expect(dms.map((d) => d.args.channel)).toEqual(['U0000ALICE']);
		expect(String(dms[0].args.text)).toContain('Annual Glow Membership, $2400');
	});

	it('lead-follow-up-call-task: waits for Alice, then logs the call she recorded', async () => {
		const h = harness();
		const waiting = await runExample(h, 'lead-follow-up-call-task');
		expect(waiting.status).toBe('waiting');
		const [mail] = sandbox.state().mails;
		expect(mail.envelope.to).toEqual(['alice@example.com']);
		const link = /Open the task: (\S+)/.exec(mail.text ?? '')?.[1] as string;
		const token = new URL(link).searchParams.get('token') as string;
		const done = await h.resume(
			waiting.executionId,
			HarnessRequest.fromUrl(link, {
				method: 'POST',
				body: {
					action: 'complete',
					token,
					outcome: 'answered',
					completedBy: 'Alice',
					message: 'Booked a consultation',
				},
			}),
		);
		expect(done.result.status).toBe('success');
		expect(done.result.output('Manual Action')[0].json.communication).toMatchObject({
			status: 'sent',
			output: 'Lead follow-up call done.',
		});
		expect(done.result.output('Log the Call')[0].json.call).toMatchObject({
			direction: 'outbound',
			contactNumber: '+14155550142',
			status: 'completed',
		});
	});
});
