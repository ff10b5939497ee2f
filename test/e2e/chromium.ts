// Debian's Chromium for the browser tests: one launcher (quiet on a closed network, throwaway
// profile) and one sign-in to the n8n editor.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
