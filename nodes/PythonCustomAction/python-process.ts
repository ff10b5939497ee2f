// Runs a Python script through the launcher with bounded time, output, memory, file size and CPU,
// a stripped environment and a throw-away home folder; on Linux the script is kept out of n8n's
// folder (Landlock) and every process it starts is stopped when the run ends.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { LAUNCHER_SOURCE } from './python-launcher';
import { killProcessTree } from './process-tree';
import {
	limitFromExit,
	parseResults,
	parseStatus,
	signalName,
	type ProcessFailure,
	type PythonRun,
	type PythonCall,
	type ResourceLimits,
} from './python-protocol';
import { PYTHON_RUNNER_SOURCE, RUNNER_FILE, SCRIPT_FILE } from './python-runner';

export type * from './python-protocol';

export interface PythonRunOptions {
	interpreter: string;
	script: string;
	calls: PythonCall[];
	timeoutMs: number;
	maxOutputBytes: number;
	/** Variables the user set on the node, added to the allowlisted ones. */
	extraEnv: Record<string, string>;
	limits?: ResourceLimits;
	/** Folders the script may not read or write (Linux with Landlock): n8n's folder by default. */
	deniedFolders?: string[];
	/** n8n's cancel signal: the run stops as on a timeout. */
	signal?: AbortSignal;
	/** Milliseconds between SIGTERM and SIGKILL after a timeout or cancel. */
	killGraceMs?: number;
}

const PRINTED_TAIL_BYTES = 8 * 1024;
const DEFAULT_KILL_GRACE_MS = 2_000;
/** After SIGKILL, a process that still holds its pipes is abandoned rather than waited for. */
const ABANDON_AFTER_KILL_MS = 2_000;
/** The launcher gets this long beyond the grace period to stop the tree before n8n kills it. */
const LAUNCHER_SLACK_MS = 1_000;

/** n8n's folder (database, settings, the embedded ledger): `<N8N_USER_FOLDER or home>/.n8n`. */
export function n8nFolder(env = process.env, home = homedir()): string {
	const userFolder = env.N8N_USER_FOLDER?.trim();
	return join(userFolder ? userFolder : home, '.n8n');
}

/**
 * Exactly what the script's environment contains: nothing of n8n's own environment except
 * PATH, locale and time zone, so N8N_* settings, encryption keys and credentials never reach it.
 */
export function pythonEnvironment(
	home: string,
	extra: Record<string, string>,
	parent = process.env,
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(parent)) {
		if (value === undefined) continue;
		if (name === 'PATH' || name === 'LANG' || name === 'TZ' || name.startsWith('LC_'))
			env[name] = value;
	}
	env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
	return {
		...env,
		...extra,
		HOME: home,
		TMPDIR: home,
		PYTHONIOENCODING: 'utf-8',
		PYTHONDONTWRITEBYTECODE: '1',
		PYTHONUNBUFFERED: '1',
	};
}

/** SIGTERM to the launcher, which stops the script's tree; the process group too where no launcher can. */
function signalLauncher(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	for (const target of process.platform === 'win32' ? [pid] : [pid, -pid]) {
		try {
			process.kill(target, signal);
		} catch {
			// Already gone.
		}
	}
}

export async function runPython(options: PythonRunOptions): Promise<PythonRun> {
	if (options.signal?.aborted)
		return { results: new Map(), printed: '', failure: { kind: 'canceled' } };
	const home = await writeRunFolder(options.script);
	try {
		return await spawnRunner(options, home);
	} finally {
		await rm(home, { recursive: true, force: true });
	}
}

/** A new temporary folder holding the script and the launcher: the run's home and working folder. */
export async function writeRunFolder(script: string): Promise<string> {
	const home = await mkdtemp(join(tmpdir(), 'n8n-python-'));
	try {
		await writeFile(join(home, SCRIPT_FILE), script, 'utf8');
		await writeFile(join(home, RUNNER_FILE), PYTHON_RUNNER_SOURCE + LAUNCHER_SOURCE, 'utf8');
	} catch (error) {
		await rm(home, { recursive: true, force: true });
		throw error;
	}
	return home;
}

/** The launcher's command-line arguments: its file and its settings as JSON. */
export function launcherArguments(options: PythonRunOptions): string[] {
	return [RUNNER_FILE, launcherConfig(options)];
}

function launcherConfig(options: PythonRunOptions): string {
	return JSON.stringify({
		parent: process.pid,
		graceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
		deny: options.deniedFolders ?? [n8nFolder()],
		...options.limits,
	});
}

function spawnRunner(options: PythonRunOptions, home: string): Promise<PythonRun> {
	return new Promise((resolve) => {
		const child = spawn(options.interpreter, launcherArguments(options), {
			cwd: home,
			env: pythonEnvironment(home, options.extraEnv),
			stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
			windowsHide: true,
		});
		const statusPipe = child.stdio[3] as Readable | null;
		const stdout: Buffer[] = [];
		const status: Buffer[] = [];
		let printed = Buffer.alloc(0);
		let total = 0;
		let failure: ProcessFailure | undefined;
		let settled = false;
		const timers: NodeJS.Timeout[] = [];
		const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

		const finish = (exit?: { code: number | null; signal: string | null }) => {
			if (settled) return;
			settled = true;
			for (const timer of timers) clearTimeout(timer);
			options.signal?.removeEventListener('abort', cancel);
			child.stdout.destroy();
			child.stderr.destroy();
			statusPipe?.destroy();
			const { results, fatal } = parseResults(Buffer.concat(stdout).toString('utf8'));
			const launcher = parseStatus(Buffer.concat(status).toString('utf8'));
			const limit = limitFromExit(launcher.exit, options.limits);
			if (!failure && limit) failure = { kind: 'limit', limit };
			if (!failure && fatal) failure = { kind: 'fatal', error: fatal };
			if (!failure && exit && results.size < options.calls.length) {
				const ended = launcher.exit;
				failure = ended
					? { kind: 'exited', code: ended.code ?? null, signal: signalName(ended.signal) }
					: { kind: 'exited', ...exit };
			}
			resolve({ results, printed: printed.toString('utf8'), failure, landlock: launcher.landlock });
		};
		const stop = (reason: ProcessFailure) => {
			if (failure) return;
			failure = reason;
			const hard = () => {
				if (child.pid !== undefined) killProcessTree(child.pid);
				signalLauncher(child.pid, 'SIGKILL');
				timers.push(setTimeout(() => finish(), ABANDON_AFTER_KILL_MS));
			};
			if (reason.kind === 'timeout' || reason.kind === 'canceled') {
				signalLauncher(child.pid, 'SIGTERM');
				timers.push(setTimeout(hard, grace + LAUNCHER_SLACK_MS));
			} else {
				hard();
			}
		};
		const cancel = () => stop({ kind: 'canceled' });
		const count = (chunk: Buffer) => {
			total += chunk.length;
			if (total > options.maxOutputBytes)
				stop({ kind: 'outputLimit', maxOutputBytes: options.maxOutputBytes });
		};

		child.stdout.on('data', (chunk: Buffer) => {
			count(chunk);
			if (total <= options.maxOutputBytes) stdout.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			count(chunk);
			// Only the tail is kept: memory stays bounded whatever the script prints.
			printed = Buffer.concat([printed, chunk]);
			if (printed.length > PRINTED_TAIL_BYTES)
				printed = printed.subarray(printed.length - PRINTED_TAIL_BYTES);
		});
		statusPipe?.on('data', (chunk: Buffer) => status.push(chunk));
		statusPipe?.on('error', () => undefined);
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT' || error.code === 'EACCES') {
				failure = { kind: 'notFound', interpreter: options.interpreter, reason: error.code };
			}
			finish();
		});
		child.on('close', (code, signal) => finish({ code, signal }));
		child.stdin.on('error', () => undefined);
		options.signal?.addEventListener('abort', cancel, { once: true });
		timers.push(
			setTimeout(() => stop({ kind: 'timeout', timeoutMs: options.timeoutMs }), options.timeoutMs),
		);
		child.stdin.end(JSON.stringify({ calls: options.calls }));
	});
}
