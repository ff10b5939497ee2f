// Debian's Chromium for the browser tests: one launcher (quiet on a closed network, throwaway
// profile), one sign-in to the n8n editor and one way to open a node's settings panel.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, 'artifacts');
// Without the background-networking flags Chromium keeps calling Google services on a closed network.
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Browser {
	context: BrowserContext;
	close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (removed on close) and the artifacts folder ready. */
export async function launchChromium(profilePrefix: string): Promise<Browser> {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing: run scripts/setup-e2e.sh (installs Debian's chromium)`,
		);
	mkdirSync(ARTIFACTS, { recursive: true });
	const profileDir = mkdtempSync(join(tmpdir(), `${profilePrefix}-`));
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(profileDir, { recursive: true, force: true });
		},
	};
}

/** Signs into the n8n editor and waits until it has left the sign-in page. */
export async function signIn(
	page: Page,
	n8nUrl: string,
	owner: { email: string; password: string },
): Promise<void> {
	await page.goto(`${n8nUrl}/signin`);
	await page.fill('#emailOrLdapLoginId', owner.email);
	await page.fill('#password', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/**
 * Jest hooks for a describe block: before its tests Chromium starts and a page signs into the editor
 * (handed to `onPage`); after them the browser closes.
 */
export function useSignedInEditor(
	profilePrefix: string,
	editor: { n8nUrl: string; run: { owner: { email: string; password: string } } },
	onPage: (page: Page) => void,
): void {
	let browser: Browser | undefined;
	beforeAll(async () => {
		browser = await launchChromium(profilePrefix);
		const page = await browser.context.newPage();
		await signIn(page, editor.n8nUrl, editor.run.owner);
		onPage(page);
	});
	afterAll(async () => {
		await browser?.close();
	});
}

/** Opens a workflow and the settings panel (NDV) of its node named `nodeName`; returns the panel. */
export async function openNodePanel(
	page: Page,
	n8nUrl: string,
	workflowId: string,
	nodeName: string,
): Promise<Locator> {
	await page.goto(`${n8nUrl}/workflow/${workflowId}`);
	const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first();
	await node.waitFor({ state: 'visible', timeout: 60_000 });
	const ndv = page.locator('[data-test-id="ndv"]');
	// The canvas can render before its handlers are live; a double click that arrives too early opens nothing.
	for (let attempt = 0; attempt < 5 && !(await ndv.isVisible()); attempt++) {
		await node.dblclick();
		await ndv.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
	}
	expect(await ndv.isVisible()).toBe(true);
	return ndv;
}
