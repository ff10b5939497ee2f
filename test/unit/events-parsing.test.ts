// The return path's pure parts: provider signatures, keywords and the providers' payloads as events.
import { createHmac } from 'node:crypto';

import { validateRequest } from 'twilio/lib/webhooks/webhooks';

import { parseEmailEvent, EmailEventError } from '../../nodes/shared/events/email-events';
import { keywordOf } from '../../nodes/shared/events/keywords';
import {
	isMetaSignatureValid,
	isTelegramSecretValid,
	isTwilioSignatureValid,
	publicUrlOf,
	twilioSignature,
} from '../../nodes/shared/events/signatures';
import { parseTelegramUpdate, startPayloadOf } from '../../nodes/shared/events/telegram-events';
import {
	EMPTY_TWIML,
	formFields,
	parseTwilioInbound,
	parseTwilioStatus,
} from '../../nodes/shared/events/twilio-events';
import { parseWhatsAppWebhook, whatsAppChallenge } from '../../nodes/shared/events/whatsapp-events';

const now = new Date('2030-01-01T09:00:00Z');

describe('provider signatures', () => {
	const url = 'https://n8n.example.com/webhook/abc/twilio/status?x=1';
	const params = { MessageSid: 'SM1', MessageStatus: 'delivered', To: '+15550100001' };

	it("computes Twilio's signature as Twilio's own SDK checks it", () => {
		const signature = twilioSignature('token-1', url, params);
		expect(validateRequest('token-1', signature, url, params)).toBe(true);
		expect(isTwilioSignatureValid('token-1', url, params, signature)).toBe(true);
	});

	it('refuses a Twilio signature made with another token, URL or parameters, or none', () => {
		const signature = twilioSignature('token-1', url, params);
		expect(isTwilioSignatureValid('token-2', url, params, signature)).toBe(false);
		expect(isTwilioSignatureValid('token-1', `${url}&y=2`, params, signature)).toBe(false);
		expect(
			isTwilioSignatureValid('token-1', url, { ...params, MessageStatus: 'read' }, signature),
		).toBe(false);
		expect(isTwilioSignatureValid('token-1', url, params, undefined)).toBe(false);
		expect(isTwilioSignatureValid('', url, params, twilioSignature('', url, params))).toBe(false);
	});

	it('checks the WhatsApp (Meta) signature over the raw body', () => {
		const raw = Buffer.from('{"entry":[]}');
		const header = `sha256=${createHmac('sha256', 'app-secret').update(raw).digest('hex')}`;
		expect(isMetaSignatureValid('app-secret', raw, header)).toBe(true);
		expect(
			isMetaSignatureValid('app-secret', raw, header.toUpperCase().replace('SHA256', 'sha256')),
		).toBe(true);
		expect(isMetaSignatureValid('other', raw, header)).toBe(false);
		expect(isMetaSignatureValid('app-secret', Buffer.from('{"entry":[1]}'), header)).toBe(false);
		expect(isMetaSignatureValid('app-secret', raw, undefined)).toBe(false);
		expect(isMetaSignatureValid('', raw, header)).toBe(false);
	});

	it("checks Telegram's secret token header", () => {
		expect(isTelegramSecretValid('s3cret', 's3cret')).toBe(true);
		expect(isTelegramSecretValid('s3cret', 's3cres')).toBe(false);
		expect(isTelegramSecretValid('s3cret', undefined)).toBe(false);
		expect(isTelegramSecretValid('', '')).toBe(false);
	});

	it('rebuilds the URL Twilio saw from the public base URL behind a reverse proxy', () => {
		const internal = 'http://127.0.0.1:5678/webhook/abc/twilio/status?x=1';
		expect(publicUrlOf(internal, '')).toBe(internal);
		expect(publicUrlOf(internal, 'https://n8n.example.com/')).toBe(url);
		expect(publicUrlOf(internal, 'https://proxy.example.com/n8n')).toBe(
			'https://proxy.example.com/n8n/webhook/abc/twilio/status?x=1',
		);
	});
});

describe('keywords', () => {
	it.each([
		['STOP', 'opt_out'],
		[' stop ', 'opt_out'],
		['Stop All', 'opt_out'],
		['unsubscribe', 'opt_out'],
		['Cancel', 'opt_out'],
		['END', 'opt_out'],
		['quit\n', 'opt_out'],
		['start', 'opt_in'],
		['UNSTOP', 'opt_in'],
		['help', 'help'],
		['please stop', null],
		['STOP!', null],
		['', null],
	])('%j is %s', (text, keyword) => {
		expect(keywordOf(text)).toBe(keyword);
	});
});

describe('Twilio callbacks', () => {
	it('reads a message status callback, also for WhatsApp through Twilio', () => {
		expect(
			parseTwilioStatus(
				formFields({ MessageSid: 'SM1', MessageStatus: 'Delivered', To: '+15550100001' }),
				now,
			),
		).toMatchObject({
			type: 'status',
			channel: 'sms',
			providerMessageId: 'SM1',
			status: 'delivered',
			address: '+15550100001',
			dedupeKey: 'twilio:SM1:delivered',
		});
		expect(
			parseTwilioStatus({ MessageSid: 'SM2', MessageStatus: 'read', To: 'whatsapp:+1555' }, now),
		).toMatchObject({ channel: 'whatsapp', address: '+1555' });
	});

	it('reads a call status callback', () => {
		expect(
			parseTwilioStatus({ CallSid: 'CA1', CallStatus: 'completed', To: '+15550100001' }, now),
		).toMatchObject({ channel: 'voice', providerMessageId: 'CA1', status: 'completed' });
		expect(parseTwilioStatus({ Foo: 'bar' }, now)).toBeNull();
	});

	it('reads an inbound SMS as a reply or a keyword', () => {
		const inbound = { MessageSid: 'SMin', From: '+15550100001', To: '+15550009999', Body: 'Yes!' };
		expect(parseTwilioInbound(inbound, now)).toMatchObject({
			type: 'reply',
			text: 'Yes!',
			status: 'received',
			address: '+15550100001',
			dedupeKey: 'twilio-inbound:SMin',
		});
		expect(parseTwilioInbound({ ...inbound, Body: ' Stop ' }, now)?.type).toBe('opt_out');
		expect(
			parseTwilioInbound({ ...inbound, From: 'whatsapp:+1555', Body: 'START' }, now),
		).toMatchObject({
			type: 'opt_in',
			channel: 'whatsapp',
			address: '+1555',
		});
		expect(parseTwilioInbound({ Body: 'x' }, now)).toBeNull();
		expect(EMPTY_TWIML).toMatch(/<Response\/>$/);
	});
});

describe('WhatsApp Cloud webhooks', () => {
	const webhook = (value: object) => ({
		object: 'whatsapp_business_account',
		entry: [{ id: 'WABA', changes: [{ field: 'messages', value }] }],
	});

	it('reads statuses and inbound text and button messages', () => {
		const events = parseWhatsAppWebhook(
			webhook({
				statuses: [
					{ id: 'wamid.1', status: 'read', timestamp: '1893488400', recipient_id: '15550100001' },
				],
				messages: [
					{
						id: 'wamid.in1',
						from: '15550100001',
						timestamp: '1893488401',
						type: 'text',
						text: { body: 'STOP' },
					},
					{
						id: 'wamid.in2',
						from: '15550100001',
						type: 'button',
						button: { text: 'Confirm', payload: 'c' },
					},
					{
						id: 'wamid.in3',
						from: '15550100001',
						type: 'interactive',
						interactive: { type: 'button_reply', button_reply: { id: 'b', title: 'Reschedule' } },
					},
				],
			}),
			now,
		);
		expect(events.map((e) => [e.type, e.providerMessageId, e.status, e.text, e.address])).toEqual([
			['status', 'wamid.1', 'read', null, '+15550100001'],
			['opt_out', 'wamid.in1', 'received', 'STOP', '+15550100001'],
			['reply', 'wamid.in2', 'received', 'Confirm', '+15550100001'],
			['reply', 'wamid.in3', 'received', 'Reschedule', '+15550100001'],
		]);
		expect(events[0].at).toBe('2030-01-01T09:00:00.000Z');
		expect(parseWhatsAppWebhook('nonsense', now)).toEqual([]);
	});

	it('answers the verification challenge only with the right verify token', () => {
		const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'vt', 'hub.challenge': '123' };
		expect(whatsAppChallenge(query, 'vt')).toBe('123');
		expect(whatsAppChallenge(query, 'other')).toBeNull();
		expect(whatsAppChallenge({ ...query, 'hub.mode': 'unsubscribe' }, 'vt')).toBeNull();
		expect(whatsAppChallenge(query, '')).toBeNull();
	});
});

describe('Telegram updates', () => {
	const update = (text: string) => ({
		update_id: 7,
		message: { message_id: 3, date: 1893488400, chat: { id: 42 }, text },
	});

	it('binds /start <payload> to the participant and reads other messages as replies', () => {
		expect(parseTelegramUpdate(update('/start p-17'), now)).toMatchObject({
			type: 'bound',
			participantId: 'p-17',
			address: '42',
			dedupeKey: 'telegram:7',
		});
		expect(parseTelegramUpdate(update('hello'), now)).toMatchObject({
			type: 'reply',
			text: 'hello',
		});
		expect(parseTelegramUpdate({ update_id: 8, callback_query: {} }, now)).toBeNull();
		expect(startPayloadOf('/start@MyBot abc')).toBe('abc');
		expect(startPayloadOf('/start')).toBe('');
		expect(startPayloadOf('/starts x')).toBeNull();
	});
});

describe('email bounce / complaint webhook', () => {
	it('reads a bounce and a complaint and explains a wrong shape', () => {
		expect(
			parseEmailEvent({ type: 'bounce', email: 'A@Example.com', messageId: '<m1@x>' }, now),
		).toMatchObject({
			type: 'bounce',
			channel: 'email',
			providerMessageId: '<m1@x>',
			status: 'bounced',
		});
		expect(parseEmailEvent({ type: 'Complaint', email: 'a@example.com' }, now).type).toBe(
			'complaint',
		);
		expect(() => parseEmailEvent({ type: 'open', email: 'a@example.com' }, now)).toThrow(
			EmailEventError,
		);
		expect(() => parseEmailEvent({ type: 'bounce', email: 'nobody' }, now)).toThrow(/email/);
		expect(() => parseEmailEvent([], now)).toThrow(EmailEventError);
	});
});
