// Credential metadata n8n shows and checks: every documentationUrl points at a heading that exists in the
// README, every credential has light and dark icons that exist, and the package links to its home.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICredentialType } from 'n8n-workflow';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	homepage: string;
	repository: { url: string };
	bugs: { url: string };
	author: { name: string; email: string };
};
const projectUrl = pkg.homepage.replace(/#readme$/, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

function readmeAnchors(): Set<string> {
	const anchors = new Set<string>();
	let inFence = false;
	for (const line of readFileSync(join(root, 'README.md'), 'utf8').split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
		const heading = /^#{1,6}\s+(.*)$/.exec(line);
		if (!inFence && heading) anchors.add(headingAnchor(heading[1]));
	}
	return anchors;
}

const credentials = readdirSync(join(root, 'credentials'))
	.filter((file) => file.endsWith('.credentials.ts'))
	.map((file) => {
		const module = require(join(root, 'credentials', file)) as Record<
			string,
			new () => ICredentialType
		>;
		const [Type] = Object.values(module);
		return { file, credential: new Type() };
	});

describe('credential metadata', () => {
	it('turns headings into GitHub anchors', () => {
		expect(headingAnchor('WhatsApp Cloud credential')).toBe('whatsapp-cloud-credential');
		expect(headingAnchor('Demo and end-to-end tests (a real n8n 2.41 with this package)')).toBe(
			'demo-and-end-to-end-tests-a-real-n8n-241-with-this-package',
		);
	});

	it.each(credentials.map(({ file, credential }) => [file, credential]))(
		'%s: documentationUrl is the project README at an existing heading',
		(_file, credential) => {
			const url = String(credential.documentationUrl);
			expect(url.startsWith(`${projectUrl}#`)).toBe(true);
			expect(readmeAnchors()).toContain(url.slice(url.indexOf('#') + 1));
		},
	);

	it.each(credentials.map(({ file, credential }) => [file, credential]))(
		'%s: light and dark icons that exist',
		(_file, credential) => {
			const icon = credential.icon;
			expect(typeof icon).toBe('object');
			const { light, dark } = icon as { light: string; dark: string };
			for (const path of [light, dark]) {
				expect(path.startsWith('file:')).toBe(true);
				expect(existsSync(resolve(root, 'credentials', path.slice('file:'.length)))).toBe(true);
			}
			expect(dark).not.toBe(light);
		},
	);

	it('the package names its repository, homepage, issue tracker and an author email', () => {
		expect(pkg.repository.url).toBe(`git+${projectUrl}.git`);
		expect(pkg.bugs.url).toBe(`${projectUrl}/issues`);
		expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+$/);
	});
});
