// A real browser (Debian's Chromium via playwright-core) signs into the editor and finds this package's nodes, with icons, in the node panel.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { builtNodeTypes } from '../../scripts/n8n/built-types';
import { ARTIFACTS, launchChromium, signIn, type Browser } from './chromium';
import { getE2E } from './harness';

const e2e = getE2E();
const nodes = builtNodeTypes();

describe('the n8n editor in Chromium', () => {
	let browser: Browser | undefined;
	let page: Page;

	beforeAll(async () => {
		browser = await launchChromium('comm-actions-chromium');
		page = await browser.context.newPage();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('signs in as the owner', async () => {
		await signIn(page, e2e.n8nUrl, e2e.run.owner);
		expect(new URL(page.url()).pathname).not.toMatch(/^\/(signin|setup)/);
	});

	it('opens the node panel ("What happens next?") after a trigger', async () => {
		// A trigger on the canvas makes the panel list action nodes; the empty canvas's trigger panel hides some.
		const workflowId = `browserCheck${Date.now()}`;
		await e2e.api.createWorkflow(workflowId, {
			name: 'Browser check (e2e)',
			nodes: [
				{
					id: 'start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await page.goto(`${e2e.n8nUrl}/workflow/${workflowId}`);
		await page
			.locator('[data-test-id="canvas-node"]')
			.first()
			.waitFor({ state: 'visible', timeout: 60_000 });
		const search = page.locator('input[data-test-id="node-creator-search-bar"]');
		// The canvas can render before its handlers are live; a click that arrives too early opens nothing.
		for (let attempt = 0; attempt < 5 && !(await search.isVisible()); attempt++) {
			await page.click('[data-test-id="node-creator-plus-button"]');
			await search.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
		}
		if (!(await search.isVisible()))
			await page.screenshot({ path: join(ARTIFACTS, 'node-panel-not-open.png') });
		expect(await search.isVisible()).toBe(true);
	});

	for (const node of nodes) {
		it(`lists "${node.displayName}" with its icon`, async () => {
			await page.locator('input[data-test-id="node-creator-search-bar"]').fill(node.displayName);
			// A row is a node item, or an action item for nodes whose operations the panel lists directly.
			const item = page
				.locator('[data-test-id="item-iterator-item"]')
				.filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', {
						hasText: new RegExp(`^${escapeRegExp(node.displayName)}$`),
					}),
				})
				.first();
			await item.waitFor({ state: 'visible', timeout: 30_000 });
			const icon = item.locator('img').first();
			expect(await icon.getAttribute('src')).toContain('/icons/n8n-nodes-communication-actions/');
			// The icon really loaded: a broken or missing SVG has no natural size.
			let state = await imageState(icon);
			for (let attempt = 0; !state.complete && attempt < 50; attempt++) {
				await page.waitForTimeout(200);
				state = await imageState(icon);
			}
			expect(state).toEqual({ complete: true, naturalWidth: expect.any(Number) });
			expect(state.naturalWidth).toBeGreaterThan(0);
			await page.screenshot({ path: join(ARTIFACTS, `node-panel-${node.name}.png`) });
		});
	}

	it('saves a screenshot of the node panel', async () => {
		const search = 'Communication';
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill(search);
		await page.waitForTimeout(500);
		const file = join(ARTIFACTS, 'node-panel.png');
		await page.screenshot({ path: file });
		expect(existsSync(file)).toBe(true);
	});
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The <img>'s load state, read in the page (these tests compile without DOM types). */
function imageState(icon: Locator): Promise<{ complete: boolean; naturalWidth: number }> {
	return icon.evaluate((element) => {
		const image = element as unknown as { complete?: boolean; naturalWidth?: number };
		return { complete: image.complete === true, naturalWidth: image.naturalWidth ?? 0 };
	});
}
