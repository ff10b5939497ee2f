// The "record bounce / complaint" webhook: what a user forwards from their mail provider, as
// { type: 'bounce' | 'complaint', email, messageId?, reason?, id? }, and one-click unsubscribes.
import type { JsonObject } from '../ledger/json';
import type { Suppression } from '../ledger/records';
import { toJsonObject } from '../ledger/json';

import type { ParsedEvent } from './event';

/** An address that unsubscribed through its one-click link (already on the suppression list). */
export function unsubscribeEvent(suppression: Suppression): ParsedEvent {
	const at = suppression.at.toISOString();
	return {
		type: 'opt_out',
		channel: 'email',
		providerMessageId: null,
		status: 'unsubscribed',
		text: null,
		address: suppression.address,
		at,
		raw: { address: suppression.address, reason: suppression.reason, at },
		dedupeKey: `email:unsubscribe:${suppression.address}:${at}`,
	};
}

export class EmailEventError extends Error {}

function text(object: JsonObject, key: string): string {
	const value = object[key];
	return typeof value === 'string' ? value.trim() : '';
}

/** One reported bounce or complaint; throws EmailEventError with what is wrong. */
export function parseEmailEvent(body: unknown, now: Date): ParsedEvent {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new EmailEventError('Send a JSON object: { "type": "bounce", "email": "..." }');
	}
	const event = toJsonObject(body);
	const type = text(event, 'type').toLowerCase();
	if (type !== 'bounce' && type !== 'complaint') {
		throw new EmailEventError('"type" must be "bounce" or "complaint"');
	}
	const email = text(event, 'email');
	if (!email.includes('@')) throw new EmailEventError('"email" must be an email address');
	const messageId = text(event, 'messageId') || null;
	const id = text(event, 'id') || `${messageId ?? email.toLowerCase()}:${text(event, 'at')}`;
	return {
		type,
		channel: 'email',
		providerMessageId: messageId,
		status: type === 'bounce' ? 'bounced' : 'complaint',
		text: text(event, 'reason') || null,
		address: email,
		at: now.toISOString(),
		raw: event,
		dedupeKey: `email:${type}:${id}`,
	};
}
