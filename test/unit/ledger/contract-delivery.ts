// Ledger contract, return path: events recorded once, forward-only delivery statuses, events per
// communication, statistics of delivered/read/bounced/replied/opted_out, addresses and settings.
import { sendNow, type LedgerTestContext } from './contract-support';

const at = (second: number) => `2030-01-01T09:00:${String(second).padStart(2, '0')}Z`;

export function describeDeliveryContract(ctx: LedgerTestContext): void {
	describe('delivery statuses and events', () => {
		it('records a replayed event once and says so', async () => {
			const ledger = await ctx.open();
			const sent = await sendNow(ledger, 's1', 'sent', { providerMessageId: 'SM-1' });
			const event = { providerMessageId: 'SM-1', status: 'delivered', payload: {} };
			expect(await ledger.recordDeliveryEvent({ ...event, receivedAt: at(1) })).toEqual({
				recorded: true,
				communicationId: sent.id,
				deliveryStatus: 'delivered',
			});
			expect(await ledger.recordDeliveryEvent({ ...event, receivedAt: at(9) })).toEqual({
				recorded: false,
				communicationId: sent.id,
				deliveryStatus: 'delivered',
			});
			expect(await ledger.listDeliveryEvents('SM-1')).toHaveLength(1);
		});

		it('never moves a status backwards when reports arrive out of order', async () => {
			const ledger = await ctx.open();
			const report = (id: string, status: string, second: number) =>
				ledger.recordDeliveryEvent({
					providerMessageId: id,
					status,
					payload: {},
					receivedAt: at(second),
				});
			await report('SM-a', 'delivered', 2);
			expect((await report('SM-a', 'sent', 3)).deliveryStatus).toBe('delivered');
			await report('SM-b', 'read', 1);
			expect((await report('SM-b', 'delivered', 2)).deliveryStatus).toBe('read');
			await report('SM-c', 'delivered', 1);
			expect((await report('SM-c', 'failed', 2)).deliveryStatus).toBe('delivered');
			await report('SM-d', 'sent', 1);
			expect((await report('SM-d', 'undelivered', 2)).deliveryStatus).toBe('undelivered');
			expect((await report('SM-e', 'queued', 1)).deliveryStatus).toBeNull();
			expect(await ledger.deliveryStatus('SM-a')).toBe('delivered');
			expect(await ledger.deliveryStatus('SM-unknown')).toBeNull();
			// Every report stays in the log, in the provider's order.
			expect((await ledger.listDeliveryEvents('SM-a')).map((e) => e.status)).toEqual([
				'delivered',
				'sent',
			]);
		});

		it('counts delivered, read, bounced, replied and opted_out communications per name', async () => {
			const ledger = await ctx.open();
			const names = { name: 'WELCOME', channel: 'sms' };
			const one = await sendNow(ledger, 'w1', 'sent', { ...names, providerMessageId: 'SM-1' });
			await sendNow(ledger, 'w2', 'sent', { ...names, providerMessageId: 'SM-2' });
			await sendNow(ledger, 'w3', 'sent', { ...names, providerMessageId: 'SM-3' });
			const report = (id: string, status: string, extra = {}) =>
				ledger.recordDeliveryEvent({
					providerMessageId: id,
					status,
					payload: {},
					receivedAt: at(1),
					...extra,
				});
			await report('SM-1', 'delivered');
			await report('SM-2', 'read');
			await report('SM-3', 'bounced');
			await report('SM-in-1', 'replied', { communicationId: one.id, address: '+15550001' });
			await report('SM-in-2', 'opted_out', { communicationId: one.id, address: '+15550001' });

			expect(await ledger.statsByName('WELCOME')).toEqual([
				{
					name: 'WELCOME',
					counts: { sent: 3, delivered: 2, read: 1, bounced: 1, replied: 1, opted_out: 1 },
				},
			]);
			const events = await ledger.listCommunicationEvents(one.id);
			expect(events.map((e) => [e.status, e.communicationId, e.participantId])).toEqual([
				['delivered', one.id, 'participant-1'],
				['replied', one.id, 'participant-1'],
				['opted_out', one.id, 'participant-1'],
			]);
			expect(events[1]).toMatchObject({ providerMessageId: 'SM-in-1', address: '+15550001' });
		});

		it('counts a report that arrived before the send stored its message id', async () => {
			const ledger = await ctx.open();
			await ledger.recordDeliveryEvent({
				providerMessageId: 'SM-early',
				status: 'delivered',
				payload: {},
				receivedAt: at(1),
			});
			const sent = await sendNow(ledger, 'e1', 'sent', {
				name: 'EARLY',
				providerMessageId: 'SM-early',
			});
			expect(await ledger.statsByName('EARLY')).toEqual([
				{ name: 'EARLY', counts: { sent: 1, delivered: 1 } },
			]);
			expect((await ledger.listCommunicationEvents(sent.id)).map((e) => e.status)).toEqual([
				'delivered',
			]);
		});

		it('records each of many concurrent reports from several instances exactly once', async () => {
			const ledgers = [await ctx.open(), await ctx.open()];
			await sendNow(ledgers[0], 'burst', 'sent', { name: 'BURST', providerMessageId: 'SM-b' });
			const reports = Array.from({ length: 200 }, (_, i) => ({
				providerMessageId: `SM-b${i % 100}`,
				status: i % 2 ? 'delivered' : 'sent',
				payload: {},
				receivedAt: at(i % 60),
				dedupeKey: `k-${i % 100}`,
			}));
			const results = await Promise.all(
				reports.map((report, i) => ledgers[i % 2].recordDeliveryEvent(report)),
			);
			expect(results.filter((r) => r.recorded)).toHaveLength(100);
		});

		it('binds provider addresses to participants and keeps settings records', async () => {
			const ledger = await ctx.open();
			expect(await ledger.participantAt('sms', '+15550001')).toBeNull();
			await ledger.bindAddress('sms', '+15550001', 'p-1');
			await ledger.bindAddress('sms', '+15550001', 'p-2');
			await ledger.bindAddress('telegram', '42', 'p-3');
			expect(await ledger.participantAt('sms', '+15550001')).toBe('p-2');
			expect(await ledger.participantAt('telegram', '42')).toBe('p-3');

			expect(await ledger.getSetting('events')).toBeNull();
			await ledger.putSetting('events', { twilio: 'https://a.example/x' });
			await ledger.putSetting('events', { twilio: 'https://b.example/x', nested: { a: 1 } });
			expect(await ledger.getSetting('events')).toEqual({
				twilio: 'https://b.example/x',
				nested: { a: 1 },
			});
			await ledger.deleteSetting('events');
			expect(await ledger.getSetting('events')).toBeNull();
		});
	});
}
