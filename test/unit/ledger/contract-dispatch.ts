// Ledger contract, dispatch part: the dispatcher's claimDue and releaseDispatch, and cancel.
import type { CommunicationLedger, CommunicationRecord } from '../../../nodes/shared/ledger';
import {
	newCommunication,
	sendNow as sendSupport,
	type LedgerTestContext,
} from './contract-support';

const T0 = new Date('2030-01-01T09:00:00.000Z');
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs).toISOString();
const MINUTE = 60_000;
const RESUME = 'http://n8n.local/webhook-waiting/exec-1';

const keysOf = (rows: CommunicationRecord[]) => rows.map((row) => row.idempotencyKey);

const sendNow = (
	ledger: CommunicationLedger,
	key: string,
	status: 'sent' | 'failed',
	participantId = 'p-1',
) => sendSupport(ledger, key, status, { participantId, name: 'WELCOME' });

export function describeDispatchContract(ctx: LedgerTestContext): void {
	describe('dispatch', () => {
		it('claims due, expired and canceled communications, not future or finished ones', async () => {
			const ledger = await ctx.open();
			const plan = (key: string, fields: Parameters<typeof newCommunication>[1]) =>
				ledger.plan(newCommunication(key, { resumeUrl: RESUME, ...fields }));
			await plan('due', { scheduledFor: at(-MINUTE) });
			await plan('due-now', { scheduledFor: at(0) });
			await plan('future', { scheduledFor: at(60 * MINUTE) });
			await plan('expired', { scheduledFor: at(60 * MINUTE), expiresAt: at(-1000) });
			await plan('to-cancel', { scheduledFor: at(60 * MINUTE), participantId: 'p-cancel' });
			await ledger.plan(
				newCommunication('canceled-no-url', {
					scheduledFor: at(60 * MINUTE),
					participantId: 'p-cancel',
				}),
			);
			await ledger.cancel('p-cancel');
			await sendNow(ledger, 'sent', 'sent');
			const finished = await plan('finished', { scheduledFor: at(-MINUTE) });
			await ledger.finish(finished.id, 'skipped');

			const claimed = await ledger.claimDue(T0, 'dispatcher-1', 100);
			expect(keysOf(claimed).sort()).toEqual(['due', 'due-now', 'expired', 'to-cancel']);
			for (const row of claimed) {
				expect(row).toMatchObject({ dispatchedAt: T0.toISOString(), claimedBy: 'dispatcher-1' });
			}
			expect(claimed.find((row) => row.idempotencyKey === 'to-cancel')?.status).toBe('canceled');
			expect(claimed.find((row) => row.idempotencyKey === 'due')?.status).toBe('planned');

			expect(await ledger.claimDue(T0, 'dispatcher-2', 100)).toEqual([]);
			expect(
				keysOf(
					await ledger.claimDue(new Date(T0.getTime() + 2 * 60 * MINUTE), 'dispatcher-2', 100),
				),
			).toEqual(['future']);
		});

		it('returns a dispatched row again only when its state changes, it is released, or redispatch is due', async () => {
			const ledger = await ctx.open();
			const row = await ledger.plan(
				newCommunication('k-1', { scheduledFor: at(-MINUTE), resumeUrl: RESUME }),
			);
			expect(keysOf(await ledger.claimDue(T0, 'd', 10))).toEqual(['k-1']);
			expect(await ledger.claimDue(T0, 'd', 10)).toEqual([]);

			await ledger.releaseDispatch(row.id);
			expect(keysOf(await ledger.claimDue(T0, 'd', 10))).toEqual(['k-1']);

			expect(
				await ledger.claimDue(new Date(T0.getTime() + MINUTE), 'd', 10, {
					redispatchAfterMs: 5 * MINUTE,
				}),
			).toEqual([]);
			const later = new Date(T0.getTime() + 6 * MINUTE);
			const again = await ledger.claimDue(later, 'd', 10, { redispatchAfterMs: 5 * MINUTE });
			expect(again).toMatchObject([{ idempotencyKey: 'k-1', dispatchedAt: later.toISOString() }]);

			await ledger.cancel('participant-1');
			expect(await ledger.claimDue(later, 'd', 10)).toMatchObject([
				{ idempotencyKey: 'k-1', status: 'canceled' },
			]);
			expect(await ledger.claimDue(later, 'd', 10)).toEqual([]);
			// A canceled row is not redispatched on a timer: only releaseDispatch brings it back.
			expect(
				await ledger.claimDue(new Date(T0.getTime() + 60 * MINUTE), 'd', 10, {
					redispatchAfterMs: 0,
				}),
			).toEqual([]);
		});

		it('stores a given result on the rows it cancels, and keeps the stored one otherwise', async () => {
			const ledger = await ctx.open();
			await ledger.plan(newCommunication('r-1', { participantId: 'p-r', name: 'DRIP' }));
			await ledger.plan(newCommunication('r-2', { participantId: 'p-r', name: 'OTHER' }));
			const canceled = await ledger.cancel('p-r', 'DRIP', {
				status: 'canceled',
				reason: 'replied',
			});
			expect(canceled).toMatchObject([
				{ idempotencyKey: 'r-1', status: 'canceled', result: { reason: 'replied' } },
			]);
			expect(await ledger.cancel('p-r')).toMatchObject([
				{ idempotencyKey: 'r-2', status: 'canceled', result: null },
			]);
			expect((await ledger.getByKey('r-1'))?.result).toEqual({
				status: 'canceled',
				reason: 'replied',
			});
		});

		it('tells when the next planned, undispatched communication falls due after a moment', async () => {
			const ledger = await ctx.open();
			expect(await ledger.nextDueAfter(T0)).toBeNull();
			const plan = (key: string, fields: Parameters<typeof newCommunication>[1]) =>
				ledger.plan(newCommunication(key, { resumeUrl: RESUME, ...fields }));
			await plan('already-due', { scheduledFor: at(-MINUTE) });
			await plan('due-now', { scheduledFor: at(0) });
			await plan('later', { scheduledFor: at(30 * MINUTE) });
			await plan('soon', { scheduledFor: at(90_500) });
			const finished = await plan('finished-sooner', { scheduledFor: at(1000) });
			await ledger.finish(finished.id, 'skipped');
			await plan('canceled-sooner', { scheduledFor: at(2000), participantId: 'p-gone' });
			await ledger.cancel('p-gone');
			await plan('no-time', {});

			// Only what is strictly after the moment: what is due already is the round's to claim.
			expect((await ledger.nextDueAfter(T0))?.toISOString()).toBe(at(90_500));
			expect((await ledger.nextDueAfter(new Date(at(90_500))))?.toISOString()).toBe(
				at(30 * MINUTE),
			);
			expect(await ledger.nextDueAfter(new Date(at(30 * MINUTE)))).toBeNull();

			// A dispatched row has a wake-up already; it does not count.
			await plan('dispatched-sooner', { scheduledFor: at(1000), expiresAt: at(-1) });
			const claimed = await ledger.claimDue(T0, 'd', 100);
			expect(keysOf(claimed)).toContain('dispatched-sooner');
			expect((await ledger.nextDueAfter(T0))?.toISOString()).toBe(at(90_500));
		});

		it('respects the limit and hands out the earliest due first', async () => {
			const ledger = await ctx.open();
			for (const minutes of [3, 1, 5, 2, 4]) {
				await ledger.plan(
					newCommunication(`k-${minutes}`, {
						scheduledFor: at(-minutes * MINUTE),
						resumeUrl: RESUME,
					}),
				);
			}
			expect(keysOf(await ledger.claimDue(T0, 'd', 2))).toEqual(['k-5', 'k-4']);
			expect(keysOf(await ledger.claimDue(T0, 'd', 2))).toEqual(['k-3', 'k-2']);
			expect(keysOf(await ledger.claimDue(T0, 'd', 2))).toEqual(['k-1']);
		});

		it('never gives concurrent dispatchers the same row, and together they get them all', async () => {
			const seeder = await ctx.open();
			const total = 150;
			for (let i = 0; i < total; i++) {
				await seeder.plan(
					newCommunication(`k-${i}`, { scheduledFor: at(-(i % 17) * 1000), resumeUrl: RESUME }),
				);
			}
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			const drain = async (ledger: CommunicationLedger, worker: string) => {
				const got: CommunicationRecord[] = [];
				for (;;) {
					const batch = await ledger.claimDue(T0, worker, 7);
					if (batch.length === 0) return got;
					got.push(...batch);
				}
			};
			const results = await Promise.all([
				drain(a, 'a-1'),
				drain(a, 'a-2'),
				drain(a, 'a-3'),
				drain(b, 'b-1'),
				drain(b, 'b-2'),
				drain(b, 'b-3'),
			]);
			const ids = results.flat().map((row) => row.id);
			expect(ids).toHaveLength(total);
			expect(new Set(ids).size).toBe(total);
			expect(await seeder.claimDue(T0, 'late', 1000)).toEqual([]);
			const byWorker = new Map(results.flat().map((row) => [row.id, row.claimedBy]));
			const stored = await seeder.list({});
			expect(
				stored.every(
					(row) => row.dispatchedAt === T0.toISOString() && byWorker.get(row.id) === row.claimedBy,
				),
			).toBe(true);
		});
	});

	describe('cancel', () => {
		it('cancels planned and active communications of a participant and leaves finished ones alone', async () => {
			const ledger = await ctx.open();
			await ledger.plan(newCommunication('welcome', { participantId: 'p-1', name: 'WELCOME' }));
			await ledger.plan(newCommunication('reminder', { participantId: 'p-1', name: 'REMINDER' }));
			await ledger.claimSend(
				newCommunication('active', { participantId: 'p-1', name: 'REMINDER' }),
				'w',
				60_000,
			);
			await sendNow(ledger, 'sent', 'sent');
			await sendNow(ledger, 'failed', 'failed');
			await ledger.plan(
				newCommunication('other-participant', { participantId: 'p-2', name: 'WELCOME' }),
			);

			const canceled = await ledger.cancel('p-1');
			expect(keysOf(canceled)).toEqual(['welcome', 'reminder', 'active']);
			expect(canceled.every((row) => row.status === 'canceled')).toBe(true);
			const statusOf = async (key: string) => (await ledger.getByKey(key))?.status;
			expect(await statusOf('sent')).toBe('sent');
			expect(await statusOf('failed')).toBe('failed');
			expect(await statusOf('other-participant')).toBe('planned');
			expect(await ledger.cancel('p-1')).toEqual([]);
		});

		it('cancels only the named communications when a name is given', async () => {
			const ledger = await ctx.open();
			await ledger.plan(newCommunication('welcome', { participantId: 'p-1', name: 'WELCOME' }));
			await ledger.plan(newCommunication('reminder-1', { participantId: 'p-1', name: 'REMINDER' }));
			await ledger.plan(newCommunication('reminder-2', { participantId: 'p-1', name: 'REMINDER' }));
			await ledger.plan(
				newCommunication('reminder-other', { participantId: 'p-2', name: 'REMINDER' }),
			);

			expect(keysOf(await ledger.cancel('p-1', 'REMINDER'))).toEqual(['reminder-1', 'reminder-2']);
			expect(keysOf(await ledger.list({ statuses: ['planned'] }))).toEqual([
				'welcome',
				'reminder-other',
			]);
		});
	});
}
