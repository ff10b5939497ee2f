// The editor panels a newcomer meets: credential slot labels, a merge field in the HTML editor that does
// not look like an error, an example run from the editor with one click on "Execute workflow", and
// the short version 2 panels of Email Communication and Manual Action (version 1 workflows unchanged).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openNodePanel, useSignedInEditor } from './chromium';
import { getE2E } from './harness';

const PACKAGE = 'n8n-nodes-communication-actions';

const e2e = getE2E();

describe('editor panels in Chromium', () => {
	let page: Page;
	useSignedInEditor('comm-actions-panels', e2e, (signedIn) => (page = signedIn));

	/** Opens a node's settings panel and waits for its credential slot label. */
	async function openNode(workflowId: string, nodeName: string): Promise<void> {
		await openNodePanel(page, e2e.n8nUrl, workflowId, nodeName);
		await page.locator('[data-test-id="credentials-label"]').first().waitFor({ timeout: 30_000 });
	}

	/** A workflow with one node as the editor adds it (no parameters set), opened in the panel. */
	async function openFreshNode(type: string, typeVersion: number, name: string): Promise<void> {
		const workflowId = `panels${name.replace(/\W/g, '')}${typeVersion}${Date.now()}`;
		await e2e.api.createWorkflow(workflowId, {
			name: `${name} v${typeVersion} fresh (e2e)`,
			nodes: [{ id: 'node', name, type, typeVersion, position: [0, 0], parameters: {} }],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await openNode(workflowId, name);
	}

	/** The labels of the parameters the panel shows at the top level (not inside a collection). */
	async function panelFields(): Promise<string[]> {
		await page.waitForTimeout(500);
		const items = page.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]');
		return await items.evaluateAll((elements) =>
			elements
				.filter((element) => !element.parentElement?.closest('[data-test-id="parameter-item"]'))
				.map((element) =>
					(element as unknown as { innerText: string }).innerText.split('\n')[0].trim(),
				),
		);
	}

	/** Whether the panel shows an Options collection with its "Add option" control. */
	async function hasOptionsCollection(): Promise<boolean> {
		const add = page.locator('[data-test-id="ndv"] [data-test-id^="collection-parameter-add"]');
		return (await panelFields()).includes('Options') && (await add.count()) > 0;
	}

	async function credentialLabels(): Promise<string[]> {
		const labels = await page.locator('[data-test-id="credentials-label"]').allInnerTexts();
		return labels.map((label) => label.replace(/\s+/g, ' ').trim());
	}

	it('Email Communication: each credential slot says what it is for and whether it is optional', async () => {
		await openNode(e2e.example('booking-confirmation-email').id, 'Email Communication');
		await page.screenshot({ path: join(ARTIFACTS, 'panel-email.png') });
		const labels = await credentialLabels();
		expect(labels.join(' | ')).toContain('SMTP (sends the email)');
		expect(labels.join(' | ')).toContain(
			'Communication Ledger (optional; default: embedded SQLite)',
		);
		expect(labels.filter((label) => /^Credential\b/.test(label))).toEqual([]);
	});

	it('Email Communication: a [[ merge field ]] in the HTML editor is not marked as an error', async () => {
		const html = page.locator('.cm-editor').filter({ hasText: 'contact.first_name' }).first();
		await html.waitFor({ state: 'visible', timeout: 30_000 });
		await html.scrollIntoViewIfNeeded();
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(ARTIFACTS, 'panel-email-merge-field.png') });
		expect(await html.innerText()).toContain('[[ contact.first_name ]]');
		expect(await html.locator('.cm-invalid-resolvable').count()).toBe(0);
	});

	it('Email Communication: the HTML editor does mark {{ merge field }} red (why [[ ]] exists)', async () => {
		const workflowId = `panelsBraces${Date.now()}`;
		await e2e.api.createWorkflow(workflowId, {
			name: 'Braces in the HTML editor (e2e)',
			nodes: [
				{
					id: 'email',
					name: 'Email Communication',
					type: `${PACKAGE}.emailCommunication`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { emailFormat: 'html', html: '<p>Hi {{ contact.first_name }}</p>' },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await openNode(workflowId, 'Email Communication');
		const html = page.locator('.cm-editor').filter({ hasText: 'contact.first_name' }).first();
		await html.waitFor({ state: 'visible', timeout: 30_000 });
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(ARTIFACTS, 'panel-email-braces.png') });
		expect(await html.locator('.cm-invalid-resolvable').count()).toBeGreaterThan(0);
	});

	it('Manual Action: labelled slots, and the example has its Sandbox SMTP credential selected', async () => {
		await openNode(e2e.example('lead-follow-up-call-task').id, 'Manual Action');
		await page.screenshot({ path: join(ARTIFACTS, 'panel-manual-action.png') });
		const labels = (await credentialLabels()).join(' | ');
		expect(labels).toContain('Team Directory (finds the assignee)');
		expect(labels).toContain('SMTP (emails the assignee the task link)');
		expect(labels).toContain('Twilio (needed only for SMS notifications or SMS tasks)');
		expect(labels).toContain('Communication Ledger (optional; default: embedded SQLite)');
		const selects = page.locator('[data-test-id="node-credentials-select"] input');
		const values = await selects.evaluateAll((inputs) =>
			inputs.map((input) => (input as unknown as { value: string }).value),
		);
		expect(values).toContain('Sandbox SMTP');
	});

	it('Email Communication version 2: a fresh node shows the short panel, CC/BCC/Reply-To/From Name/attachments under Options', async () => {
		await openFreshNode(`${PACKAGE}.emailCommunication`, 2, 'Email Communication');
		await page.screenshot({ path: join(ARTIFACTS, 'panel-email-v2-fresh.png') });
		const fields = await panelFields();
		const slots = await credentialLabels();
		console.log(
			`Email Communication v2 fresh: ${fields.length} fields + ${slots.length} credential slots: ${fields.join(' | ')}`,
		);
		for (const moved of [
			'From Name',
			'CC',
			'BCC',
			'Reply-To',
			'Attachments (Binary Properties)',
			'Link for Attachment File',
		])
			expect(fields).not.toContain(moved);
		expect(fields).toEqual(
			expect.arrayContaining(['From Email', 'To', 'Subject', 'Email Format', 'HTML']),
		);
		expect(await hasOptionsCollection()).toBe(true);

		await openFreshNode(`${PACKAGE}.emailCommunication`, 1, 'Email Communication');
		const v1 = await panelFields();
		console.log(
			`Email Communication v1 fresh: ${v1.length} fields + ${(await credentialLabels()).length} credential slots`,
		);
		expect(v1).toEqual(expect.arrayContaining(['From Name', 'CC', 'BCC', 'Reply-To']));
		expect(fields.length).toBeLessThanOrEqual(v1.length - 6);

		await openFreshNode('n8n-nodes-base.emailSend', 2.1, 'Send Email');
		await page.screenshot({ path: join(ARTIFACTS, 'panel-send-email-fresh.png') });
		const sendEmail = await panelFields();
		console.log(
			`n8n Send Email v2.1 fresh: ${sendEmail.length} fields + ${(await credentialLabels()).length} credential slots: ${sendEmail.join(' | ')}`,
		);
	});

	it('Email Communication version 1: an existing workflow opens with its top-level values', async () => {
		await openNode(e2e.example('booking-confirmation-email').id, 'Email Communication');
		const fields = await panelFields();
		expect(fields).toEqual(
			expect.arrayContaining(['From Name', 'CC', 'Attachments (Binary Properties)']),
		);
		const values = await page
			.locator('[data-test-id="ndv"] [data-test-id="parameter-item"] input')
			.evaluateAll((inputs) =>
				inputs.map((input) => (input as unknown as { value: string }).value),
			);
		expect(values).toEqual(expect.arrayContaining(['Acme Clinic', 'data']));
	});

	it('Manual Action version 2: a fresh node reads as short as SMS Communication', async () => {
		await openFreshNode(`${PACKAGE}.smsCommunication`, 1, 'SMS Communication');
		const sms = await panelFields();
		await openFreshNode(`${PACKAGE}.manualAction`, 2, 'Manual Action');
		await page.screenshot({ path: join(ARTIFACTS, 'panel-manual-action-v2-fresh.png') });
		const fields = await panelFields();
		console.log(
			`Manual Action v2 fresh: ${fields.length} fields + ${(await credentialLabels()).length} credential slots: ${fields.join(' | ')}`,
		);
		console.log(`SMS Communication fresh: ${sms.length} fields: ${sms.join(' | ')}`);
		expect(fields).not.toContain('Contact Name');
		expect(fields).not.toContain('Limit Wait Time');
		expect(await hasOptionsCollection()).toBe(true);
		expect(fields.length).toBeLessThanOrEqual(sms.length);
	});

	it('an example runs from the editor with one click on "Execute workflow" (pinned sample data)', async () => {
		const example = e2e.example('booking-confirmation-email');
		const known = new Set((await e2e.listExecutions(example.id)).map((execution) => execution.id));
		const before = await e2e.sandboxState();
		await page.goto(`${e2e.n8nUrl}/workflow/${example.id}`);
		const button = page.locator('[data-test-id="execute-workflow-button"]').first();
		await button.waitFor({ state: 'visible', timeout: 60_000 });
		await page.waitForTimeout(1000);
		await button.click();
		const execution = await e2e.waitForExecution(example.id, known);
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(ARTIFACTS, 'example-executed.png') });
		expect({ status: execution.status, mode: execution.mode }).toEqual({
			status: 'success',
			mode: 'manual',
		});
		const after = await e2e.sandboxState();
		expect(after.version).not.toBe(before.version);
	});
});
