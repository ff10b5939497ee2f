// Ledger contract, sends part: idempotent sends (claim, lease, complete), planned rows, queries
// and finishing a communication.
import type { CommunicationStatus } from '../../../nodes/shared/ledger';
import { newCommunication, sendNow, sleep, type LedgerTestContext } from './contract-support';

export function describeSendContract(ctx: LedgerTestContext): void {
	describe('idempotent sends', () => {
		it('claims a new key, and once it is sent never claims it again', async () => {
			const ledger = await ctx.open();
			const first = await ledger.claimSend(
				newCommunication('k-1', { payload: { subject: 'Hi' } }),
				'worker-a',
				60_000,
			);
			expect(first.state).toBe('claimed');
			expect(first.record).toMatchObject({
				idempotencyKey: 'k-1',
				status: 'active',
				claimedBy: 'worker-a',
				attempts: 1,
				payload: { subject: 'Hi' },
				sentAt: null,
			});
			expect(first.record.claimedAt).not.toBeNull();

			const sent = await ledger.completeSend(first.record.id, {
				status: 'sent',
				providerMessageId: 'msg-1',
				result: { success: true },
				attempts: 1,
			});
			expect(sent).toMatchObject({
				id: first.record.id,
				status: 'sent',
				providerMessageId: 'msg-1',
				result: { success: true },
				claimedBy: null,
				claimedAt: null,
				attempts: 1,
			});
			expect(sent.sentAt).not.toBeNull();

			for (const worker of ['worker-a', 'worker-b']) {
				const again = await ledger.claimSend(newCommunication('k-1'), worker, 0);
				expect(again.state).toBe('done');
				expect(again.record).toMatchObject({ id: first.record.id, status: 'sent', attempts: 1 });
			}
		});

		it('grants exactly one of 20 concurrent claims of one key from separate instances', async () => {
			const ledgers = await Promise.all([1, 2, 3, 4].map(() => ctx.open()));
			const claimAll = () =>
				Promise.all(
					Array.from({ length: 20 }, (_, i) =>
						ledgers[i % ledgers.length].claimSend(
							newCommunication('k-race'),
							`worker-${i}`,
							60_000,
						),
					),
				);
			const outcomes = await claimAll();
			const claimed = outcomes.filter((outcome) => outcome.state === 'claimed');
			expect(claimed).toHaveLength(1);
			expect(outcomes.filter((outcome) => outcome.state === 'busy')).toHaveLength(19);
			expect(new Set(outcomes.map((outcome) => outcome.record.id)).size).toBe(1);

			await ledgers[0].completeSend(claimed[0].record.id, { status: 'sent' });
			expect((await claimAll()).map((outcome) => outcome.state)).toEqual(Array(20).fill('done'));
			expect(await ledgers[3].list({})).toHaveLength(1);
			expect((await ledgers[3].getByKey('k-race'))?.attempts).toBe(1);
		});

		it('keeps a crashed send busy while its lease lives, then lets another worker recover it', async () => {
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			const first = await a.claimSend(newCommunication('k-crash'), 'worker-a', 60_000);
			expect(first.state).toBe('claimed');

			// worker-a "crashed" between claim and send: the row is neither lost nor re-sent early.
			const busy = await b.claimSend(newCommunication('k-crash'), 'worker-b', 60_000);
			expect(busy).toMatchObject({
				state: 'busy',
				record: { status: 'active', claimedBy: 'worker-a' },
			});

			await sleep(30);
			const recovered = await b.claimSend(newCommunication('k-crash'), 'worker-b', 10);
			expect(recovered).toMatchObject({
				state: 'claimed',
				record: { id: first.record.id, status: 'active', claimedBy: 'worker-b', attempts: 2 },
			});
			expect((await a.claimSend(newCommunication('k-crash'), 'worker-a', 60_000)).state).toBe(
				'busy',
			);
		});

		it('re-claims a failed send and counts its attempts', async () => {
			const ledger = await ctx.open();
			const first = await ledger.claimSend(newCommunication('k-fail'), 'worker-a', 60_000);
			const failed = await ledger.completeSend(first.record.id, {
				status: 'failed',
				result: { error: 'timeout' },
			});
			expect(failed).toMatchObject({
				status: 'failed',
				result: { error: 'timeout' },
				claimedBy: null,
				attempts: 1,
			});

			const second = await ledger.claimSend(newCommunication('k-fail'), 'worker-b', 60_000);
			expect(second).toMatchObject({
				state: 'claimed',
				record: { attempts: 2, claimedBy: 'worker-b' },
			});
			// Three provider tries under this lease replace the one its claim counted: 1 + 3.
			const retried = await ledger.completeSend(second.record.id, {
				status: 'failed',
				attempts: 3,
			});
			expect(retried).toMatchObject({ attempts: 4, result: { error: 'timeout' } });

			const third = await ledger.claimSend(newCommunication('k-fail'), 'worker-a', 60_000);
			expect(third).toMatchObject({ state: 'claimed', record: { attempts: 5 } });
			await ledger.completeSend(third.record.id, { status: 'sent', result: null });
			expect(await ledger.claimSend(newCommunication('k-fail'), 'worker-a', 60_000)).toMatchObject({
				state: 'done',
				record: { status: 'sent', attempts: 5, result: null },
			});
		});

		it.each<CommunicationStatus>(['queued', 'skipped', 'canceled', 'expired'])(
			'answers done for a %s send',
			async (status) => {
				const ledger = await ctx.open();
				const { record } = await ledger.claimSend(
					newCommunication(`k-${status}`),
					'worker-a',
					60_000,
				);
				await ledger.completeSend(record.id, { status });
				expect(
					await ledger.claimSend(newCommunication(`k-${status}`), 'worker-b', 0),
				).toMatchObject({
					state: 'done',
					record: { status },
				});
			},
		);

		it('claims a planned communication for sending and keeps its stored payload', async () => {
			const ledger = await ctx.open();
			const planned = await ledger.plan(
				newCommunication('k-planned', { payload: { body: 'stored' } }),
			);
			const outcome = await ledger.claimSend(
				newCommunication('k-planned', { payload: { body: 'ignored' } }),
				'worker-a',
				60_000,
			);
			expect(outcome).toMatchObject({
				state: 'claimed',
				record: { id: planned.id, status: 'active', attempts: 1, payload: { body: 'stored' } },
			});
		});

		it('never turns a sent communication back into a re-sendable one', async () => {
			const ledger = await ctx.open();
			const { record } = await ledger.claimSend(newCommunication('k-sent'), 'worker-a', 60_000);
			await ledger.completeSend(record.id, { status: 'sent', providerMessageId: 'msg-9' });
			// A stale worker whose lease had expired reports a failure afterwards.
			const late = await ledger.completeSend(record.id, {
				status: 'failed',
				providerMessageId: null,
			});
			expect(late).toMatchObject({ status: 'sent', providerMessageId: 'msg-9' });
			expect((await ledger.claimSend(newCommunication('k-sent'), 'worker-b', 0)).state).toBe(
				'done',
			);
		});

		it('rejects completing an unknown communication', async () => {
			const ledger = await ctx.open();
			await expect(ledger.completeSend('no-such-id', { status: 'sent' })).rejects.toThrow(
				/no communication/,
			);
		});
	});

	describe('planned communications and queries', () => {
		it('plans with normalised instants and returns an existing key unchanged', async () => {
			const ledger = await ctx.open();
			const planned = await ledger.plan(
				newCommunication('k-plan', {
					name: 'WELCOME',
					channel: 'sms',
					scheduledFor: '2030-01-02T10:00:00+02:00',
					expiresAt: '2030-01-02T12:30:00+02:00',
					resumeUrl: 'http://n8n.local/webhook-waiting/1',
					workflowId: 'wf-1',
					executionId: 'ex-1',
					nodeName: 'Send SMS',
					itemIndex: 3,
					payload: {
						body: 'Hello {{ name }}',
						to: ['+4915112345678'],
						nested: { ok: true, n: 1.5 },
					},
				}),
			);
			expect(planned).toMatchObject({
				idempotencyKey: 'k-plan',
				participantId: 'participant-1',
				name: 'WELCOME',
				channel: 'sms',
				status: 'planned',
				scheduledFor: '2030-01-02T08:00:00.000Z',
				expiresAt: '2030-01-02T10:30:00.000Z',
				resumeUrl: 'http://n8n.local/webhook-waiting/1',
				workflowId: 'wf-1',
				executionId: 'ex-1',
				nodeName: 'Send SMS',
				itemIndex: 3,
				payload: { body: 'Hello {{ name }}', to: ['+4915112345678'], nested: { ok: true, n: 1.5 } },
				result: null,
				attempts: 0,
				claimedBy: null,
				dispatchedAt: null,
				providerMessageId: null,
			});
			expect(planned.id).toEqual(expect.any(String));
			expect(Date.parse(planned.createdAt)).not.toBeNaN();

			const again = await ledger.plan(
				newCommunication('k-plan', { name: 'OTHER', payload: { other: true } }),
			);
			expect(again).toEqual(planned);
			expect(await ledger.get(planned.id)).toEqual(planned);
			expect(await ledger.getByKey('k-plan')).toEqual(planned);
			expect(await ledger.get('no-such-id')).toBeNull();
			expect(await ledger.getByKey('no-such-key')).toBeNull();
		});

		it('rejects an invalid instant and an empty key', async () => {
			const ledger = await ctx.open();
			await expect(
				ledger.plan(newCommunication('k-bad', { scheduledFor: 'next tuesday' })),
			).rejects.toThrow(/scheduledFor/);
			await expect(ledger.plan(newCommunication(''))).rejects.toThrow(/idempotency key/);
			expect(await ledger.list({})).toEqual([]);
		});

		it('lists with combined filters in creation order', async () => {
			const ledger = await ctx.open();
			const rows = [
				{
					key: 'a1',
					participantId: 'p-a',
					name: 'WELCOME',
					executionId: 'ex-1',
					due: '2030-01-01T08:00:00Z',
				},
				{
					key: 'a2',
					participantId: 'p-a',
					name: 'REMINDER',
					executionId: 'ex-1',
					due: '2030-01-03T08:00:00Z',
				},
				{
					key: 'b1',
					participantId: 'p-b',
					name: 'WELCOME',
					executionId: 'ex-2',
					due: '2030-01-02T08:00:00Z',
				},
				{ key: 'b2', participantId: 'p-b', name: 'WELCOME', executionId: 'ex-2', due: null },
			];
			for (const row of rows) {
				await ledger.plan(
					newCommunication(row.key, {
						participantId: row.participantId,
						name: row.name,
						workflowId: 'wf-1',
						executionId: row.executionId,
						nodeName: row.key.startsWith('a') ? 'Email' : 'SMS',
						scheduledFor: row.due,
					}),
				);
			}
			const { record } = await ledger.claimSend(newCommunication('a2'), 'worker', 60_000);
			await ledger.completeSend(record.id, { status: 'sent' });

			const keys = async (query: Parameters<typeof ledger.list>[0]) =>
				(await ledger.list(query)).map((row) => row.idempotencyKey);
			expect(await keys({})).toEqual(['a1', 'a2', 'b1', 'b2']);
			expect(await keys({ participantId: 'p-a' })).toEqual(['a1', 'a2']);
			expect(await keys({ participantId: 'p-b', name: 'WELCOME' })).toEqual(['b1', 'b2']);
			expect(await keys({ name: 'WELCOME' })).toEqual(['a1', 'b1', 'b2']);
			expect(await keys({ statuses: ['planned'] })).toEqual(['a1', 'b1', 'b2']);
			expect(await keys({ statuses: ['sent', 'failed'] })).toEqual(['a2']);
			expect(await keys({ statuses: [] })).toEqual([]);
			expect(await keys({ executionId: 'ex-2' })).toEqual(['b1', 'b2']);
			expect(await keys({ workflowId: 'wf-1', nodeName: 'Email' })).toEqual(['a1', 'a2']);
			expect(await keys({ dueBefore: '2030-01-02T08:00:00.000Z', statuses: ['planned'] })).toEqual([
				'a1',
				'b1',
			]);
			expect(await keys({ limit: 2 })).toEqual(['a1', 'a2']);
			expect(await keys({ participantId: 'nobody' })).toEqual([]);
		});
	});

	describe('finish', () => {
		it('finishes a communication once and never overwrites a final state', async () => {
			const ledger = await ctx.open();
			const planned = await ledger.plan(
				newCommunication('k-expire', { scheduledFor: '2030-01-01T09:00:00.000Z' }),
			);
			const expired = await ledger.finish(planned.id, 'expired', { reason: 'window closed' });
			expect(expired).toMatchObject({
				id: planned.id,
				status: 'expired',
				result: { reason: 'window closed' },
			});
			expect(await ledger.finish(planned.id, 'sent', { late: true })).toBeNull();
			expect(await ledger.get(planned.id)).toMatchObject({
				status: 'expired',
				result: { reason: 'window closed' },
			});

			const sent = await sendNow(ledger, 'k-sent', 'sent');
			expect(await ledger.finish(sent.id, 'canceled')).toBeNull();
			expect((await ledger.get(sent.id))?.status).toBe('sent');
			expect(await ledger.finish('no-such-id', 'expired')).toBeNull();

			const { record: active } = await ledger.claimSend(newCommunication('k-active'), 'w', 60_000);
			expect(await ledger.finish(active.id, 'skipped')).toMatchObject({
				status: 'skipped',
				claimedBy: null,
				result: null,
			});

			const other = await ledger.plan(newCommunication('k-other'));
			await expect(ledger.finish(other.id, 'planned')).rejects.toThrow(/not a final status/);
			expect((await ledger.get(other.id))?.status).toBe('planned');
		});
	});
}
