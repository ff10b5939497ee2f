// Twilio's callbacks as events: message and call status callbacks, and inbound SMS.
import type { JsonObject } from '../ledger/json';

import type { ParsedEvent } from './event';
import { keywordOf } from './keywords';

/** Twilio posts form fields; anything else is read as no fields. */
export function formFields(body: unknown): Record<string, string> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
	const fields: Record<string, string> = {};
	for (const [key, value] of Object.entries(body)) {
		if (typeof value === 'string') fields[key] = value;
		else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
	}
	return fields;
}

const WHATSAPP_PREFIX = /^whatsapp:/i;

/** One Twilio status of one message or call is one event, however often Twilio posts it. */
export function twilioDedupeKey(sid: string, status: string): string {
	return `twilio:${sid}:${status.toLowerCase()}`;
}

/** A message or call status callback (the StatusCallback of a send or a call). */
export function parseTwilioStatus(fields: Record<string, string>, now: Date): ParsedEvent | null {
	const raw: JsonObject = { ...fields };
	const at = now.toISOString();
	if (fields.CallSid && fields.CallStatus && !fields.MessageSid) {
		const status = fields.CallStatus.toLowerCase();
		return {
			type: 'status',
			channel: 'voice',
			providerMessageId: fields.CallSid,
			status,
			text: null,
			address: fields.To ?? null,
			at,
			raw,
			dedupeKey: twilioDedupeKey(fields.CallSid, status),
		};
	}
	const sid = fields.MessageSid ?? fields.SmsSid;
	const word = fields.MessageStatus ?? fields.SmsStatus;
	if (!sid || !word) return null;
	const status = word.toLowerCase();
	const whatsapp = WHATSAPP_PREFIX.test(fields.To ?? '');
	return {
		type: 'status',
		channel: whatsapp ? 'whatsapp' : 'sms',
		providerMessageId: sid,
		status,
		text: null,
		address: fields.To ? fields.To.replace(WHATSAPP_PREFIX, '') : null,
		at,
		raw,
		dedupeKey: twilioDedupeKey(sid, status),
	};
}

/** An inbound SMS (the number's "A message comes in" webhook): a reply, or a keyword. */
export function parseTwilioInbound(fields: Record<string, string>, now: Date): ParsedEvent | null {
	const sid = fields.MessageSid ?? fields.SmsMessageSid ?? fields.SmsSid;
	if (!sid || !fields.From) return null;
	const whatsapp = WHATSAPP_PREFIX.test(fields.From);
	const text = fields.Body ?? '';
	return {
		type: keywordOf(text) ?? 'reply',
		channel: whatsapp ? 'whatsapp' : 'sms',
		providerMessageId: sid,
		status: (fields.SmsStatus ?? 'received').toLowerCase(),
		text,
		address: fields.From.replace(WHATSAPP_PREFIX, ''),
		at: now.toISOString(),
		raw: { ...fields },
		dedupeKey: `twilio-inbound:${sid}`,
	};
}

/** The empty TwiML answer to an inbound message: no automatic reply. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
