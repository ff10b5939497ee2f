// Installs the pinned n8n into .n8n-local/ on first use (sqlite3 rebuilt for Node 24); later calls return in milliseconds.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from './json';
import { node24, node24Headers } from './node-runtime';
import { LOCAL_DIR, N8N_BIN, N8N_VERSION } from './paths';
import { lockFolder } from './folder-lock';
import { withProgress } from './progress';
import { childEnv, runCommand } from './run-command';

export interface N8nInstallation {
	nodeBinary: string;
	nodeVersion: string;
	n8nBin: string;
	n8nVersion: string;
	/** False when an earlier run had already installed it. */
	installedNow: boolean;
}

/**
 * Measured on n8n 2.41.1 (linux-x64): .n8n-local takes 3.1 GB (node_modules 2.9 GB) with 1519 packages
 * at the top of node_modules; the install took 6-7 minutes on an idle 2-core machine, 16 on a busy one.
 */
const FIRST_INSTALL = { diskGb: 3.1, packages: 1519, minutes: '6 to 16' };

const MARKER = join(LOCAL_DIR, 'install-state.json');
const INSTALL_LOG = join(LOCAL_DIR, 'install.log');
const SQLITE3_DIR = join(LOCAL_DIR, 'node_modules', 'sqlite3');
const SQLITE3_BINDING = join(SQLITE3_DIR, 'build', 'Release', 'node_sqlite3.node');

function readJson(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Packages at the top of node_modules (scoped ones counted one by one): a cheap sign of progress. */
function countPackages(nodeModules: string): number {
	try {
		return readdirSync(nodeModules)
			.filter((entry) => !entry.startsWith('.'))
			.reduce(
				(sum, entry) =>
					sum + (entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).length : 1),
				0,
			);
	} catch {
		return 0;
	}
}

function installedN8nVersion(): string | undefined {
	const pkg = readJson(join(LOCAL_DIR, 'node_modules', 'n8n', 'package.json'));
	return isRecord(pkg) && typeof pkg.version === 'string' ? pkg.version : undefined;
}

/** The marker is written last, so an interrupted install is redone rather than trusted. */
function isComplete(nodeVersion: string): boolean {
	const marker = readJson(MARKER);
	return (
		isRecord(marker) &&
		marker.n8n === N8N_VERSION &&
		marker.node === nodeVersion &&
		installedN8nVersion() === N8N_VERSION &&
		existsSync(SQLITE3_BINDING)
	);
}

export async function ensureN8nInstalled(
	log: (line: string) => void = console.log,
): Promise<N8nInstallation> {
	const { path: nodeBinary, version: nodeVersion } = node24();
	const result = { nodeBinary, nodeVersion, n8nBin: N8N_BIN, n8nVersion: N8N_VERSION };
	if (isComplete(nodeVersion)) return { ...result, installedNow: false };
	// A demo and an e2e run started together on a fresh clone must not run two npm installs in one folder.
	const lock = await lockFolder(join(LOCAL_DIR, '.install'), 'an n8n install', {
		waitMs: 30 * 60_000,
		log,
	});
	try {
		if (isComplete(nodeVersion)) return { ...result, installedNow: false };
		await install(nodeVersion, nodeBinary, log);
	} finally {
		lock.release();
	}
	return { ...result, installedNow: true };
}

async function install(
	nodeVersion: string,
	nodeBinary: string,
	log: (line: string) => void,
): Promise<void> {
	mkdirSync(LOCAL_DIR, { recursive: true });
	rmSync(MARKER, { force: true });
	writeFileSync(
		INSTALL_LOG,
		`n8n ${N8N_VERSION} install on ${nodeVersion}, ${new Date().toISOString()}\n`,
	);
	const packageJson = join(LOCAL_DIR, 'package.json');
	if (!existsSync(packageJson)) {
		writeFileSync(
			packageJson,
			`${JSON.stringify({ name: 'n8n-local', private: true, description: 'Pinned n8n for the demo and e2e tests (generated)' }, null, '\t')}\n`,
		);
	}
	const env = childEnv(nodeBinary);

	if (installedN8nVersion() !== N8N_VERSION) {
		log(
			[
				`Installing n8n ${N8N_VERSION} into ${LOCAL_DIR}: needs about ${FIRST_INSTALL.diskGb} GB of disk`,
				`and takes ${FIRST_INSTALL.minutes} minutes once (later starts reuse it). npm's output goes to ${INSTALL_LOG}.`,
			].join('\n'),
		);
		// n8n's tree has native addons (a Kafka client among them) that cannot build offline and are not needed.
		await withProgress(
			log,
			{
				phase: `npm install n8n ${N8N_VERSION}`,
				step: [1, 3],
				detail: () => {
					const unpacked = countPackages(join(LOCAL_DIR, 'node_modules'));
					return unpacked > 0
						? `${unpacked} of ~${FIRST_INSTALL.packages} packages unpacked`
						: 'resolving the dependency tree';
				},
				next: 'build sqlite3 for Node 24 and check that n8n starts (about a minute)',
			},
			() =>
				runCommand(
					'npm',
					[
						'install',
						`n8n@${N8N_VERSION}`,
						'--ignore-scripts',
						'--no-audit',
						'--no-fund',
						'--loglevel=warn',
					],
					{
						cwd: LOCAL_DIR,
						env,
						logFile: INSTALL_LOG,
					},
				),
		);
	}

	// n8n's SQLite driver is the one native addon it needs. Without an explicit nodedir, ~/.npmrc's
	// `nodedir=/usr` would compile it against the machine's older Node headers.
	const nodedir = await node24Headers(log);
	log(`  [2/3] Building sqlite3 for Node ${nodeVersion} (headers: ${nodedir})...`);
	await withProgress(
		log,
		{ phase: 'build sqlite3', step: [2, 3], next: 'check that n8n starts' },
		() =>
			runCommand('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], {
				cwd: LOCAL_DIR,
				env: { ...env, npm_config_nodedir: nodedir },
				logFile: INSTALL_LOG,
			}),
	);

	log('  [3/3] Checking that n8n starts on Node 24...');
	await verifyInstallation(nodeBinary);
	writeFileSync(
		MARKER,
		`${JSON.stringify({ n8n: N8N_VERSION, node: nodeVersion, nodedir, at: new Date().toISOString() }, null, '\t')}\n`,
	);
	log(`n8n ${N8N_VERSION} is installed and runs on Node ${nodeVersion}.`);
}

/** Proves the install works on Node 24: the rebuilt driver opens a database and n8n's CLI boots. */
async function verifyInstallation(nodeBinary: string): Promise<void> {
	const probe = `const s = require(${JSON.stringify(SQLITE3_DIR)}); const db = new s.Database(':memory:'); db.get('select sqlite_version() v', (e, r) => { if (e) throw e; console.log(r.v); db.close(); });`;
	await runCommand(nodeBinary, ['-e', probe], { cwd: LOCAL_DIR, env: childEnv(nodeBinary) });
	const version = await runCommand(nodeBinary, [N8N_BIN, '--version'], {
		cwd: LOCAL_DIR,
		env: childEnv(nodeBinary, { N8N_USER_FOLDER: join(LOCAL_DIR, '.version-check') }),
	});
	if (!version.stdout.includes(N8N_VERSION))
		throw new Error(`n8n --version printed '${version.stdout.trim()}', expected ${N8N_VERSION}`);
}

if (require.main === module) {
	const started = Date.now();
	ensureN8nInstalled()
		.then((install) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			console.log(
				`${install.installedNow ? 'Installed' : 'Already installed'}: n8n ${install.n8nVersion} on Node ${install.nodeVersion} (${seconds}s)`,
			);
		})
		.catch((error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exitCode = 1;
		});
}
