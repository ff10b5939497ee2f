// The Communication Events trigger through n8n's engine: signed provider callbacks recorded once
// in the ledger, forged ones refused, statuses that never move backwards, STOP / START on the
// suppression list, Telegram /start binding, email bounces, and the endpoints kept while active.
import { randomUUID } from 'node:crypto';

import { CommunicationLedger } from '../../nodes/CommunicationLedger/CommunicationLedger.node';
import { readEventEndpoints } from '../../nodes/shared/events/endpoints';
import { unsubscribeLinks } from '../../nodes/shared/events/unsubscribe';
import { getLedger } from '../../nodes/shared/ledger';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { setTriggerActive } from '../support/engine/trigger-webhook';
import { PKG, chain, node } from '../support/engine/workflow';
import {
	emitted,
	eventsCredentials,
	eventsNodeType,
	eventsWorkflow,
	EventsClient,
	TELEGRAM_SECRET,
	WHATSAPP_VERIFY_TOKEN,
} from '../support/events-engine';
import { communicationOf, itemsInto, twilioCredentials } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [eventsNodeType(), new SmsCommunication(), new CommunicationLedger()],
			test: [new TestItems()],
		},
		credentials: { communicationTwilioApi: twilioCredentials(sandbox), ...eventsCredentials() },
	});
}

function client(h: EngineHarness, parameters = {}): EventsClient {
	return new EventsClient(h, eventsWorkflow(parameters), sandbox.credentials.twilio.authToken);
}

/** Sends one SMS under `name` and returns its Twilio SID and the communication's ledger id. */
async function sendSms(h: EngineHarness, name: string, to: string, participantId: string) {
	const result = await h.run(
		itemsInto([{ id: participantId, phone: to }], 'smsCommunication', {
			message: 'Reply STOP to opt out',
			communicationName: name,
		}),
	);
	expect(result.status).toBe('success');
	const sent = communicationOf(result.output('Node')[0]);
	expect(sent.status).toBe('sent');
	const [stored] = await (await getLedger()).list({ participantId });
	return { sid: String(sent.providerMessageId), id: stored.id };
}

async function statistics(h: EngineHarness, name: string) {
	const result = await h.run(
		chain(
			node('Source', 'test.testItems', { items: JSON.stringify([{}]) }),
			node('Ledger', `${PKG}.communicationLedger`, {
				operation: 'statistics',
				communicationName: name,
			}),
		),
	);
	return result.output('Ledger')[0].json.statistics;
}

describe('Communication Events: Twilio', () => {
	it('records a signed delivered callback for a sent SMS, and the statistics count it', async () => {
		const h = harness();
		const events = client(h);
		const name = `DELIVERED_${randomUUID().slice(0, 8).toUpperCase()}`;
		const participant = `p-${randomUUID()}`;
		const { sid, id } = await sendSms(h, name, phone(1), participant);

		const call = await events.twilio('twilio/status', {
			MessageSid: sid,
			MessageStatus: 'delivered',
			To: phone(1),
			AccountSid: sandbox.credentials.twilio.accountSid,
		});
		expect(call.response.statusCode).toBe(200);
		expect(emitted(call)).toEqual([
			expect.objectContaining({
				type: 'status',
				channel: 'sms',
				participantId: participant,
				communicationId: id,
				providerMessageId: sid,
				status: 'delivered',
				text: null,
				raw: expect.objectContaining({ MessageSid: sid }),
			}),
		]);
		expect(await statistics(h, name)).toEqual([{ name, counts: { sent: 1, delivered: 1 } }]);
	});

	it('records a replayed callback once and never moves a status backwards', async () => {
		const h = harness();
		const events = client(h);
		const name = `ORDER_${randomUUID().slice(0, 8).toUpperCase()}`;
		const { sid } = await sendSms(h, name, phone(2), `p-${randomUUID()}`);
		const callback = (status: string) =>
			events.twilio('twilio/status', { MessageSid: sid, MessageStatus: status, To: phone(2) });

		expect(emitted(await callback('delivered'))).toHaveLength(1);
		const replay = await callback('delivered');
		expect(replay.response.statusCode).toBe(200);
		expect(replay.result).toBeUndefined();
		// A late "sent" is recorded (and emitted) but the message stays delivered.
		expect(emitted(await callback('sent'))).toHaveLength(1);
		const ledger = await getLedger();
		expect(await ledger.deliveryStatus(sid)).toBe('delivered');
		expect((await ledger.listDeliveryEvents(sid)).map((e) => e.status)).toEqual([
			'delivered',
			'sent',
		]);
		expect(await statistics(h, name)).toEqual([{ name, counts: { sent: 1, delivered: 1 } }]);
	});

	it('refuses a forged or missing signature with 403 and records nothing', async () => {
		const h = harness();
		const events = client(h);
		const fields = { MessageSid: 'SM-forged', MessageStatus: 'delivered', To: phone(3) };
		const forged = await events.twilio('twilio/status', fields, 'bm90IHRoZSBzaWduYXR1cmU=');
		expect(forged.response).toMatchObject({ statusCode: 403 });
		expect(forged.result).toBeUndefined();
		// Signed for another URL (not the one called): refused too.
		const otherUrl = await new EventsClient(h, events.workflow, 'not-the-auth-token').twilio(
			'twilio/inbound',
			{ MessageSid: 'SM-in', From: phone(3), Body: 'STOP' },
		);
		expect(otherUrl.response.statusCode).toBe(403);
		const ledger = await getLedger();
		expect(await ledger.listDeliveryEvents('SM-forged')).toEqual([]);
		expect(await ledger.listDeliveryEvents('SM-in')).toEqual([]);
		expect((await ledger.suppressedAmong('sms', [phone(3)])).size).toBe(0);
	});

	it('verifies against the public base URL behind a reverse proxy', async () => {
		const h = harness();
		const events = client(h, { options: { publicBaseUrl: 'https://hooks.example.com/n8n' } });
		const fields = { MessageSid: 'SM-proxy', MessageStatus: 'sent', To: phone(4) };
		const path = new URL(events.url('twilio/status')).pathname;
		const { twilioSignature } = await import('../../nodes/shared/events/signatures');
		const signature = twilioSignature(
			sandbox.credentials.twilio.authToken,
			`https://hooks.example.com/n8n${path}`,
			fields,
		);
		expect((await events.twilio('twilio/status', fields, signature)).response.statusCode).toBe(200);
		// The internal URL is not what Twilio signed any more.
		expect(
			(await events.twilio('twilio/status', { ...fields, MessageStatus: 'x' })).response.statusCode,
		).toBe(403);
	});

	it('puts a number that texts STOP on the suppression list, takes it off on START, and answers with empty TwiML', async () => {
		const h = harness();
		const events = client(h);
		const ledger = await getLedger();
		const inbound = (sid: string, body: string) =>
			events.twilio('twilio/inbound', {
				MessageSid: sid,
				From: phone(5),
				To: sandbox.credentials.twilio.fromNumber,
				Body: body,
				SmsStatus: 'received',
			});
		const stop = await inbound(`SM-stop-${randomUUID()}`, ' Stop ');
		expect(stop.response).toMatchObject({
			statusCode: 200,
			headers: { 'content-type': 'text/xml' },
			body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
		});
		expect(emitted(stop)).toEqual([
			expect.objectContaining({
				type: 'opt_out',
				channel: 'sms',
				text: ' Stop ',
				address: phone(5),
			}),
		]);
		expect([...(await ledger.suppressedAmong('sms', [phone(5)])).values()]).toEqual([
			expect.objectContaining({ channel: 'sms', address: phone(5), reason: 'stop_keyword' }),
		]);

		expect(emitted(await inbound(`SM-help-${randomUUID()}`, 'help'))[0]).toMatchObject({
			type: 'help',
		});
		expect(emitted(await inbound(`SM-start-${randomUUID()}`, 'START'))[0]).toMatchObject({
			type: 'opt_in',
		});
		expect((await ledger.suppressedAmong('sms', [phone(5)])).size).toBe(0);
	});

	it('links a reply to the last SMS sent to that number, and statistics count it as replied', async () => {
		const h = harness();
		const events = client(h);
		const name = `REPLY_${randomUUID().slice(0, 8).toUpperCase()}`;
		const participant = `p-${randomUUID()}`;
		const { sid, id } = await sendSms(h, name, phone(6), participant);
		await events.twilio('twilio/status', {
			MessageSid: sid,
			MessageStatus: 'delivered',
			To: phone(6),
		});
		const reply = await events.twilio('twilio/inbound', {
			MessageSid: `SM-reply-${randomUUID()}`,
			From: phone(6),
			Body: 'Yes, see you then',
		});
		expect(emitted(reply)).toEqual([
			expect.objectContaining({
				type: 'reply',
				participantId: participant,
				communicationId: id,
				text: 'Yes, see you then',
			}),
		]);
		expect(await statistics(h, name)).toEqual([
			{ name, counts: { sent: 1, delivered: 1, replied: 1 } },
		]);
	});

	it('emits only the chosen event types but records every event', async () => {
		const h = harness();
		const events = client(h, { events: ['reply'] });
		const sid = `SM-only-${randomUUID()}`;
		const call = await events.twilio('twilio/status', {
			MessageSid: sid,
			MessageStatus: 'failed',
			To: phone(7),
		});
		expect(call.result).toBeUndefined();
		expect(await (await getLedger()).deliveryStatus(sid)).toBe('failed');
	});
});

describe('Communication Events: WhatsApp Cloud', () => {
	const webhook = (value: object) => ({
		object: 'whatsapp_business_account',
		entry: [{ id: 'WABA', changes: [{ field: 'messages', value }] }],
	});

	it('answers the verification challenge only with the verify token', async () => {
		const events = client(harness());
		const query = {
			'hub.mode': 'subscribe',
			'hub.challenge': '8841',
			'hub.verify_token': WHATSAPP_VERIFY_TOKEN,
		};
		expect((await events.whatsAppChallenge(query)).response).toMatchObject({
			statusCode: 200,
			body: '8841',
		});
		expect(
			(await events.whatsAppChallenge({ ...query, 'hub.verify_token': 'guess' })).response
				.statusCode,
		).toBe(403);
	});

	it('records signed statuses and a STOP from a contact, and refuses a forged signature', async () => {
		const events = client(harness());
		const id = `wamid.${randomUUID()}`;
		const read = await events.whatsApp(
			webhook({
				statuses: [{ id, status: 'read', timestamp: '1893488400', recipient_id: '14155550008' }],
			}),
		);
		expect(emitted(read)).toEqual([
			expect.objectContaining({
				type: 'status',
				channel: 'whatsapp',
				status: 'read',
				providerMessageId: id,
			}),
		]);
		const stop = await events.whatsApp(
			webhook({
				messages: [{ id: `${id}-in`, from: '14155550008', type: 'text', text: { body: 'STOP' } }],
			}),
		);
		expect(emitted(stop)[0]).toMatchObject({ type: 'opt_out', address: '+14155550008' });
		const ledger = await getLedger();
		expect((await ledger.suppressedAmong('whatsapp', ['+14155550008'])).size).toBe(1);

		const forgedId = `wamid.${randomUUID()}`;
		const forged = await events.whatsApp(
			webhook({ statuses: [{ id: forgedId, status: 'delivered', recipient_id: '14155550009' }] }),
			'sha256=0000',
		);
		expect(forged.response.statusCode).toBe(403);
		expect(forged.result).toBeUndefined();
		expect(await ledger.listDeliveryEvents(forgedId)).toEqual([]);
	});
});

describe('Communication Events: Telegram', () => {
	it('binds /start <participant> to the chat (telegram_id saved), and refuses a wrong secret token', async () => {
		const events = client(harness());
		const participant = `p-${randomUUID()}`;
		const chatId = Math.floor(Math.random() * 1e9);
		const update = (updateId: number, text: string) => ({
			update_id: updateId,
			message: { message_id: updateId, date: 1893488400, chat: { id: chatId }, text },
		});
		const forged = await events.telegram(update(1, `/start ${participant}`), 'wrong');
		expect(forged.response.statusCode).toBe(403);
		expect(
			(await events.telegram(update(2, `/start ${participant}`), null)).response.statusCode,
		).toBe(403);
		const ledger = await getLedger();
		expect((await ledger.getProfile(participant)).attributes).toEqual({});

		const bound = await events.telegram(update(3, `/start ${participant}`), TELEGRAM_SECRET);
		expect(emitted(bound)).toEqual([
			expect.objectContaining({ type: 'bound', channel: 'telegram', participantId: participant }),
		]);
		expect((await ledger.getProfile(participant)).attributes).toEqual({
			telegram_id: String(chatId),
		});
		const reply = await events.telegram(update(4, 'thanks!'));
		expect(emitted(reply)[0]).toMatchObject({
			type: 'reply',
			participantId: participant,
			text: 'thanks!',
		});
	});
});

describe('Communication Events: email bounces and complaints', () => {
	it('records a bounce with the bearer secret (the address suppressed) and refuses without it', async () => {
		const events = client(harness());
		const email = `bounce-${randomUUID()}@example.com`;
		expect(
			(await events.email({ type: 'bounce', email }, 'wrong-secret')).response.statusCode,
		).toBe(403);
		const ledger = await getLedger();
		expect((await ledger.suppressedAmong('email', [email])).size).toBe(0);
		const bounce = await events.email({ type: 'bounce', email, reason: '550 no such user' });
		expect(emitted(bounce)[0]).toMatchObject({
			type: 'bounce',
			status: 'bounced',
			text: '550 no such user',
		});
		expect([...(await ledger.suppressedAmong('email', [email])).values()][0]).toMatchObject({
			reason: 'bounce',
		});
		expect((await events.email({ type: 'open', email })).response.statusCode).toBe(400);
	});
});

describe('Communication Events: one-click unsubscribe', () => {
	it('shows a form on GET (nothing suppressed), suppresses on POST, refuses a forged token', async () => {
		const h = harness();
		const events = client(h);
		await setTriggerActive(h, events.workflow, 'Communication Events', true);
		const ledger = await getLedger();
		const email = `reader-${randomUUID()}@example.com`;
		const links = await unsubscribeLinks(ledger, {});
		const link = new URL(links!(email).url);
		expect(link.origin + link.pathname).toBe(events.url('unsubscribe'));
		const query = Object.fromEntries(link.searchParams.entries());

		const page = await events.unsubscribe('GET', query);
		expect(page.response).toMatchObject({ statusCode: 200 });
		expect(page.response.body).toContain('<form method="post"');
		expect(page.result).toBeUndefined();
		expect((await ledger.suppressedAmong('email', [email])).size).toBe(0);

		const forged = await events.unsubscribe('POST', { t: `${query.t}x` });
		expect(forged.response.statusCode).toBe(403);
		expect((await ledger.suppressedAmong('email', [email])).size).toBe(0);

		const done = await events.unsubscribe('POST', query);
		expect(done.response.statusCode).toBe(200);
		expect(emitted(done)).toEqual([
			expect.objectContaining({ type: 'opt_out', channel: 'email', address: email }),
		]);
		expect([...(await ledger.suppressedAmong('email', [email])).values()][0]).toMatchObject({
			reason: 'unsubscribe',
		});
		await setTriggerActive(h, events.workflow, 'Communication Events', false);
	});
});

describe('Communication Events: activation', () => {
	it("stores the workflow's public URLs in the ledger while active and forgets them on deactivation", async () => {
		const h = harness();
		const events = client(h, { providers: ['twilio', 'telegram'] });
		await setTriggerActive(h, events.workflow, 'Communication Events', true);
		const ledger = await getLedger();
		expect(await readEventEndpoints(ledger)).toEqual({
			twilioStatus: events.url('twilio/status'),
			twilioInbound: events.url('twilio/inbound'),
			whatsapp: null,
			telegram: events.url('telegram'),
			email: null,
			unsubscribe: events.url('unsubscribe'),
			workflowId: events.workflow.id,
		});
		await setTriggerActive(h, events.workflow, 'Communication Events', false);
		expect(await readEventEndpoints(ledger)).toBeNull();
	});

	it('refuses a provider that is not enabled', async () => {
		const events = client(harness(), { providers: ['twilio'] });
		const call = await events.telegram({
			update_id: 1,
			message: { message_id: 1, chat: { id: 1 }, text: 'hi' },
		});
		expect(call.response.statusCode).toBe(404);
	});
});
