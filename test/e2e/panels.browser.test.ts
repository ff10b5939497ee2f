// The editor panels a newcomer meets: credential slot labels, a merge field in the HTML editor that does
// not look like an error, and an example run from the editor with one click on "Execute workflow".
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signIn, type Browser } from './chromium';
import { getE2E } from './harness';

const PACKAGE = 'n8n-nodes-communication-actions';

const e2e = getE2E();

describe('editor panels in Chromium', () => {
	let browser: Browser | undefined;
	let page: Page;

	beforeAll(async () => {
		browser = await launchChromium('comm-actions-panels');
		page = await browser.context.newPage();
		await signIn(page, e2e.n8nUrl, e2e.run.owner);
	});

	afterAll(async () => {
		await browser?.close();
	});

	/** Opens a workflow and the settings panel (NDV) of one of its nodes. */
	async function openNode(workflowId: string, nodeName: string): Promise<void> {
		await page.goto(`${e2e.n8nUrl}/workflow/${workflowId}`);
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first();
		await node.waitFor({ state: 'visible', timeout: 60_000 });
		const ndv = page.locator('[data-test-id="ndv"]');
		// The canvas can render before its handlers are live; a double click that arrives too early opens nothing.
		for (let attempt = 0; attempt < 5 && !(await ndv.isVisible()); attempt++) {
			await node.dblclick();
			await ndv.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
		}
		expect(await ndv.isVisible()).toBe(true);
		await page.locator('[data-test-id="credentials-label"]').first().waitFor({ timeout: 30_000 });
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
