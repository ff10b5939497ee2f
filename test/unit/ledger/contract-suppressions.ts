// Ledger contract, suppression part: the per-channel list of opted-out addresses the send path
// reads in one round trip per batch.
import type { LedgerTestContext } from './contract-support';

const AT = new Date('2030-01-01T09:00:00.000Z');

export function describeSuppressionsContract(ctx: LedgerTestContext): void {
	describe('suppression list', () => {
		it('suppresses an address per channel and returns the stored entry', async () => {
			const ledger = await ctx.open();
			const stored = await ledger.suppress({
				channel: 'sms',
				address: '+15550100001',
				reason: 'stop_keyword',
				source: 'twilio',
				at: AT,
			});
			expect(stored).toEqual({
				channel: 'sms',
				address: '+15550100001',
				reason: 'stop_keyword',
				source: 'twilio',
				at: AT,
				createdAt: expect.any(Date),
			});
			const found = await ledger.suppressedAmong('sms', ['+15550100001', '+15550100002']);
			expect([...found.keys()]).toEqual(['+15550100001']);
			expect(found.get('+15550100001')).toEqual(stored);
			expect((await ledger.suppressedAmong('whatsapp', ['+15550100001'])).size).toBe(0);
		});

		it('keeps the first entry when the address is suppressed again', async () => {
			const ledger = await ctx.open();
			const first = await ledger.suppress({
				channel: 'email',
				address: 'ann@example.com',
				reason: 'unsubscribe',
				source: 'one_click',
				at: AT,
			});
			const again = await ledger.suppress({
				channel: 'email',
				address: 'ann@example.com',
				reason: 'bounce',
				at: new Date('2030-02-01T00:00:00Z'),
			});
			expect(again).toEqual(first);
			const found = await ledger.suppressedAmong('email', ['ann@example.com']);
			expect(found.get('ann@example.com')).toMatchObject({ reason: 'unsubscribe', at: AT });
		});

		it('stores an entry without a source without inventing one', async () => {
			const ledger = await ctx.open();
			const stored = await ledger.suppress({
				channel: 'telegram',
				address: '123456789',
				reason: 'manual',
				at: AT,
			});
			expect(stored.source).toBeUndefined();
			expect('source' in stored).toBe(false);
		});

		it('unsuppresses: true when something was removed, false otherwise', async () => {
			const ledger = await ctx.open();
			await ledger.suppress({
				channel: 'sms',
				address: '+15550100003',
				reason: 'stop_keyword',
				at: AT,
			});
			expect(await ledger.unsuppress('sms', '+15550100003')).toBe(true);
			expect(await ledger.unsuppress('sms', '+15550100003')).toBe(false);
			expect((await ledger.suppressedAmong('sms', ['+15550100003'])).size).toBe(0);
			await ledger.suppress({ channel: 'sms', address: '+15550100003', reason: 'manual', at: AT });
			expect(
				(await ledger.suppressedAmong('sms', ['+15550100003'])).get('+15550100003')?.reason,
			).toBe('manual');
		});

		it('answers for many addresses at once, duplicates and empty lists included', async () => {
			const ledger = await ctx.open();
			expect((await ledger.suppressedAmong('sms', [])).size).toBe(0);
			const addresses = Array.from(
				{ length: 500 },
				(_, i) => `+1555010${String(i).padStart(4, '0')}`,
			);
			for (const address of addresses.filter((_, i) => i % 100 === 7)) {
				await ledger.suppress({ channel: 'sms', address, reason: 'stop_keyword', at: AT });
			}
			const found = await ledger.suppressedAmong('sms', [...addresses, addresses[7], addresses[7]]);
			expect([...found.keys()].sort()).toEqual(addresses.filter((_, i) => i % 100 === 7));
		});

		it('refuses an unknown channel or an empty address', async () => {
			const ledger = await ctx.open();
			await expect(
				ledger.suppress({ channel: 'sms', address: '  ', reason: 'manual', at: AT }),
			).rejects.toThrow(/needs an address/);
			await expect(
				ledger.suppress({
					// @ts-expect-error an unknown channel coming from untyped input
					channel: 'fax',
					address: '+15550100001',
					reason: 'manual',
					at: AT,
				}),
			).rejects.toThrow(/unknown suppression channel 'fax'/);
		});

		it('is seen by another instance on the same storage', async () => {
			const writer = await ctx.open();
			const reader = await ctx.open();
			await writer.suppress({
				channel: 'whatsapp',
				address: '+15550100009',
				reason: 'stop_keyword',
				at: AT,
			});
			expect((await reader.suppressedAmong('whatsapp', ['+15550100009'])).has('+15550100009')).toBe(
				true,
			);
		});
	});
}
