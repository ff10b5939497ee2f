// PostgreSQL pieces of the send lease shared by the one-key and the batched calls.
import type * as T from './types';
import { jsonText } from './values';

/** Code-unit order (stable sort keeps repeats in input order). */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export function completeParams(id: string, update: T.SendCompletion): unknown[] {
	return [
		id,
		update.status,
		update.result !== undefined,
		jsonText(update.result),
		update.providerMessageId !== undefined,
		update.providerMessageId ?? null,
		update.attempts ?? null,
	];
}

/** Ends a lease unless the row is already sent; $1 id, $2.. see completeParams. */
export function completeSql(schema: string): string {
	return `UPDATE ${schema}.communications SET status = $2::text,
			result = CASE WHEN $3::boolean THEN $4::jsonb ELSE result END,
			provider_message_id = CASE WHEN $5::boolean THEN $6::text ELSE provider_message_id END,
			attempts = CASE WHEN $7::int IS NULL THEN attempts
				WHEN status = 'active' THEN greatest(attempts - 1, 0) + $7::int
				ELSE attempts + $7::int END,
			sent_at = CASE WHEN $2::text = 'sent' THEN clock_timestamp() ELSE sent_at END,
			claimed_by = NULL, claimed_at = NULL, updated_at = clock_timestamp()
		WHERE id = $1 AND status <> 'sent' RETURNING *`;
}
