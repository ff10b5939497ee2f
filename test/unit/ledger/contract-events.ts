// Ledger contract, events part: provider delivery events and the statistics per name.
import { newCommunication, sendNow, type LedgerTestContext } from './contract-support';

export function describeEventsContract(ctx: LedgerTestContext): void {
	describe('delivery events and statistics', () => {
		it('records and lists delivery events in order', async () => {
			const ledger = await ctx.open();
			await ledger.recordDeliveryEvent({
				providerMessageId: 'SM-1',
				status: 'delivered',
				payload: { MessageStatus: 'delivered' },
				receivedAt: '2030-01-01T09:00:05Z',
			});
			await ledger.recordDeliveryEvent({
				providerMessageId: 'SM-1',
				status: 'sent',
				payload: { MessageStatus: 'sent' },
				receivedAt: '2030-01-01T09:00:01Z',
			});
			expect(await ledger.listDeliveryEvents('SM-1')).toEqual([
				{
					providerMessageId: 'SM-1',
					status: 'sent',
					payload: { MessageStatus: 'sent' },
					receivedAt: '2030-01-01T09:00:01.000Z',
				},
				{
					providerMessageId: 'SM-1',
					status: 'delivered',
					payload: { MessageStatus: 'delivered' },
					receivedAt: '2030-01-01T09:00:05.000Z',
				},
			]);
			expect(await ledger.listDeliveryEvents('SM-unknown')).toEqual([]);
		});

		it('counts communications per name and status, plus delivered ones', async () => {
			const ledger = await ctx.open();
			await sendNow(ledger, 'w1', 'sent', { name: 'WELCOME', providerMessageId: 'SM-1' });
			await sendNow(ledger, 'w2', 'sent', { name: 'WELCOME', providerMessageId: 'SM-2' });
			await sendNow(ledger, 'w3', 'failed', { name: 'WELCOME', providerMessageId: 'SM-3' });
			await ledger.plan(newCommunication('w4', { name: 'WELCOME' }));
			await ledger.plan(newCommunication('r1', { name: 'REMINDER' }));
			await ledger.cancel('participant-1', 'REMINDER');
			const event = { status: 'delivered', payload: {}, receivedAt: '2030-01-01T09:00:00Z' };
			await ledger.recordDeliveryEvent({ ...event, providerMessageId: 'SM-1' });
			await ledger.recordDeliveryEvent({ ...event, providerMessageId: 'SM-1' });
			await ledger.recordDeliveryEvent({
				...event,
				providerMessageId: 'SM-2',
				status: 'undelivered',
			});
			await ledger.recordDeliveryEvent({ ...event, providerMessageId: 'SM-unrelated' });

			expect(await ledger.statsByName()).toEqual([
				{ name: 'REMINDER', counts: { canceled: 1 } },
				{ name: 'WELCOME', counts: { sent: 2, failed: 1, planned: 1, delivered: 1 } },
			]);
			expect(await ledger.statsByName('WELCOME')).toEqual([
				{ name: 'WELCOME', counts: { sent: 2, failed: 1, planned: 1, delivered: 1 } },
			]);
			expect(await ledger.statsByName('NOTHING')).toEqual([]);
		});

		it("counts communications without a Communication Name under their node's name, else '(no name)'", async () => {
			const ledger = await ctx.open();
			const review = { nodeName: 'Review Request', channel: 'sms' };
			await sendNow(ledger, 'r1', 'sent', { ...review, providerMessageId: 'SM-r1' });
			await sendNow(ledger, 'r2', 'failed', review);
			await sendNow(ledger, 'w1', 'sent', { name: 'WELCOME', nodeName: 'Email' });
			await ledger.plan(newCommunication('anonymous'));
			await ledger.plan(newCommunication('blank-node', { nodeName: '' }));
			await ledger.recordDeliveryEvent({
				providerMessageId: 'SM-r1',
				status: 'delivered',
				payload: {},
				receivedAt: '2030-01-01T09:00:00Z',
			});

			expect(await ledger.statsByName()).toEqual([
				{ name: '(no name)', counts: { planned: 2 } },
				{ name: 'Review Request', counts: { sent: 1, failed: 1, delivered: 1 } },
				{ name: 'WELCOME', counts: { sent: 1 } },
			]);
			expect(await ledger.statsByName('Review Request')).toEqual([
				{ name: 'Review Request', counts: { sent: 1, failed: 1, delivered: 1 } },
			]);
			expect(await ledger.statsByName('(no name)')).toEqual([
				{ name: '(no name)', counts: { planned: 2 } },
			]);
			expect(await ledger.statsByName('Email')).toEqual([]);
		});
	});
}
