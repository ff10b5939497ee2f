// Starts the pinned n8n for the bench with extra environment, timing /healthz and readiness at 10 ms resolution (wraps scripts/n8n).
import { spawn } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { join } from 'node:path';
import type { N8nInstallation } from '../scripts/n8n/install';
import { LOCAL_DIR, type Profile, type ProfilePaths } from '../scripts/n8n/paths';
import { freePort } from '../scripts/n8n/ports';
import { n8nEnvironment, type RunningN8n } from '../scripts/n8n/process';

export interface BenchN8n extends RunningN8n {
	/** Milliseconds from spawn to the first 200 from /healthz. */
	healthzMs: number;
	/** Milliseconds from spawn to /healthz/readiness and /rest/settings answering (database migrated, API usable). */
	readyMs: number;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;
const POLL_MS = 10;

/**
 * User folders of the bench, next to the demo's and e2e's. scripts/n8n's Profile only names those two;
 * the field is informational, so the bench names its own.
 */
export function benchPaths(
	name: 'bench-with-package' | 'bench-without-package' | 'bench-startup-with-package',
): ProfilePaths {
	const userFolder = join(LOCAL_DIR, name);
	const n8nFolder = join(userFolder, '.n8n');
	return {
		profile: name as unknown as Profile,
		userFolder,
		n8nFolder,
		nodesDir: join(n8nFolder, 'nodes'),
		logFile: join(userFolder, 'n8n.log'),
		provisionStateFile: join(userFolder, 'provision-state.json'),
		portsFile: join(userFolder, 'ports.json'),
		encryptionKey: `communication-actions-${name}-local-key`,
	};
}

/** Empties n8n's data (database, ledger, settings) but keeps the installed package in nodes/. */
export function wipeData(paths: ProfilePaths): void {
	if (existsSync(paths.n8nFolder)) {
		for (const entry of readdirSync(paths.n8nFolder)) {
			if (entry !== 'nodes') rmSync(join(paths.n8nFolder, entry), { recursive: true, force: true });
		}
	}
	rmSync(paths.provisionStateFile, { force: true });
}

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function ok(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false;
	}
}

function logTail(file: string): string {
	return existsSync(file)
		? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-30).join('\n')
		: '(no log)';
}

/** Starts `n8n start` in its own process group (n8n and its task runner stop together). */
export async function launchN8n(
	install: N8nInstallation,
	paths: ProfilePaths,
	extraEnv: NodeJS.ProcessEnv = {},
): Promise<BenchN8n> {
	const port = await freePort();
	const brokerPort = await freePort(undefined, [port]);
	const ports = { port, brokerPort };
	const env = { ...n8nEnvironment(install, paths, ports), ...extraEnv };
	// Node flags for investigating n8n itself during a bench (e.g. `--trace-gc`); unset in measured runs.
	const flags = (process.env.BENCH_N8N_NODE_FLAGS ?? '').split(' ').filter(Boolean);
	mkdirSync(paths.userFolder, { recursive: true });
	const logFd = openSync(paths.logFile, 'w');
	const started = performance.now();
	const child = spawn(install.nodeBinary, [...flags, install.n8nBin, 'start'], {
		cwd: paths.userFolder,
		env,
		stdio: ['ignore', logFd, logFd],
		detached: true,
	});
	closeSync(logFd);
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolvePromise) => {
		child.once('exit', (code) => {
			exitCode = code;
			resolvePromise(code);
		});
		child.once('error', () => resolvePromise(-1));
	});
	const pid = child.pid ?? 0;
	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> =>
		(stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			process.kill(-pid, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const graceful = await Promise.race([
				exited.then(() => true),
				new Promise<boolean>((r) => (timer = setTimeout(() => r(false), STOP_GRACE_MS))),
			]);
			clearTimeout(timer);
			if (!graceful) {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
				await exited;
			}
		})());

	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + READY_TIMEOUT_MS;
	const waitFor = async (check: () => Promise<boolean>, what: string): Promise<number> => {
		while (Date.now() < deadline) {
			if (exitCode !== undefined)
				throw new Error(
					`n8n exited (${exitCode}) before ${what}. Log ${paths.logFile}:\n${logTail(paths.logFile)}`,
				);
			if (await check()) return performance.now() - started;
			await delay(POLL_MS);
		}
		throw new Error(
			`n8n: no ${what} within ${READY_TIMEOUT_MS / 1000}s. Log ${paths.logFile}:\n${logTail(paths.logFile)}`,
		);
	};
	try {
		const healthzMs = await waitFor(() => ok(`${url}/healthz`), '/healthz');
		const readyMs = await waitFor(
			async () => (await ok(`${url}/healthz/readiness`)) && (await ok(`${url}/rest/settings`)),
			'readiness',
		);
		return { url, ports, pid, paths, install, env, exited, stop, healthzMs, readyMs };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticksPerSecond = 100;
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** VmRSS and VmHWM (peak) of a process in bytes, from /proc/<pid>/status. */
export function readRss(pid: number): { rss: number; hwm: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string): number =>
		Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
	return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Samples VmRSS every `everyMs` until stopped; returns the largest sample and the final VmHWM. */
export function sampleRss(
	pid: number,
	everyMs = 50,
): {
	stop(): { peakRss: number; hwm: number; samples: number; timeline: Array<[number, number]> };
} {
	let peakRss = 0;
	let samples = 0;
	const started = performance.now();
	const timeline: Array<[number, number]> = [];
	const timer = setInterval(() => {
		try {
			const { rss } = readRss(pid);
			peakRss = Math.max(peakRss, rss);
			timeline.push([Math.round(performance.now() - started), rss]);
			samples++;
		} catch {
			// The process ended.
		}
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			const last = readRss(pid);
			return { peakRss: Math.max(peakRss, last.rss), hwm: last.hwm, samples, timeline };
		},
	};
}
