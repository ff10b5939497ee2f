// Telegram bot updates as events: messages from a chat, and /start <payload> deep links that bind
// the chat to a participant.
import type { JsonObject } from '../ledger/json';
import { toJsonObject } from '../ledger/json';

import type { ParsedEvent } from './event';
import { keywordOf } from './keywords';

function child(object: JsonObject | undefined, key: string): JsonObject | undefined {
	const value = object?.[key];
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function scalar(object: JsonObject | undefined, key: string): string | null {
	const value = object?.[key];
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

/** `/start abc` (also `/start@MyBot abc`): the deep-link payload, else null. */
export function startPayloadOf(text: string): string | null {
	const match = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(text.trim());
	if (!match) return null;
	return match[1] ?? '';
}

/** One update: a message (or an edited one); other update kinds give no event. */
export function parseTelegramUpdate(body: unknown, now: Date): ParsedEvent | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
	const update = toJsonObject(body);
	const message = child(update, 'message') ?? child(update, 'edited_message');
	const chatId = scalar(child(message, 'chat'), 'id');
	const updateId = scalar(update, 'update_id');
	if (!message || !chatId || !updateId) return null;
	const text = scalar(message, 'text') ?? '';
	const payload = startPayloadOf(text);
	const date = Number(scalar(message, 'date'));
	return {
		type: payload ? 'bound' : (keywordOf(text) ?? 'reply'),
		channel: 'telegram',
		providerMessageId: `${chatId}:${scalar(message, 'message_id') ?? updateId}`,
		status: 'received',
		text,
		address: chatId,
		at: Number.isFinite(date) && date > 0 ? new Date(date * 1000).toISOString() : now.toISOString(),
		raw: update,
		participantId: payload || null,
		dedupeKey: `telegram:${updateId}`,
	};
}
