// The Communication Dispatcher's timing: a round at start and every poll interval, plus one at the
// moment the next planned communication falls due when that comes before the next poll, so a
// window that opens between two polls does not wait for the next one. Rounds never overlap: a
// round asked for while one runs follows right after it.

export interface DispatcherLoopOptions {
	pollMs: number;
	/** One dispatcher round. */
	round: () => Promise<void>;
	/** When the next planned communication falls due, strictly after `now`; null when none. */
	nextDueAfter: (now: Date) => Promise<Date | null>;
	/** A round or the look-up of the next due time failed; the loop goes on. */
	onError: (error: unknown) => void;
}

export interface DispatcherLoop {
	/** No round starts after this (one already running finishes). */
	stop(): void;
}

// A wake-up lands this much after the due time, so the round's "due at or before now" includes it.
const WAKE_MARGIN_MS = 2;

export function startDispatcherLoop(options: DispatcherLoopOptions): DispatcherLoop {
	const { pollMs } = options;
	let stopped = false;
	let running = false;
	let again = false;
	let wake: NodeJS.Timeout | undefined;

	/** `since`: when the last round started; what fell due while it ran is due now. */
	const planWake = async (since: Date): Promise<void> => {
		const next = await options.nextDueAfter(since);
		clearTimeout(wake);
		wake = undefined;
		if (stopped || next === null) return;
		const inMs = next.getTime() - Date.now();
		// The interval reaches anything at least one poll away.
		if (inMs >= pollMs) return;
		wake = setTimeout(() => void run(), Math.max(0, inMs) + WAKE_MARGIN_MS);
	};

	const run = async (): Promise<void> => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		let since = new Date();
		try {
			do {
				again = false;
				since = new Date();
				try {
					await options.round();
				} catch (error) {
					options.onError(error);
				}
			} while (again && !stopped);
			await planWake(since);
		} catch (error) {
			options.onError(error);
		} finally {
			running = false;
		}
	};

	const timer = setInterval(() => void run(), Math.max(1, pollMs));
	void run();
	return {
		stop() {
			stopped = true;
			clearInterval(timer);
			clearTimeout(wake);
		},
	};
}
