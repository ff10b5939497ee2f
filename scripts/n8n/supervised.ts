// Starts a long-running command (n8n) behind lifeline.js, so neither it nor what it starts outlives this process, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LIFELINE = join(__dirname, 'lifeline.js');

export interface SupervisedOptions {
	/** The Node binary that runs lifeline.js. */
	nodeBinary: string;
	command: string;
	args: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** File descriptor for the command's stdout and stderr. */
	outputFd: number | 'ignore' | 'inherit';
	/** How long the command may take to end after SIGTERM before its process group is killed. */
	graceMs: number;
}

export interface Supervised {
	/** The lifeline process; SIGTERM, SIGINT or SIGHUP to it ends the command's whole process group. */
	lifelinePid: number;
	/** The command's own pid (its process group id), once it has started. */
	pid: Promise<number>;
	/** Resolves with the exit code (null after a signal) when the lifeline ends. */
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

/** Every process below `pid` (children, grandchildren...). Linux /proc; elsewhere none. */
export function descendantPids(pid: number): number[] {
	let parents: Map<number, number[]>;
	try {
		parents = new Map();
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
				const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
			} catch {
				// Ended while we looked.
			}
		}
	} catch {
		return [];
	}
	const found: number[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		for (const child of parents.get(queue.shift() ?? 0) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

function stopper(
	child: ChildProcess,
	exited: Promise<number | null>,
	graceMs: number,
): () => Promise<void> {
	let stopping: Promise<void> | undefined;
	return () => {
		stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const pid = child.pid ?? 0;
			const tree = descendantPids(pid);
			child.kill('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			// The lifeline kills the group itself after graceMs; this is the backstop if it cannot.
			const graceful = await Promise.race([
				exited.then(() => true),
				new Promise<boolean>((resolvePromise) => {
					timer = setTimeout(() => resolvePromise(false), graceMs + 5_000);
				}),
			]);
			// A pending timer would keep the caller's process (jest, the demo) alive after the stop.
			clearTimeout(timer);
			if (graceful) return;
			for (const treePid of [pid, ...tree]) {
				try {
					process.kill(treePid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
			await exited;
		})();
		return stopping;
	};
}

export function startSupervised(options: SupervisedOptions): Supervised {
	const child = spawn(
		options.nodeBinary,
		[LIFELINE, String(options.graceMs), options.command, ...options.args],
		{
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', options.outputFd, options.outputFd, 'ipc'],
		},
	);
	const exited = new Promise<number | null>((resolvePromise) => {
		child.once('exit', (code) => resolvePromise(code));
		child.once('error', () => resolvePromise(-1));
	});
	const pid = new Promise<number>((resolvePromise, reject) => {
		child.once('message', (message: unknown) => {
			const reported =
				typeof message === 'object' && message !== null && 'pid' in message
					? Number(message.pid)
					: NaN;
			if (Number.isInteger(reported)) resolvePromise(reported);
			else reject(new Error(`lifeline sent ${JSON.stringify(message)}, expected { pid }`));
		});
		void exited.then((code) => reject(new Error(`${options.command} ended (${code}) at start`)));
	});
	// Callers that only need `exited` must not see an unhandled rejection.
	pid.catch(() => undefined);
	return {
		lifelinePid: child.pid ?? 0,
		pid,
		exited,
		stop: stopper(child, exited, options.graceMs),
	};
}
