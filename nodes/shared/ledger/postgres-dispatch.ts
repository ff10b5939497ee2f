// The PostgreSQL dispatcher queries: claim due rows with SKIP LOCKED, release a wake-up, cancel.
import type { ClaimDueOptions, CommunicationRecord } from './communications';
import type { Queryable } from './postgres-connection';
import { communicationsInCreationOrder, communicationsInDueOrder } from './rows';
import type { JsonObject } from './json';
import { jsonText, redispatchBefore, toIsoInstant } from './values';

export async function claimDuePostgres(
	db: Queryable,
	s: string,
	now: Date,
	workerId: string,
	limit: number,
	options: ClaimDueOptions,
): Promise<CommunicationRecord[]> {
	// SKIP LOCKED hands concurrent dispatchers disjoint rows; the re-check under the row
	// lock drops rows another dispatcher committed meanwhile.
	const rows = await db.query(
		`WITH picked AS (
			SELECT id FROM ${s}.communications
			WHERE (status = 'planned'
					AND (scheduled_for IS NULL OR scheduled_for <= $1::timestamptz OR expires_at <= $1::timestamptz)
					AND (dispatched_at IS NULL OR dispatched_at <= $3::timestamptz))
				OR (status = 'canceled' AND dispatched_at IS NULL AND resume_url IS NOT NULL)
			ORDER BY scheduled_for NULLS FIRST, seq
			LIMIT $4::int
			FOR UPDATE SKIP LOCKED
		)
		UPDATE ${s}.communications c SET dispatched_at = $1::timestamptz, claimed_by = $2::text,
			claimed_at = clock_timestamp(), updated_at = clock_timestamp()
		FROM picked WHERE c.id = picked.id RETURNING c.*`,
		[toIsoInstant(now, 'now'), workerId, redispatchBefore(now, options), limit],
	);
	return communicationsInDueOrder(rows);
}

export async function nextDueAfterPostgres(
	db: Queryable,
	s: string,
	now: Date,
): Promise<Date | null> {
	const [row] = await db.query(
		`SELECT min(scheduled_for) AS due FROM ${s}.communications
		WHERE status = 'planned' AND dispatched_at IS NULL AND scheduled_for > $1::timestamptz`,
		[toIsoInstant(now, 'now')],
	);
	const due = row?.due as Date | string | null | undefined;
	return due === null || due === undefined ? null : new Date(due);
}

export async function releaseDispatchPostgres(db: Queryable, s: string, id: string): Promise<void> {
	await db.query(
		`UPDATE ${s}.communications SET dispatched_at = NULL, updated_at = clock_timestamp() WHERE id = $1`,
		[id],
	);
}

export async function cancelPostgres(
	db: Queryable,
	s: string,
	participantId: string,
	name: string | undefined,
	result?: JsonObject,
): Promise<CommunicationRecord[]> {
	const rows = await db.query(
		`UPDATE ${s}.communications SET status = 'canceled', dispatched_at = NULL, updated_at = clock_timestamp(),
			result = coalesce($3::jsonb, result)
		WHERE participant_id = $1 AND ($2::text IS NULL OR name = $2::text) AND status IN ('planned', 'active')
		RETURNING *`,
		[participantId, name ?? null, jsonText(result)],
	);
	return communicationsInCreationOrder(rows);
}
