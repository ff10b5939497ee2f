// The return path's SQL for both backends: recording an event once, moving a message's delivery
// status forward only, listing a communication's events, address bindings and settings.
import { DELIVERY_STATUS_RANK, deliveryStatusOf, type DeliveryStatus } from './delivery-status';
import type { NewDeliveryEvent } from './records';
import type { ParamStyle, SqlValue } from './values';
import { toIsoInstant } from './values';

export interface EventsSql {
	communicationById: string;
	communicationByMessage: string;
	insertEvent: string;
	advanceState: string;
	stateOf: string;
	communicationEvents: string;
	bindAddress: string;
	participantAt: string;
	getSetting: string;
	putSetting: string;
	deleteSetting: string;
}

/** `prefix` is the PostgreSQL schema with its dot, '' for SQLite. */
export function eventsSql(prefix: string, p: ParamStyle): EventsSql {
	const t = (name: string) => `${prefix}${name}`;
	const list = (count: number, casts: Array<string | undefined> = []) =>
		Array.from({ length: count }, (_, i) => p(i + 1, casts[i])).join(', ');
	return {
		communicationById: `SELECT * FROM ${t('communications')} WHERE id = ${p(1)}`,
		communicationByMessage: `SELECT * FROM ${t('communications')}
			WHERE provider_message_id = ${p(1)} ORDER BY seq DESC LIMIT 1`,
		insertEvent: `INSERT INTO ${t('delivery_events')} (provider_message_id, status, payload, received_at,
			dedupe_key, channel, address, participant_id, communication_id)
			VALUES (${list(9, [undefined, undefined, 'jsonb', 'timestamptz'])})
			ON CONFLICT (dedupe_key) DO NOTHING RETURNING seq`,
		// The WHERE keeps a lower or equal rank from overwriting: the status never moves backwards.
		advanceState: `INSERT INTO ${t('message_states')} AS m (provider_message_id, status, rank, updated_at)
			VALUES (${list(4, [undefined, undefined, 'int', 'timestamptz'])})
			ON CONFLICT (provider_message_id) DO UPDATE
			SET status = excluded.status, rank = excluded.rank, updated_at = excluded.updated_at
			WHERE m.rank < excluded.rank`,
		stateOf: `SELECT status FROM ${t('message_states')} WHERE provider_message_id = ${p(1)}`,
		communicationEvents: `SELECT * FROM ${t('delivery_events')}
			WHERE communication_id = ${p(1)} OR provider_message_id = (
				SELECT provider_message_id FROM ${t('communications')} WHERE id = ${p(2)})
			ORDER BY received_at, seq`,
		bindAddress: `INSERT INTO ${t('contact_addresses')} (channel, address, participant_id, updated_at)
			VALUES (${list(4, [undefined, undefined, undefined, 'timestamptz'])})
			ON CONFLICT (channel, address) DO UPDATE
			SET participant_id = excluded.participant_id, updated_at = excluded.updated_at`,
		participantAt: `SELECT participant_id FROM ${t('contact_addresses')}
			WHERE channel = ${p(1)} AND address = ${p(2)}`,
		getSetting: `SELECT value FROM ${t('settings')} WHERE key = ${p(1)}`,
		putSetting: `INSERT INTO ${t('settings')} (key, value, updated_at)
			VALUES (${list(3, [undefined, 'jsonb', 'timestamptz'])})
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		deleteSetting: `DELETE FROM ${t('settings')} WHERE key = ${p(1)}`,
	};
}

/** The event's de-duplication key: the caller's, else one per message and status word. */
export function dedupeKeyOf(event: NewDeliveryEvent): string {
	return event.dedupeKey ?? `${event.providerMessageId}:${event.status.trim().toLowerCase()}`;
}

/** Values for insertEvent, the communication already resolved. */
export function eventInsertValues(
	event: NewDeliveryEvent,
	communicationId: string | null,
	participantId: string | null,
): SqlValue[] {
	return [
		event.providerMessageId,
		event.status,
		JSON.stringify(event.payload ?? {}),
		toIsoInstant(event.receivedAt, 'receivedAt'),
		dedupeKeyOf(event),
		event.channel ?? null,
		event.address ?? null,
		participantId,
		communicationId,
	];
}

/** Values for advanceState, or null when the word says nothing about delivery. */
export function stateValues(event: NewDeliveryEvent): SqlValue[] | null {
	const status = deliveryStatusOf(event.status);
	if (!status) return null;
	return [
		event.providerMessageId,
		status,
		DELIVERY_STATUS_RANK[status],
		toIsoInstant(event.receivedAt, 'receivedAt'),
	];
}

/** A stored state word as a DeliveryStatus (null for none or an unknown word). */
export function storedDeliveryStatus(value: unknown): DeliveryStatus | null {
	return typeof value === 'string' ? deliveryStatusOf(value) : null;
}
