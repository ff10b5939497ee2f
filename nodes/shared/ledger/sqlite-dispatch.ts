// The SQLite dispatcher queries: claim due rows, release a wake-up, cancel; each in one write
// transaction so concurrent dispatchers never get the same row.
import type { ClaimDueOptions, CommunicationRecord } from './communications';
import { communicationsInCreationOrder, communicationsInDueOrder } from './rows';
import type { SqliteConnection } from './sqlite-connection';
import type { JsonObject } from './json';
import { jsonText, redispatchBefore, toIsoInstant } from './values';

export function claimDueSqlite(
	db: SqliteConnection,
	now: Date,
	workerId: string,
	limit: number,
	options: ClaimDueOptions,
): CommunicationRecord[] {
	const nowIso = toIsoInstant(now, 'now');
	const before = redispatchBefore(now, options);
	return db.write(() => {
		const claimedAt = new Date().toISOString();
		const rows = db.all(
			`UPDATE communications SET dispatched_at = ?, claimed_by = ?, claimed_at = ?, updated_at = ?
			WHERE seq IN (
				SELECT seq FROM communications
				WHERE (status = 'planned'
						AND (scheduled_for IS NULL OR scheduled_for <= ? OR expires_at <= ?)
						AND (dispatched_at IS NULL OR dispatched_at <= ?))
					OR (status = 'canceled' AND dispatched_at IS NULL AND resume_url IS NOT NULL)
				ORDER BY scheduled_for, seq LIMIT ?
			) RETURNING *`,
			[nowIso, workerId, claimedAt, claimedAt, nowIso, nowIso, before, limit],
		);
		return communicationsInDueOrder(rows);
	});
}

export function nextDueAfterSqlite(db: SqliteConnection, now: Date): Date | null {
	const row = db.one(
		`SELECT min(scheduled_for) AS due FROM communications
		WHERE status = 'planned' AND dispatched_at IS NULL AND scheduled_for > ?`,
		[toIsoInstant(now, 'now')],
	);
	const due = row?.due;
	return typeof due === 'string' ? new Date(due) : null;
}

export function releaseDispatchSqlite(db: SqliteConnection, id: string): void {
	db.write(() =>
		db.run('UPDATE communications SET dispatched_at = NULL, updated_at = ? WHERE id = ?', [
			new Date().toISOString(),
			id,
		]),
	);
}

export function cancelSqlite(
	db: SqliteConnection,
	participantId: string,
	name: string | undefined,
	result?: JsonObject,
): CommunicationRecord[] {
	const rows = db.write(() =>
		db.all(
			`UPDATE communications SET status = 'canceled', dispatched_at = NULL, updated_at = ?,
				result = coalesce(?, result)
			WHERE participant_id = ? AND (? IS NULL OR name = ?) AND status IN ('planned', 'active') RETURNING *`,
			[new Date().toISOString(), jsonText(result), participantId, name ?? null, name ?? null],
		),
	);
	return communicationsInCreationOrder(rows);
}
