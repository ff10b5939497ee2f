// Ledger contract, limits part: sliding-window rate counters, exact under concurrency.
import type { LedgerTestContext } from './contract-support';

const MINUTE = 60_000;

export function describeLimitsContract(ctx: LedgerTestContext): void {
	describe('rate counters', () => {
		it('allows 500 hits per 5 minutes, refuses the 501st, and allows again as the window slides', async () => {
			const ledger = await ctx.open();
			const t0 = new Date('2030-01-01T09:00:00.000Z').getTime();
			const hit = (key: string, offsetMs: number) =>
				ledger.hitRateLimit(key, 500, 5 * MINUTE, new Date(t0 + offsetMs));

			for (let i = 1; i <= 250; i++)
				expect(await hit('alerts', 0)).toEqual({ allowed: true, count: i });
			for (let i = 251; i <= 500; i++)
				expect(await hit('alerts', 2 * MINUTE)).toEqual({ allowed: true, count: i });
			expect(await hit('alerts', 2 * MINUTE)).toEqual({ allowed: false, count: 500 });
			expect(await hit('alerts', 5 * MINUTE - 1)).toEqual({ allowed: false, count: 500 });
			expect((await hit('other-key', 2 * MINUTE)).allowed).toBe(true);

			// The first 250 hits leave the window at t0 + 5 min; the later 250 are still in it.
			expect(await hit('alerts', 5 * MINUTE)).toEqual({ allowed: true, count: 251 });
			expect(await hit('alerts', 7 * MINUTE)).toEqual({ allowed: true, count: 2 });
		});

		it('never lets concurrent hits from several instances exceed the limit', async () => {
			const ledgers = await Promise.all([1, 2, 3].map(() => ctx.open()));
			const now = new Date('2030-01-01T09:00:00.000Z');
			const results = await Promise.all(
				Array.from({ length: 60 }, (_, i) => ledgers[i % 3].hitRateLimit('burst', 25, MINUTE, now)),
			);
			const allowed = results.filter((result) => result.allowed);
			expect(allowed).toHaveLength(25);
			expect(allowed.map((result) => result.count).sort((x, y) => x - y)).toEqual(
				Array.from({ length: 25 }, (_, i) => i + 1),
			);
		});
	});
}
