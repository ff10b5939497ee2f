// Saved templates in the real n8n: the example workflow saves a template through the Communication
// Templates node and sends it in two languages, then the editor's Template picker (a resource
// locator backed by listSearch) lists it in Chromium.
import { join } from 'node:path';
import type { Page } from 'playwright-core';

import { ARTIFACTS, openNodePanel, useSignedInEditor } from './chromium';
import { getE2E } from './harness';

const PACKAGE = 'n8n-nodes-communication-actions';
const e2e = getE2E();

describe('saved templates in n8n and its editor', () => {
	let page: Page;
	useSignedInEditor('comm-actions-templates', e2e, (signedIn) => (page = signedIn));

	it('the example saves the template and sends it in English and Spanish', async () => {
		const run = await e2e.runExample('appointment-reminder-sms-template');
		expect(run.execution.status).toBe('success');
		expect(run.delta.sms.map((sms) => sms.body).sort()).toEqual([
			'Hi Ann, see you on 2026-12-03 at 10:30. Reply C to cancel.',
			'Hola Lucía, te esperamos el 2026-12-03 a las 11:15. Responde C para cancelar.',
		]);
	});

	it("the SMS node's Template picker lists the saved SMS templates and finds one by search", async () => {
		const workflowId = `templatePicker${Date.now()}`;
		await e2e.api.createWorkflow(workflowId, {
			name: 'Template picker (e2e)',
			nodes: [
				{
					id: 'sms',
					name: 'SMS Communication',
					type: `${PACKAGE}.smsCommunication`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { messageTemplate: { __rl: true, mode: 'list', value: '' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await openNodePanel(page, e2e.n8nUrl, workflowId, 'SMS Communication');
		const locator = page.locator('[data-test-id="resource-locator-messageTemplate"]');
		await locator.waitFor({ state: 'visible', timeout: 30_000 });
		await locator.locator('[data-test-id="rlc-input-container"]').click();

		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor({ state: 'visible', timeout: 30_000 });
		await page.screenshot({ path: join(ARTIFACTS, 'template-picker.png') });
		expect(await items.allInnerTexts()).toContain('Appointment reminder (v1, en/es)');

		await page.locator('[data-test-id="rlc-search"]').first().fill('appointment');
		await page.waitForTimeout(1000);
		const found = (await items.allInnerTexts()).map((text) => text.trim());
		expect(found).toEqual(['Appointment reminder (v1, en/es)']);

		await items.filter({ hasText: 'Appointment reminder' }).first().click();
		const input = locator.locator('[data-test-id="rlc-input-container"] input');
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(ARTIFACTS, 'template-picked.png') });
		expect(await input.inputValue()).toContain('Appointment reminder');
		// Once a template is chosen, the Version rule appears.
		expect(await page.locator('[data-test-id="parameter-input-templateVersion"]').count()).toBe(1);
	});
});
