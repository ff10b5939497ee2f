// Progress lines for the long first-time n8n install: phase, elapsed time, what is left; one line every few seconds at most.

export interface ProgressStep {
	/** What runs now, e.g. "npm install n8n 2.41.1". */
	phase: string;
	/** Step number and count, e.g. [1, 3]. */
	step: [number, number];
	/** Measured progress of this step, when there is one (e.g. "812 of ~1519 packages unpacked"). */
	detail?: () => string | undefined;
	/** What remains after this step. */
	next: string;
}

export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	const minutes = Math.floor(seconds / 60);
	return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

export function progressLine(step: ProgressStep, elapsedMs: number): string {
	const detail = step.detail?.();
	return [
		`  [${step.step[0]}/${step.step[1]}] ${step.phase}: ${formatDuration(elapsedMs)} elapsed`,
		detail ? `, ${detail}` : '',
		`; then ${step.next}`,
	].join('');
}

/**
 * Logs a progress line every `everyMs` while `run` is in flight (none for steps that end sooner);
 * `now` and the timer functions are injectable for tests.
 */
export async function withProgress<T>(
	log: (line: string) => void,
	step: ProgressStep,
	run: () => Promise<T>,
	options: { everyMs?: number; now?: () => number } = {},
): Promise<T> {
	const now = options.now ?? Date.now;
	const started = now();
	const timer = setInterval(
		() => log(progressLine(step, now() - started)),
		options.everyMs ?? 10_000,
	);
	timer.unref();
	try {
		return await run();
	} finally {
		clearInterval(timer);
	}
}
