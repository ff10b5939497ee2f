// Builds this package and installs it into an n8n user folder the way a self-hoster does: npm pack, then npm install the tarball in ~/.n8n/nodes.
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asArray, asRecord, isRecord } from './json';
import { node24 } from './node-runtime';
import { PACKAGE_NAME, REPO_ROOT, type ProfilePaths } from './paths';
import { childEnv, runCommand } from './run-command';

export interface PackedPackage {
	tarball: string;
	sha256: string;
	version: string;
	/** Removes the temporary folder holding the tarball. */
	dispose(): void;
}

export async function buildPackage(): Promise<void> {
	await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT, env: childEnv(node24().path) });
}

/** `npm pack` into a temp dir; scripts are skipped because buildPackage just ran (prepack would build again). */
export async function packPackage(): Promise<PackedPackage> {
	const dir = mkdtempSync(join(tmpdir(), 'comm-actions-pack-'));
	const packed = await runCommand(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
		{
			cwd: REPO_ROOT,
			env: childEnv(node24().path),
		},
	);
	const info = asRecord(asArray(JSON.parse(packed.stdout), 'npm pack output')[0], 'npm pack entry');
	const tarball = join(dir, String(info.filename));
	return {
		tarball,
		sha256: createHash('sha256').update(readFileSync(tarball)).digest('hex'),
		version: String(info.version),
		dispose: () => rmSync(dir, { recursive: true, force: true }),
	};
}

const MARKER_NAME = '.communication-actions-install.json';
/** A stable copy next to the install, so `npm install` in that folder later still finds what package.json names. */
const TARBALL_NAME = `${PACKAGE_NAME}.tgz`;

/**
 * Installs the tarball into `<user folder>/.n8n/nodes` (n8n loads every n8n-nodes-* package under its
 * node_modules at start). Skipped when the same tarball is already installed.
 *
 * Installed the way the README documents a hand install (`npm install <package>` in ~/.n8n/nodes), plus
 * --no-audit/--no-fund, which only change what npm prints. n8n-workflow is an optional peer dependency:
 * n8n provides it (it puts its own node_modules on NODE_PATH before loading community packages), so
 * npm installs no second copy, and classes like NodeOperationError are the ones n8n checks with
 * instanceof. n8n's UI installer drops peerDependencies altogether; `npm run test:install` checks both.
 */
export async function installPackageInto(
	paths: ProfilePaths,
	packed: PackedPackage,
): Promise<{ installed: boolean }> {
	const marker = join(paths.nodesDir, MARKER_NAME);
	const installedDir = join(paths.nodesDir, 'node_modules', PACKAGE_NAME);
	if (existsSync(join(installedDir, 'package.json')) && readMarker(marker) === packed.sha256)
		return { installed: false };

	mkdirSync(paths.nodesDir, { recursive: true });
	const manifest = join(paths.nodesDir, 'package.json');
	if (!existsSync(manifest)) {
		writeFileSync(
			manifest,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	}
	copyFileSync(packed.tarball, join(paths.nodesDir, TARBALL_NAME));
	rmSync(installedDir, { recursive: true, force: true });
	rmSync(marker, { force: true });
	await runCommand('npm', ['install', `./${TARBALL_NAME}`, '--no-audit', '--no-fund'], {
		cwd: paths.nodesDir,
		env: childEnv(node24().path),
	});
	if (existsSync(join(paths.nodesDir, 'node_modules', 'n8n-workflow'))) {
		throw new Error(
			`A second n8n-workflow was installed into ${paths.nodesDir}; n8n must provide it`,
		);
	}
	writeFileSync(
		marker,
		`${JSON.stringify({ sha256: packed.sha256, version: packed.version, at: new Date().toISOString() }, null, '\t')}\n`,
	);
	return { installed: true };
}

function readMarker(path: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
		return isRecord(parsed) && typeof parsed.sha256 === 'string' ? parsed.sha256 : undefined;
	} catch {
		return undefined;
	}
}
