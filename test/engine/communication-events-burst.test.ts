// 1,000 provider callbacks arriving at once (each also replayed, in shuffled order) through the
// Communication Events trigger: every callback is recorded and emitted exactly once, on the
// embedded SQLite ledger and on PostgreSQL.
import type { ICredentialDataDecryptedObject, INodeCredentials } from 'n8n-workflow';

import { getLedger, type CommunicationLedger, type LedgerConfig } from '../../nodes/shared/ledger';
import { EngineHarness } from '../support/engine/harness';
import { PKG } from '../support/engine/workflow';
import {
	EVENTS_NODE,
	eventsCredentials,
	eventsNodeType,
	eventsWorkflow,
	EventsClient,
} from '../support/events-engine';
import { postgresLedgerCredential, startPostgres, type TestPostgres } from '../support/postgres';

const AUTH_TOKEN = 'burst-auth-token-0123456789abcdef';
const MESSAGES = 500;

/** A deterministic shuffle (no randomness in what the test checks). */
function shuffled<T>(values: T[]): T[] {
	const out = [...values];
	let seed = 7;
	for (let i = out.length - 1; i > 0; i--) {
		seed = (seed * 48271) % 2147483647;
		const j = seed % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

async function burst(
	ledger: CommunicationLedger,
	ledgerCredential?: ICredentialDataDecryptedObject,
) {
	const name = `BURST_${ledger.backend.toUpperCase()}`;
	const sids = Array.from(
		{ length: MESSAGES },
		(_, i) => `SM${ledger.backend}${String(i).padStart(6, '0')}`,
	);
	for (const [i, sid] of sids.entries()) {
		const input = { idempotencyKey: `${name}-${i}`, participantId: `p-${i}`, channel: 'sms', name };
		const { record } = await ledger.claimSend(input, 'burst', 60_000);
		await ledger.completeSend(record.id, { status: 'sent', providerMessageId: sid });
	}
	const h = new EngineHarness({
		nodes: { [PKG]: [eventsNodeType()] },
		credentials: {
			communicationTwilioApi: { accountSid: 'AC1', authType: 'authToken', authToken: AUTH_TOKEN },
			...eventsCredentials(),
			...(ledgerCredential ? { communicationLedgerApi: ledgerCredential } : {}),
		},
	});
	const ledgerNode: INodeCredentials = ledgerCredential
		? { communicationLedgerApi: { id: 'ledger', name: 'Ledger' } }
		: {};
	const events = new EventsClient(h, eventsWorkflow({}, ledgerNode), AUTH_TOKEN);
	// 1,000 distinct callbacks (sent and delivered for each message), every one sent twice.
	const callbacks = sids.flatMap((sid, i) =>
		['sent', 'delivered'].map((status) => ({
			MessageSid: sid,
			MessageStatus: status,
			To: `+1415555${String(i).padStart(4, '0')}`,
		})),
	);
	const calls = await Promise.all(
		shuffled([...callbacks, ...callbacks]).map(
			async (fields) => await events.twilio('twilio/status', fields),
		),
	);
	expect(calls.every((call) => call.response.statusCode === 200)).toBe(true);
	const emitted = calls.flatMap((call) => (call.result ? call.result.output(EVENTS_NODE) : []));
	expect(emitted).toHaveLength(2 * MESSAGES);
	expect(
		new Set(emitted.map((item) => `${item.json.providerMessageId}:${item.json.status}`)).size,
	).toBe(2 * MESSAGES);

	const recorded = await Promise.all(sids.map(async (sid) => await ledger.listDeliveryEvents(sid)));
	expect(recorded.every((list) => list.length === 2)).toBe(true);
	expect(await ledger.statsByName(name)).toEqual([
		{ name, counts: { sent: MESSAGES, delivered: MESSAGES } },
	]);
}

it('records 1,000 callbacks in a burst exactly once (SQLite)', async () => {
	await burst(await getLedger());
}, 120_000);

describe('PostgreSQL', () => {
	let postgres: TestPostgres;
	beforeAll(async () => {
		postgres = await startPostgres();
	}, 60_000);
	afterAll(async () => await postgres.stop());

	it('records 1,000 callbacks in a burst exactly once (PostgreSQL)', async () => {
		const { config } = postgres;
		const settings: LedgerConfig = { ...config, schema: 'burst' };
		await burst(await getLedger(settings), postgresLedgerCredential(config, 'burst'));
	}, 120_000);
});
