// Paces a batch of sends: bounded concurrency, a start rate limit and retry backoff with jitter.

export const defaultSleep = async (ms: number) => await new Promise<void>((r) => setTimeout(r, ms));

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(
	attempt: number,
	base: number,
	max: number,
	random: () => number,
): number {
	const exp = Math.min(max, base * 2 ** (attempt - 1));
	return Math.round(exp / 2 + (exp / 2) * random());
}

/** Spaces send starts so no more than `perSecond` begin in any second. */
export class StartGate {
	private next = 0;

	constructor(
		private readonly intervalMs: number,
		private readonly now: () => number,
		private readonly sleep: (ms: number) => Promise<void>,
	) {}

	async pass(): Promise<void> {
		if (this.intervalMs <= 0) return;
		const now = this.now();
		const slot = Math.max(now, this.next);
		this.next = slot + this.intervalMs;
		if (slot > now) await this.sleep(slot - now);
	}
}

/** Runs `run` over `values` with at most `limit` at a time; results in input order. */
export async function mapBounded<T, R>(
	values: T[],
	limit: number,
	run: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(values.length);
	let cursor = 0;
	const worker = async () => {
		while (cursor < values.length) {
			const index = cursor++;
			results[index] = await run(values[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, values.length)) }, worker));
	return results;
}
