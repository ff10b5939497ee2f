// stopOnResponse on a real SQLite ledger: who a reply is from, what each scope cancels, and the
// manual tasks that asked for it.
import { stopOnResponse, stopScopeOf } from '../../nodes/shared/events/stop-on-response';
import type { JsonObject } from '../../nodes/shared/ledger/types';
import type { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { openLedger } from './pipeline-support';

let ledger: SqliteLedger;
let dispose: () => Promise<void>;
beforeEach(async () => ({ ledger, dispose } = await openLedger()));
afterEach(async () => await dispose());

const NOW = new Date('2030-01-01T10:00:00Z');

function payload(to: string, json: JsonObject, stop?: 'all' | 'name'): JsonObject {
	const schedule: JsonObject = { from: '09:00' };
	if (stop) schedule.stopOnResponse = stop;
	return {
		kind: 'planned',
		item: { json },
		recorded: { params: { schedule }, binaries: {} },
		settings: {},
		to: [to],
		warnings: [],
	};
}

async function plan(key: string, participantId: string, name: string, body: JsonObject) {
	return await ledger.plan({
		idempotencyKey: key,
		participantId,
		name,
		channel: 'sms',
		payload: body,
		resumeUrl: 'https://n8n.test/resume',
	});
}

const statuses = async (participantId: string) =>
	(await ledger.list({ participantId })).map((row) => `${row.name}:${row.status}`);

it('reads the scope a planned row was stored with', () => {
	expect(stopScopeOf(payload('+1', {}, 'all'))).toBe('all');
	expect(stopScopeOf(payload('+1', {}, 'name'))).toBe('name');
	expect(stopScopeOf(payload('+1', {}))).toBeNull();
	expect(stopScopeOf(null)).toBeNull();
});

it('scope "name" cancels that Communication Name only, with reason replied', async () => {
	await plan('a1', 'p-a', 'DRIP', payload('+12025550143', {}, 'name'));
	await plan('a2', 'p-a', 'DRIP', payload('+12025550143', {}));
	await plan('a3', 'p-a', 'BIRTHDAY', payload('+12025550143', {}));
	const canceled = await stopOnResponse(ledger, {
		channel: 'whatsapp',
		address: '12025550143',
		receivedAt: NOW,
	});
	expect(canceled.map((row) => row.idempotencyKey)).toEqual(['a1', 'a2']);
	expect(canceled[0].result).toMatchObject({
		status: 'canceled',
		reason: 'replied',
		repliedOn: 'whatsapp',
	});
	expect(await statuses('p-a')).toEqual(['DRIP:canceled', 'DRIP:canceled', 'BIRTHDAY:planned']);
});

it('scope "all" cancels every planned communication of the contact, matched by an item field on another channel', async () => {
	await plan(
		'b1',
		'p-b',
		'DRIP',
		payload('b@x.test', { email: 'b@x.test', phone: '+12025550144' }, 'all'),
	);
	await plan('b2', 'p-b', 'OTHER', payload('b@x.test', {}));
	await plan('c1', 'p-c', 'DRIP', payload('+12025550145', {}, 'all'));
	const canceled = await stopOnResponse(ledger, {
		channel: 'sms',
		address: '+1 202-555-0144',
		receivedAt: NOW,
	});
	expect(canceled.map((row) => row.idempotencyKey)).toEqual(['b1', 'b2']);
	expect(await statuses('p-c')).toEqual(['DRIP:planned']);
});

it('cancels nothing when no planned row of the contact asked for it', async () => {
	await plan('d1', 'p-d', 'DRIP', payload('d@x.test', {}));
	expect(
		await stopOnResponse(ledger, { channel: 'email', address: 'D@X.test', receivedAt: NOW }),
	).toEqual([]);
	expect(
		await stopOnResponse(ledger, {
			channel: 'telegram',
			address: '42',
			participantId: 'p-d',
			receivedAt: NOW,
		}),
	).toEqual([]);
	expect(await statuses('p-d')).toEqual(['DRIP:planned']);
});

it('matches a given participant id, and closes their manual tasks that stop on response', async () => {
	await plan('e1', 'p-e', 'DRIP', payload('777', {}, 'name'));
	const task = (stopOnResponse: boolean) =>
		ledger.createTask({
			participantId: 'p-e',
			kind: 'call',
			assignRule: 'owner',
			resumeUrl: 'https://n8n.test/task',
			data: { contact: { phone: '+12025550146' }, stopOnResponse },
		});
	const asked = await task(true);
	const kept = await task(false);
	const woken: string[] = [];
	const canceled = await stopOnResponse(
		ledger,
		{ channel: 'telegram', address: '999', participantId: 'p-e', receivedAt: NOW },
		{ wake: async (url) => void woken.push(url) },
	);
	expect(canceled.map((row) => row.idempotencyKey)).toEqual(['e1']);
	expect(await ledger.getTask(asked.id)).toMatchObject({ status: 'canceled', outcome: 'replied' });
	expect((await ledger.getTask(kept.id))?.status).toBe('open');
	expect(woken).toEqual(['https://n8n.test/task']);
});

it('finds the contact of a manual task by its phone', async () => {
	const created = await ledger.createTask({
		participantId: 'p-f',
		kind: 'sms',
		assignRule: 'owner',
		data: { contact: { phone: '+12025550147', email: null }, stopOnResponse: true },
	});
	await stopOnResponse(
		ledger,
		{ channel: 'voice', address: '+12025550147', receivedAt: NOW },
		{ wake: async () => undefined },
	);
	expect((await ledger.getTask(created.id))?.outcome).toBe('replied');
});

it('finds the participant the events workflow bound to the sender (Telegram /start)', async () => {
	await plan('g1', 'p-g', 'DRIP', payload('+12025550148', {}, 'all'));
	await ledger.bindAddress('telegram', '5550001', 'p-g');
	const canceled = await stopOnResponse(ledger, {
		channel: 'telegram',
		address: '5550001',
		receivedAt: NOW,
	});
	expect(canceled.map((row) => row.idempotencyKey)).toEqual(['g1']);
});
