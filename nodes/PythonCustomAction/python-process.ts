// Runs the Python runner as a subprocess with bounded time and output, a stripped environment and
// a throw-away home folder; returns the marked result lines and what the script printed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PYTHON_RUNNER_SOURCE, RESULT_MARKER, RUNNER_FILE, SCRIPT_FILE } from './python-runner';

export interface PythonCall {
	index: number;
	item: unknown;
	params: unknown;
	communication: unknown;
}

export interface PythonErrorInfo {
	type: string;
	message: string;
	traceback: string;
}

export type PythonCallResult =
	{ index: number; ok: unknown } | { index: number; error: PythonErrorInfo };

export type ProcessFailure =
	| { kind: 'timeout'; timeoutMs: number }
	| { kind: 'outputLimit'; maxOutputBytes: number }
	| { kind: 'fatal'; error: PythonErrorInfo }
	| { kind: 'exited'; code: number | null; signal: string | null }
	| { kind: 'notFound'; interpreter: string; reason: string };

export interface PythonRun {
	results: Map<number, PythonCallResult>;
	/** The end of what the script printed (stdout and stderr), for error messages. */
	printed: string;
	/** Why calls without a result have none. */
	failure?: ProcessFailure;
}

export interface PythonRunOptions {
	interpreter: string;
	script: string;
	calls: PythonCall[];
	timeoutMs: number;
	maxOutputBytes: number;
	/** Variables the user set on the node, added to the allowlisted ones. */
	extraEnv: Record<string, string>;
	/** Milliseconds between SIGTERM and SIGKILL after a timeout. */
	killGraceMs?: number;
}

const PRINTED_TAIL_BYTES = 8 * 1024;
const DEFAULT_KILL_GRACE_MS = 2_000;
/** After SIGKILL, a process that still holds its pipes is abandoned rather than waited for. */
const ABANDON_AFTER_KILL_MS = 2_000;

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

function parseResults(stdout: string): {
	results: Map<number, PythonCallResult>;
	fatal?: PythonErrorInfo;
} {
	const results = new Map<number, PythonCallResult>();
	let fatal: PythonErrorInfo | undefined;
	for (const line of stdout.split('\n')) {
		if (!line.startsWith(RESULT_MARKER)) continue;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line.slice(RESULT_MARKER.length));
		} catch {
			continue;
		}
		if (typeof parsed !== 'object' || parsed === null) continue;
		const record = parsed as Record<string, unknown>;
		if (record.fatal) fatal = record.fatal as PythonErrorInfo;
		else if (typeof record.index === 'number')
			results.set(record.index, record as PythonCallResult);
	}
	return { results, fatal };
}

/** Kills the whole process group, so children the script started die with it. */
function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(process.platform === 'win32' ? pid : -pid, signal);
	} catch {
		// Already gone.
	}
}

export async function runPython(options: PythonRunOptions): Promise<PythonRun> {
	const home = await mkdtemp(join(tmpdir(), 'n8n-python-'));
	try {
		await writeFile(join(home, SCRIPT_FILE), options.script, 'utf8');
		await writeFile(join(home, RUNNER_FILE), PYTHON_RUNNER_SOURCE, 'utf8');
		return await spawnRunner(options, home);
	} finally {
		await rm(home, { recursive: true, force: true });
	}
}

function spawnRunner(options: PythonRunOptions, home: string): Promise<PythonRun> {
	return new Promise((resolve) => {
		const child = spawn(options.interpreter, [RUNNER_FILE], {
			cwd: home,
			env: pythonEnvironment(home, options.extraEnv),
			stdio: ['pipe', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
			windowsHide: true,
		});
		const stdout: Buffer[] = [];
		let printed = Buffer.alloc(0);
		let total = 0;
		let failure: ProcessFailure | undefined;
		let settled = false;
		const timers: NodeJS.Timeout[] = [];

		const finish = (exit?: { code: number | null; signal: string | null }) => {
			if (settled) return;
			settled = true;
			for (const timer of timers) clearTimeout(timer);
			child.stdout.destroy();
			child.stderr.destroy();
			const { results, fatal } = parseResults(Buffer.concat(stdout).toString('utf8'));
			if (!failure && fatal) failure = { kind: 'fatal', error: fatal };
			if (!failure && exit && results.size < options.calls.length)
				failure = { kind: 'exited', ...exit };
			resolve({ results, printed: printed.toString('utf8'), failure });
		};
		const stop = (reason: ProcessFailure) => {
			if (failure) return;
			failure = reason;
			const hard = () => {
				killTree(child.pid, 'SIGKILL');
				timers.push(setTimeout(() => finish(), ABANDON_AFTER_KILL_MS));
			};
			if (reason.kind === 'timeout') {
				killTree(child.pid, 'SIGTERM');
				timers.push(setTimeout(hard, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS));
			} else {
				hard();
			}
		};
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
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT' || error.code === 'EACCES') {
				failure = { kind: 'notFound', interpreter: options.interpreter, reason: error.code };
			}
			finish();
		});
		child.on('close', (code, signal) => finish({ code, signal }));
		child.stdin.on('error', () => undefined);
		timers.push(
			setTimeout(() => stop({ kind: 'timeout', timeoutMs: options.timeoutMs }), options.timeoutMs),
		);
		child.stdin.end(JSON.stringify({ calls: options.calls }));
	});
}
