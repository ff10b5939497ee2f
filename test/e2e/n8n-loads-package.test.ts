// The pinned n8n runs on Node 24 and loads this package from <user folder>/.n8n/nodes, installed from its npm tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { builtCredentialTypes, builtNodeTypes } from '../../scripts/n8n/built-types';
import { stringField } from '../../scripts/n8n/json';
import { N8N_VERSION, PACKAGE_NAME, profilePaths, REPO_ROOT } from '../../scripts/n8n/paths';
import { getE2E } from './harness';

const e2e = getE2E();
const nodesDir = profilePaths('e2e').nodesDir;

describe('n8n with the package installed', () => {
	it(`is n8n ${N8N_VERSION}`, async () => {
		const response = await fetch(`${e2e.n8nUrl}/rest/settings`, {
			headers: { cookie: e2e.cookie },
		});
		const settings = ((await response.json()) as { data: Record<string, unknown> }).data;
		expect(settings.versionCli).toBe(N8N_VERSION);
		const installed = JSON.parse(
			readFileSync(join(REPO_ROOT, '.n8n-local', 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string };
		expect(installed.version).toBe(N8N_VERSION);
	});

	it('runs on Node 24', () => {
		// The server process's own executable, not the one this test runs on.
		const executable = realpathSync(`/proc/${e2e.run.n8nPid}/exe`);
		expect(executable).toBe(realpathSync(e2e.run.install.nodeBinary));
		expect(execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v24\./);
	});

	it('has the package installed from its tarball, with n8n-workflow coming from n8n', () => {
		const installed = join(nodesDir, 'node_modules', PACKAGE_NAME);
		expect(lstatSync(installed).isSymbolicLink()).toBe(false);
		const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
			version: string;
		};
		const source = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
			version: string;
		};
		expect(manifest.version).toBe(source.version);
		const nodesManifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		expect(nodesManifest.dependencies[PACKAGE_NAME]).toMatch(/\.tgz$/);
		expect(existsSync(join(nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
	});

	it('lists every node of package.json n8n.nodes among its node types, with an icon', async () => {
		const expected = builtNodeTypes();
		const loaded = new Map(
			(await e2e.api.nodeTypes()).map((type) => [stringField(type, 'name'), type]),
		);
		for (const node of expected) {
			const type = loaded.get(node.type);
			expect({ node: node.type, loaded: type !== undefined }).toEqual({
				node: node.type,
				loaded: true,
			});
			expect(type?.iconUrl ?? type?.icon).toBeTruthy();
		}
		// n8n adds a `<name>Tool` variant of nodes that are usable as AI tools; nothing else may appear.
		const allowed = new Set(expected.flatMap((node) => [node.type, `${node.type}Tool`]));
		const ours = [...loaded.keys()].filter(
			(name): name is string => name?.startsWith(`${PACKAGE_NAME}.`) === true,
		);
		expect(ours.filter((name) => !allowed.has(name))).toEqual([]);
	});

	it('knows every credential type of package.json n8n.credentials', async () => {
		const loaded = new Set(
			(await e2e.api.credentialTypes()).map((type) => stringField(type, 'name')),
		);
		for (const credential of builtCredentialTypes())
			expect({ credential: credential.name, loaded: loaded.has(credential.name) }).toEqual({
				credential: credential.name,
				loaded: true,
			});
	});

	it('has the sandbox credentials under their fixed ids', async () => {
		const stored = await e2e.api.listCredentials();
		for (const credential of e2e.run.credentials) {
			expect(stored).toContainEqual(
				expect.objectContaining({
					id: credential.id,
					name: credential.name,
					type: credential.type,
				}),
			);
		}
	});
});
