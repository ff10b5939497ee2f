// Ledger contract, call log part: de-duplication by external call ID and listing by time.
import type { NewCallLogEntry } from '../../../nodes/shared/ledger';
import type { LedgerTestContext } from './contract-support';

function call(fields: Partial<NewCallLogEntry> = {}): NewCallLogEntry {
	return {
		participantId: 'p-1',
		externalCallId: 'CA-1',
		direction: 'inbound',
		from: '+4915112345678',
		to: '+4930123456',
		status: 'completed',
		durationSeconds: 42.5,
		recordingUrl: null,
		occurredAt: '2030-01-01T10:00:00+01:00',
		data: { provider: 'twilio' },
		...fields,
	};
}

export function describeCallLogContract(ctx: LedgerTestContext): void {
	describe('call log', () => {
		it('stores a call once per external call ID, also under concurrency', async () => {
			const ledger = await ctx.open();
			const first = await ledger.logCall(call());
			expect(first.inserted).toBe(true);
			expect(first.entry).toMatchObject({
				participantId: 'p-1',
				externalCallId: 'CA-1',
				direction: 'inbound',
				durationSeconds: 42.5,
				occurredAt: '2030-01-01T09:00:00.000Z',
				data: { provider: 'twilio' },
			});
			const repeat = await ledger.logCall(call({ status: 'busy', data: { repeat: true } }));
			expect(repeat).toEqual({ inserted: false, entry: first.entry });

			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			const racing = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					(i % 2 ? a : b).logCall(call({ externalCallId: 'CA-race' })),
				),
			);
			expect(racing.filter((result) => result.inserted)).toHaveLength(1);
			expect(new Set(racing.map((result) => result.entry.id)).size).toBe(1);
		});

		it('never de-duplicates calls without an external ID, and lists them by time', async () => {
			const ledger = await ctx.open();
			const late = await ledger.logCall(
				call({ externalCallId: null, occurredAt: '2030-01-02T00:00:00Z' }),
			);
			const early = await ledger.logCall(
				call({ externalCallId: null, occurredAt: '2030-01-01T00:00:00Z' }),
			);
			expect([late.inserted, early.inserted]).toEqual([true, true]);
			await ledger.logCall(call({ participantId: 'p-2', externalCallId: 'CA-2' }));
			expect((await ledger.listCalls('p-1')).map((entry) => entry.id)).toEqual([
				early.entry.id,
				late.entry.id,
			]);
			expect(await ledger.listCalls('p-3')).toEqual([]);
		});
	});
}
