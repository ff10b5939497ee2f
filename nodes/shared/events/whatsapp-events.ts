// WhatsApp Cloud API webhooks as events: message statuses and inbound messages (text, buttons).
import type { JsonObject, JsonValue } from '../ledger/json';
import { toJsonObject } from '../ledger/json';

import type { ParsedEvent } from './event';
import { keywordOf } from './keywords';

function objects(value: JsonValue | undefined): JsonObject[] {
	if (!Array.isArray(value)) return [];
	return value.filter(
		(entry): entry is JsonObject =>
			typeof entry === 'object' && entry !== null && !Array.isArray(entry),
	);
}

function field(object: JsonObject | undefined, key: string): string | null {
	const value = object?.[key];
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

function child(object: JsonObject, key: string): JsonObject | undefined {
	const value = object[key];
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** Meta's timestamps are Unix seconds as text. */
function instant(timestamp: string | null, now: Date): string {
	const seconds = Number(timestamp);
	return timestamp && Number.isFinite(seconds)
		? new Date(seconds * 1000).toISOString()
		: now.toISOString();
}

/** WhatsApp numbers come without their plus. */
function phone(waId: string | null): string | null {
	return waId ? (waId.startsWith('+') ? waId : `+${waId}`) : null;
}

/** The text of an inbound message: its body, or the button / list reply the contact tapped. */
function messageText(message: JsonObject): string {
	const type = field(message, 'type');
	if (type === 'text') return field(child(message, 'text'), 'body') ?? '';
	if (type === 'button') return field(child(message, 'button'), 'text') ?? '';
	if (type === 'interactive') {
		const interactive = child(message, 'interactive') ?? {};
		const reply = child(interactive, 'button_reply') ?? child(interactive, 'list_reply');
		return field(reply, 'title') ?? '';
	}
	return '';
}

function statusEvent(status: JsonObject, now: Date): ParsedEvent | null {
	const id = field(status, 'id');
	const word = field(status, 'status');
	if (!id || !word) return null;
	return {
		type: 'status',
		channel: 'whatsapp',
		providerMessageId: id,
		status: word.toLowerCase(),
		text: null,
		address: phone(field(status, 'recipient_id')),
		at: instant(field(status, 'timestamp'), now),
		raw: status,
		dedupeKey: `whatsapp:${id}:${word.toLowerCase()}`,
	};
}

function inboundEvent(message: JsonObject, now: Date): ParsedEvent | null {
	const id = field(message, 'id');
	const from = field(message, 'from');
	if (!id || !from) return null;
	const text = messageText(message);
	return {
		type: keywordOf(text) ?? 'reply',
		channel: 'whatsapp',
		providerMessageId: id,
		status: 'received',
		text,
		address: phone(from),
		at: instant(field(message, 'timestamp'), now),
		raw: message,
		dedupeKey: `whatsapp-inbound:${id}`,
	};
}

/** Every status and message in a webhook POST (entry[].changes[].value). */
export function parseWhatsAppWebhook(body: unknown, now: Date): ParsedEvent[] {
	const events: ParsedEvent[] = [];
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return events;
	for (const entry of objects(toJsonObject(body).entry)) {
		for (const change of objects(entry.changes)) {
			const value = child(change, 'value') ?? {};
			for (const status of objects(value.statuses)) {
				const event = statusEvent(status, now);
				if (event) events.push(event);
			}
			for (const message of objects(value.messages)) {
				const event = inboundEvent(message, now);
				if (event) events.push(event);
			}
		}
	}
	return events;
}

/** The GET verification: the challenge to echo when mode and token match, else null. */
export function whatsAppChallenge(
	query: Record<string, unknown>,
	verifyToken: string,
): string | null {
	const mode = query['hub.mode'];
	const token = query['hub.verify_token'];
	const challenge = query['hub.challenge'];
	if (!verifyToken || mode !== 'subscribe' || token !== verifyToken) return null;
	return typeof challenge === 'string' ? challenge : null;
}
