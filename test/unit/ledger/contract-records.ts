// Ledger contract, part 3: profiles, manual tasks, call log, rate counters, delivery events, stats.
import type { CommunicationLedger, NewCallLogEntry } from '../../../nodes/shared/ledger';
import { newCommunication, type LedgerTestContext } from './contract-support';

const MINUTE = 60_000;

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

async function sendNamed(
	ledger: CommunicationLedger,
	key: string,
	name: string,
	messageId: string,
	status: 'sent' | 'failed',
) {
	const { record } = await ledger.claimSend(newCommunication(key, { name }), 'worker', 60_000);
	await ledger.completeSend(record.id, { status, providerMessageId: messageId });
}

export function describeRecordsContract(ctx: LedgerTestContext): void {
	describe('participant profiles', () => {
		it('starts empty and merges top-level keys on update', async () => {
			const ledger = await ctx.open();
			expect(await ledger.getProfile('p-1')).toEqual({
				participantId: 'p-1',
				attributes: {},
				updatedAt: null,
			});

			await ledger.updateProfile('p-1', {
				first_name: 'Ada',
				address: { city: 'Berlin', zip: '10115' },
			});
			const updated = await ledger.updateProfile('p-1', {
				address: { city: 'Hamburg' },
				vip: true,
				nickname: null,
			});
			expect(updated.attributes).toEqual({
				first_name: 'Ada',
				address: { city: 'Hamburg' },
				vip: true,
				nickname: null,
			});
			expect(updated.updatedAt).not.toBeNull();
			expect(await ledger.getProfile('p-1')).toEqual(updated);
			expect((await ledger.getProfile('p-2')).attributes).toEqual({});
		});

		it('keeps every key when two instances update different keys concurrently', async () => {
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			await a.updateProfile('p-1', { base: 'kept' });
			await Promise.all(
				Array.from({ length: 50 }, (_, i) => [
					a.updateProfile('p-1', { [`a${i}`]: i }),
					b.updateProfile('p-1', { [`b${i}`]: i }),
				]).flat(),
			);
			const { attributes } = await a.getProfile('p-1');
			expect(Object.keys(attributes)).toHaveLength(101);
			expect(attributes).toMatchObject({ base: 'kept', a0: 0, a49: 49, b0: 0, b49: 49 });
		});
	});

	describe('manual tasks', () => {
		it('creates, reads, lists and closes a task once', async () => {
			const ledger = await ctx.open();
			const task = await ledger.createTask({
				participantId: 'p-1',
				kind: 'call',
				assignee: 'agent@example.com',
				assignRule: 'round_robin',
				message: 'Call about the renewal',
				workflowId: 'wf-1',
				executionId: 'ex-1',
				resumeUrl: 'http://n8n.local/webhook-waiting/ex-1',
				data: { priority: 'high' },
			});
			expect(task).toMatchObject({
				participantId: 'p-1',
				kind: 'call',
				status: 'open',
				assignee: 'agent@example.com',
				assignRule: 'round_robin',
				message: 'Call about the renewal',
				outcome: null,
				completedAt: null,
				data: { priority: 'high' },
			});
			const sms = await ledger.createTask({
				participantId: 'p-1',
				kind: 'sms',
				assignRule: 'owner',
			});
			expect(sms).toMatchObject({ assignee: null, message: null, data: {}, resumeUrl: null });
			await ledger.createTask({ participantId: 'p-2', kind: 'sms', assignRule: 'owner' });

			expect(await ledger.getTask(task.id)).toEqual(task);
			expect(await ledger.getTask('no-such-task')).toBeNull();
			expect((await ledger.listTasks({ participantId: 'p-1' })).map((t) => t.id)).toEqual([
				task.id,
				sms.id,
			]);
			expect(await ledger.listTasks({})).toHaveLength(3);

			const closed = await ledger.closeTask(task.id, {
				status: 'completed',
				outcome: 'answered',
				completedBy: 'agent',
			});
			expect(closed).toMatchObject({
				status: 'completed',
				outcome: 'answered',
				completedBy: 'agent',
				message: 'Call about the renewal',
			});
			expect(closed?.completedAt).not.toBeNull();
			expect(await ledger.closeTask(task.id, { status: 'deleted' })).toBeNull();
			expect((await ledger.getTask(task.id))?.status).toBe('completed');
			expect(
				(await ledger.listTasks({ participantId: 'p-1', status: 'open' })).map((t) => t.id),
			).toEqual([sms.id]);

			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			const racing = await Promise.all([
				a.closeTask(sms.id, { status: 'completed', message: 'Sent: see you soon' }),
				b.closeTask(sms.id, { status: 'timed_out' }),
			]);
			expect(racing.filter((result) => result !== null)).toHaveLength(1);
		});

		it('keeps a caller-chosen task id', async () => {
			const ledger = await ctx.open();
			const id = `task-${Math.random().toString(36).slice(2)}`;
			const task = await ledger.createTask({
				id,
				participantId: 'p-9',
				kind: 'call',
				assignRule: 'unassigned',
			});
			expect(task.id).toBe(id);
			expect((await ledger.getTask(id))?.participantId).toBe('p-9');
		});
	});

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
			await sendNamed(ledger, 'w1', 'WELCOME', 'SM-1', 'sent');
			await sendNamed(ledger, 'w2', 'WELCOME', 'SM-2', 'sent');
			await sendNamed(ledger, 'w3', 'WELCOME', 'SM-3', 'failed');
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
	});
}
