// Turns every usual way of telling a long-running script to stop into one call: SIGINT, SIGTERM, SIGHUP, or its parent process ending (even by SIGKILL).

export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'parent process ended';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `stop` once. A second signal while stopping exits at once: the lifelines of supervised
 * children (supervised.ts) then end them, since their IPC channel to this process closes.
 *
 * The parent check polls our parent pid: when the parent dies we are re-parented (to init or a
 * subreaper), which is how a process manager, an IDE or `npm run` killed by SIGKILL shows up.
 */
export function onStopRequest(
	stop: (reason: StopReason) => void,
	options: { pollMs?: number } = {},
): void {
	const parent = process.ppid;
	let requested = false;
	const request = (reason: StopReason): void => {
		if (requested) {
			if (reason !== 'parent process ended') process.exit(130);
			return;
		}
		requested = true;
		stop(reason);
	};
	for (const signal of SIGNALS) process.on(signal, () => request(signal));
	const timer = setInterval(() => {
		if (process.ppid !== parent) request('parent process ended');
	}, options.pollMs ?? 1000);
	timer.unref();
	// With the parent gone, writing to its pipe fails; that must not crash the orderly stop.
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}
