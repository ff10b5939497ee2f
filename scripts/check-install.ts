// `npm run test:install`: packs the package and installs the tarball the ways the README documents (n8n's UI installer, by hand), then checks the dependency trees.
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { asRecord, isRecord } from './n8n/json';
import { node24 } from './n8n/node-runtime';
import { buildPackage, packPackage, type PackedPackage } from './n8n/package-install';
import { LOCAL_DIR as DEFAULT_LOCAL_DIR, PACKAGE_NAME, REPO_ROOT } from './n8n/paths';
import { childEnv, runCommand } from './n8n/run-command';

/**
 * n8n provides n8n-workflow to community packages at runtime (it puts its own node_modules on NODE_PATH),
 * so an install on its own holds no copy at all: a second copy would break n8n's instanceof checks on
 * its error classes.
 */
const EXPECTED_N8N_WORKFLOW_COPIES = 0;
/** `--n8n-local=<dir>` checks another checkout's pinned n8n (read only); default: this repository's. */
const LOCAL_DIR =
	process.argv.find((arg) => arg.startsWith('--n8n-local='))?.slice('--n8n-local='.length) ??
	DEFAULT_LOCAL_DIR;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

interface TreeReport {
	packages: number;
	n8nWorkflowCopies: string[];
	/** Anything that means a native build: binding.gyp, compiled .node addons, install scripts. */
	nativeBuild: string[];
}

function readPackageJson(dir: string): Record<string, unknown> | undefined {
	try {
		const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		return isRecord(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Walks every file under a node_modules folder (symlinks are not followed). */
function inspectTree(nodeModules: string): TreeReport {
	const report: TreeReport = { packages: 0, n8nWorkflowCopies: [], nativeBuild: [] };
	const visit = (dir: string): void => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) {
				visit(path);
				continue;
			}
			if (!entry.isFile()) continue;
			if (entry.name === 'binding.gyp' || entry.name.endsWith('.node'))
				report.nativeBuild.push(path);
			if (entry.name !== 'package.json' || basenameOfParent(path) === 'node_modules') continue;
			const manifest = readPackageJson(dirname(path));
			// Only a package's root manifest has a name and sits right under node_modules(/@scope).
			if (!manifest || typeof manifest.name !== 'string' || !isPackageRoot(dirname(path))) continue;
			report.packages++;
			if (manifest.name === 'n8n-workflow') report.n8nWorkflowCopies.push(dirname(path));
			const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
			for (const name of INSTALL_SCRIPTS) {
				if (typeof scripts[name] === 'string')
					report.nativeBuild.push(`${dirname(path)} (${name}: ${String(scripts[name])})`);
			}
			if (manifest.gypfile === true) report.nativeBuild.push(`${dirname(path)} (gypfile)`);
		}
	};
	if (existsSync(nodeModules)) visit(nodeModules);
	return report;
}

function basenameOfParent(path: string): string {
	return basename(dirname(path));
}

/** A package root sits right under node_modules, or under node_modules/@scope. */
function isPackageRoot(dir: string): boolean {
	const parent = dirname(dir);
	if (basename(parent) === 'node_modules') return true;
	return basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules';
}

const failures: string[] = [];
function check(condition: boolean, what: string): void {
	console.log(`  ${condition ? 'ok  ' : 'FAIL'} ${what}`);
	if (!condition) failures.push(what);
}

function assertTree(label: string, nodeModules: string): TreeReport {
	const report = inspectTree(nodeModules);
	console.log(`${label}: ${report.packages} packages in ${nodeModules}`);
	check(
		report.n8nWorkflowCopies.length === EXPECTED_N8N_WORKFLOW_COPIES,
		`${EXPECTED_N8N_WORKFLOW_COPIES} n8n-workflow copies installed (found ${report.n8nWorkflowCopies.length}${report.n8nWorkflowCopies.length ? `: ${report.n8nWorkflowCopies.join(', ')}` : ''})`,
	);
	check(
		report.nativeBuild.length === 0,
		`nothing native: no binding.gyp, .node addon or install script${report.nativeBuild.length ? ` (found: ${report.nativeBuild.slice(0, 10).join('; ')})` : ''}`,
	);
	check(
		existsSync(join(nodeModules, PACKAGE_NAME, 'package.json')) ||
			existsSync(join(nodeModules, '..', 'package.json')),
		`${PACKAGE_NAME} is installed`,
	);
	return report;
}

/**
 * Loads every node and credential file of an installed package the way n8n does: n8n-workflow comes
 * only from the host's NODE_PATH, every other dependency from the install itself.
 */
async function assertLoads(
	label: string,
	packageDir: string,
	host: { nodePath: string; n8nWorkflow: string },
): Promise<void> {
	const manifest = asRecord(readPackageJson(packageDir), 'installed package.json');
	const n8n = asRecord(manifest.n8n, 'package.json n8n');
	const files = [n8n.nodes, n8n.credentials].flatMap((list) =>
		Array.isArray(list) ? list.map(String) : [],
	);
	const probe = [
		`const files = ${JSON.stringify(files.map((file) => join(packageDir, file)))};`,
		'for (const file of files) require(file);',
		`const fromPackage = require.resolve('n8n-workflow', { paths: [${JSON.stringify(packageDir)}] });`,
		'console.log(JSON.stringify({ loaded: files.length, fromPackage }));',
	].join('\n');
	const { path: nodeBinary } = node24();
	const result = await runCommand(nodeBinary, ['-e', probe], {
		cwd: packageDir,
		env: childEnv(nodeBinary, { NODE_PATH: host.nodePath }),
	});
	const out = asRecord(JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}'), 'probe output');
	check(
		out.loaded === files.length,
		`${label}: all ${files.length} node and credential files load`,
	);
	check(
		out.fromPackage === host.n8nWorkflow,
		`${label}: the package resolves n8n-workflow to the host's copy (${String(out.fromPackage)})`,
	);
}

/** A folder that provides only n8n-workflow, standing in for n8n's own node_modules. */
function fakeHost(root: string): { nodePath: string; n8nWorkflow: string } {
	const hostModules = join(root, 'host', 'node_modules');
	mkdirSync(hostModules, { recursive: true });
	symlinkSync(join(REPO_ROOT, 'node_modules', 'n8n-workflow'), join(hostModules, 'n8n-workflow'));
	return {
		nodePath: hostModules,
		n8nWorkflow: require.resolve('n8n-workflow', { paths: [hostModules] }),
	};
}

/** README "Self-hosted, by hand": `cd ~/.n8n/nodes && npm install <package>`; here the tarball. */
async function handInstall(packed: PackedPackage, root: string): Promise<string> {
	const nodesDir = join(root, 'hand', '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const { path: nodeBinary } = node24();
	const result = await runCommand('npm', ['install', packed.tarball], {
		cwd: nodesDir,
		env: childEnv(nodeBinary),
	});
	const output = `${result.stdout}\n${result.stderr}`;
	check(!/EBADENGINE/.test(output), 'hand install: no EBADENGINE warning');
	check(!/install-scripts|allowScripts/.test(output), 'hand install: no install-scripts warning');
	return join(nodesDir, 'node_modules');
}

/**
 * README "n8n UI": what n8n 2.41's community package installer does with a package from the registry:
 * unpack it into nodes/node_modules/<name>, drop dev, peer and optional dependencies from its
 * package.json, and `npm install` inside it without scripts.
 */
async function uiInstall(packed: PackedPackage, root: string): Promise<string> {
	const packageDir = join(root, 'ui', '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = join(packageDir, 'package.json');
	const {
		devDependencies: _dev,
		peerDependencies: _peer,
		optionalDependencies: _optional,
		...manifest
	} = asRecord(JSON.parse(readFileSync(manifestPath, 'utf8')), 'package.json');
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const { path: nodeBinary } = node24();
	await runCommand(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, env: childEnv(nodeBinary) },
	);
	return packageDir;
}

/** Every folder under .n8n-local where the stack installed the package (one per profile). */
function pinnedInstalls(): string[] {
	if (!existsSync(LOCAL_DIR)) return [];
	return readdirSync(LOCAL_DIR)
		.map((profile) => join(LOCAL_DIR, profile, '.n8n', 'nodes', 'node_modules'))
		.filter((dir) => existsSync(join(dir, PACKAGE_NAME, 'package.json')));
}

/** n8n adds the module paths of its load-nodes-and-credentials module to NODE_PATH before loading packages. */
function n8nNodePath(): string {
	const dist = join(LOCAL_DIR, 'node_modules', 'n8n', 'dist');
	const paths: string[] = [];
	for (let dir = dist; ; dir = dirname(dir)) {
		if (!dir.endsWith('/node_modules')) paths.push(join(dir, 'node_modules'));
		if (dirname(dir) === dir) break;
	}
	return paths.join(delimiter);
}

async function main(): Promise<void> {
	console.log('Building and packing...');
	await buildPackage();
	const packed = await packPackage();
	const root = mkdtempSync(join(tmpdir(), 'comm-actions-install-'));
	try {
		const entries = execFileSync('tar', ['-tzf', packed.tarball], { encoding: 'utf8' }).split('\n');
		const maps = entries.filter((entry) => entry.endsWith('.map'));
		console.log(`Tarball: ${entries.filter(Boolean).length} files`);
		check(maps.length === 0, `no source maps in the tarball (found ${maps.length})`);
		// A module left in dist/ by an earlier build would shadow a folder's index.js at run time.
		const orphans = entries
			.filter((entry) => /^package\/dist\/.*\.js$/.test(entry))
			.map((entry) => entry.replace(/^package\/dist\//, '').replace(/\.js$/, '.ts'))
			.filter((source) => !existsSync(join(REPO_ROOT, source)));
		check(
			orphans.length === 0,
			`every .js in the tarball is built from a source file (stale: ${orphans.join(', ') || 'none'})`,
		);

		const host = fakeHost(root);

		const hand = await handInstall(packed, root);
		assertTree('Hand install into an empty folder', hand);
		await assertLoads('hand install', join(hand, PACKAGE_NAME), host);

		const ui = await uiInstall(packed, root);
		assertTree('UI install (n8n 2.41 installer steps)', join(ui, 'node_modules'));
		await assertLoads('UI install', ui, host);

		const pinned = pinnedInstalls();
		if (pinned.length === 0) {
			console.log(
				`Pinned n8n: skipped (${LOCAL_DIR} has no installed package yet; npm run test:e2e or npm run demo installs it)`,
			);
		} else if (!existsSync(join(LOCAL_DIR, 'node_modules', 'n8n', 'package.json'))) {
			console.log(`Pinned n8n: skipped (n8n is not installed in ${LOCAL_DIR})`);
		} else {
			const nodePath = n8nNodePath();
			const n8nCopy = require.resolve('n8n-workflow', {
				paths: [join(LOCAL_DIR, 'node_modules', 'n8n', 'dist')],
			});
			console.log(`Pinned n8n's n8n-workflow: ${n8nCopy}`);
			for (const nodeModules of pinned) {
				assertTree(`Pinned n8n install`, nodeModules);
				await assertLoads(`pinned n8n (${nodeModules})`, join(nodeModules, PACKAGE_NAME), {
					nodePath,
					n8nWorkflow: n8nCopy,
				});
			}
		}
	} finally {
		packed.dispose();
		rmSync(root, { recursive: true, force: true });
	}
	if (failures.length > 0) {
		console.error(`\n${failures.length} check(s) failed`);
		process.exitCode = 1;
	} else {
		console.log('\nAll install checks passed');
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
