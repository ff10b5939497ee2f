// The WhatsApp Template picker in a real editor (headless Chromium): it lists the sandbox account's
// APPROVED templates with language and category, and hides Language Code for a pick from the list.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openNodePanel, useSignedInEditor } from './chromium';
import { getE2E } from './harness';

const e2e = getE2E();

describe('WhatsApp Template picker in Chromium', () => {
	let page: Page;
	useSignedInEditor('comm-actions-wa-templates', e2e, (signedIn) => (page = signedIn));

	it('lists the approved templates (and only those) with their language and category', async () => {
		const workflowId = `waTemplates${Date.now()}`;
		await e2e.api.createWorkflow(workflowId, {
			name: 'WhatsApp template picker (e2e)',
			nodes: [
				{
					id: 'wa',
					name: 'WhatsApp Communication',
					type: 'n8n-nodes-communication-actions.whatsAppCommunication',
					typeVersion: 2,
					position: [0, 0],
					parameters: { templateName: { __rl: true, mode: 'list', value: '' } },
					credentials: {
						communicationWhatsAppApi: { id: 'sandbox-whatsapp', name: 'Sandbox WhatsApp' },
					},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		const ndv = await openNodePanel(page, e2e.n8nUrl, workflowId, 'WhatsApp Communication');

		const picker = ndv.locator('[data-test-id="rlc-input"]').first();
		await picker.waitFor({ state: 'visible', timeout: 30_000 });
		await picker.click();
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor({ state: 'visible', timeout: 30_000 });
		await page.screenshot({ path: join(ARTIFACTS, 'whatsapp-template-picker.png') });
		const names = (await items.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
		expect(names).toEqual([
			'hello_world (en_US · utility)',
			'appointment_reminder (en_US · utility)',
			'order_update (en · utility)',
			'delivery_tracking (de · utility)',
		]);

		await items.filter({ hasText: 'appointment_reminder' }).first().click();
		await page.waitForTimeout(500);
		expect(await ndv.getByText('Language Code', { exact: true }).count()).toBe(0);
		await page.screenshot({ path: join(ARTIFACTS, 'whatsapp-template-picked.png') });
	});
});
