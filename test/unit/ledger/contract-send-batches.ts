// Ledger contract, batched sends: claimSends and completeSends keep every guarantee of the
// one-key calls (each key claimed once, a crashed batch never re-sent early, sent stays sent).
import { newCommunication, sleep, type LedgerTestContext } from './contract-support';

export function describeSendBatchContract(ctx: LedgerTestContext): void {
	describe('batched sends', () => {
		it('claims a batch in input order with the outcome one-by-one claims would give', async () => {
			const ledger = await ctx.open();
			const sent = await ledger.claimSend(newCommunication('b-sent'), 'worker', 60_000);
			await ledger.completeSend(sent.record.id, { status: 'sent', result: { ok: true } });
			const failed = await ledger.claimSend(newCommunication('b-failed'), 'worker', 60_000);
			await ledger.completeSend(failed.record.id, { status: 'failed' });
			await ledger.claimSend(newCommunication('b-busy'), 'other', 60_000);

			const keys = ['b-new', 'b-sent', 'b-failed', 'b-busy', 'b-new'];
			const outcomes = await ledger.claimSends(
				keys.map((key) => newCommunication(key)),
				'worker-a',
				60_000,
			);
			expect(outcomes.map((o) => [o.record.idempotencyKey, o.state])).toEqual([
				['b-new', 'claimed'],
				['b-sent', 'done'],
				['b-failed', 'claimed'],
				['b-busy', 'busy'],
				// The same key twice in one batch: claimed once, then held by that claim.
				['b-new', 'busy'],
			]);
			expect(outcomes[0].record).toMatchObject({ status: 'active', claimedBy: 'worker-a' });
			expect(outcomes[2].record).toMatchObject({ attempts: 2, claimedBy: 'worker-a' });
			expect(await ledger.claimSends([], 'worker-a', 60_000)).toEqual([]);
		});

		it('grants each key to exactly one of several overlapping batches claimed at the same time', async () => {
			const ledgers = await Promise.all([1, 2, 3, 4].map(() => ctx.open()));
			const keys = Array.from({ length: 30 }, (_, i) => `race-${i}`);
			// Each batch holds the keys in its own order, so lock order cannot be relied on.
			const batches = ledgers.map((ledger, n) =>
				ledger.claimSends(
					[...keys.slice(n * 5), ...keys.slice(0, n * 5)].reverse().map((k) => newCommunication(k)),
					`worker-${n}`,
					60_000,
				),
			);
			const outcomes = (await Promise.all(batches)).flat();
			const claimed = outcomes.filter((o) => o.state === 'claimed');
			expect(claimed.map((o) => o.record.idempotencyKey).sort()).toEqual([...keys].sort());
			expect(outcomes.filter((o) => o.state === 'busy')).toHaveLength(keys.length * 3);
			expect(await ledgers[0].list({})).toHaveLength(keys.length);
		});

		it('keeps a batch claimed before a crash busy until its lease ends, then lets one worker recover each key once', async () => {
			const [a, b, c] = await Promise.all([ctx.open(), ctx.open(), ctx.open()]);
			const keys = ['crash-1', 'crash-2', 'crash-3'];
			const first = await a.claimSends(
				keys.map((k) => newCommunication(k)),
				'worker-a',
				60_000,
			);
			expect(first.map((o) => o.state)).toEqual(['claimed', 'claimed', 'claimed']);

			// worker-a "crashed" after the claim, before sending: nobody may send these while the lease lives.
			const early = await b.claimSends(
				keys.map((k) => newCommunication(k)),
				'worker-b',
				60_000,
			);
			expect(early.map((o) => o.state)).toEqual(['busy', 'busy', 'busy']);

			await sleep(30);
			const recovered = await b.claimSends(
				keys.map((k) => newCommunication(k)),
				'worker-b',
				10,
			);
			expect(recovered.map((o) => [o.state, o.record.claimedBy, o.record.attempts])).toEqual(
				keys.map(() => ['claimed', 'worker-b', 2]),
			);
			// The recovered keys are worker-b's now: neither worker-a nor a third worker sends them.
			const later = await Promise.all([
				a.claimSends(
					keys.map((k) => newCommunication(k)),
					'worker-a',
					60_000,
				),
				c.claimSends(
					[...keys].reverse().map((k) => newCommunication(k)),
					'worker-c',
					60_000,
				),
			]);
			expect(later.flat().map((o) => o.state)).toEqual(Array(6).fill('busy'));
		});

		it('completes a batch in one call: statuses, results and attempts as completeSend stores them', async () => {
			const ledger = await ctx.open();
			const claims = await ledger.claimSends(
				['c-1', 'c-2', 'c-3'].map((k) => newCommunication(k)),
				'worker-a',
				60_000,
			);
			const [one, two, three] = claims.map((o) => o.record.id);
			await ledger.completeSend(three, { status: 'sent', providerMessageId: 'm-3' });
			await ledger.completeSends([
				{ id: one, status: 'sent', providerMessageId: 'm-1', result: { n: 1 }, attempts: 2 },
				{ id: two, status: 'failed', result: { error: 'timeout' }, attempts: 3 },
				// A late failure from a stale lease must not make a sent row re-sendable.
				{ id: three, status: 'failed', attempts: 1 },
			]);
			expect(await ledger.get(one)).toMatchObject({
				status: 'sent',
				providerMessageId: 'm-1',
				result: { n: 1 },
				attempts: 2,
				claimedBy: null,
			});
			expect((await ledger.get(one))?.sentAt).not.toBeNull();
			expect(await ledger.get(two)).toMatchObject({
				status: 'failed',
				result: { error: 'timeout' },
				attempts: 3,
				claimedBy: null,
			});
			expect(await ledger.get(three)).toMatchObject({ status: 'sent', providerMessageId: 'm-3' });
			const again = await ledger.claimSends(
				['c-1', 'c-2', 'c-3'].map((k) => newCommunication(k)),
				'worker-b',
				60_000,
			);
			expect(again.map((o) => o.state)).toEqual(['done', 'claimed', 'done']);
			await ledger.completeSends([]);
		});

		it('stores none of a completed batch that names an unknown id', async () => {
			const ledger = await ctx.open();
			const [claim] = await ledger.claimSends([newCommunication('u-1')], 'worker-a', 60_000);
			await expect(
				ledger.completeSends([
					{ id: claim.record.id, status: 'sent' },
					{ id: 'no-such-id', status: 'sent' },
				]),
			).rejects.toThrow(/no communication with id no-such-id/);
			expect(await ledger.get(claim.record.id)).toMatchObject({ status: 'active' });
		});

		it('plans a batch in input order; a key stored before (or twice in the batch) is returned unchanged', async () => {
			const ledger = await ctx.open();
			const before = await ledger.plan(newCommunication('p-old', { payload: { v: 1 } }));
			const records = await ledger.planMany([
				newCommunication('p-1', { payload: { v: 2 }, scheduledFor: '2030-01-01T09:00:00.000Z' }),
				newCommunication('p-old', { payload: { v: 3 } }),
				newCommunication('p-2'),
				newCommunication('p-1', { payload: { v: 4 } }),
			]);
			expect(records.map((r) => r.idempotencyKey)).toEqual(['p-1', 'p-old', 'p-2', 'p-1']);
			expect(records[0]).toMatchObject({
				status: 'planned',
				payload: { v: 2 },
				scheduledFor: '2030-01-01T09:00:00.000Z',
				attempts: 0,
			});
			expect(records[1]).toEqual(before);
			expect(records[3]).toEqual(records[0]);
			expect(await ledger.list({})).toHaveLength(3);
			expect(await ledger.planMany([])).toEqual([]);
		});
	});
}
