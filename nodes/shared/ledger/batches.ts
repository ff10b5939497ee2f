// Per-execution batch records on both backends: one row per (execution, node), replaced on save.
import type { Queryable } from './postgres-connection';
import type { ExecutionBatch, NewExecutionBatch } from './records';
import { toBatch, type Row } from './rows';
import type { SqliteConnection } from './sqlite-connection';
import { batchValues } from './values';

/** The upsert's conflict clause, the same on both backends. */
const REPLACE_EARLIER = `ON CONFLICT (execution_id, node_name) DO UPDATE SET resume_url = excluded.resume_url,
	payload = excluded.payload, created_at = excluded.created_at
	RETURNING *`;

function stored(row: Row | undefined): ExecutionBatch {
	if (!row) throw new Error('Communication ledger: batch upsert returned no row');
	return toBatch(row);
}

export function saveSqliteBatch(db: SqliteConnection, batch: NewExecutionBatch): ExecutionBatch {
	const row = db.write(() =>
		db.one(
			`INSERT INTO batches (execution_id, node_name, resume_url, payload, created_at)
			VALUES (?, ?, ?, ?, ?) ${REPLACE_EARLIER}`,
			[...batchValues(batch), new Date().toISOString()],
		),
	);
	return stored(row);
}

export function getSqliteBatch(
	db: SqliteConnection,
	executionId: string,
	nodeName: string,
): ExecutionBatch | null {
	const row = db.one('SELECT * FROM batches WHERE execution_id = ? AND node_name = ?', [
		executionId,
		nodeName,
	]);
	return row ? toBatch(row) : null;
}

export async function savePostgresBatch(
	db: Queryable,
	schema: string,
	batch: NewExecutionBatch,
): Promise<ExecutionBatch> {
	const row = await db.one(
		`INSERT INTO ${schema}.batches (execution_id, node_name, resume_url, payload, created_at)
		VALUES ($1, $2, $3, $4::jsonb, now()) ${REPLACE_EARLIER}`,
		batchValues(batch),
	);
	return stored(row);
}

export async function getPostgresBatch(
	db: Queryable,
	schema: string,
	executionId: string,
	nodeName: string,
): Promise<ExecutionBatch | null> {
	const row = await db.one(
		`SELECT * FROM ${schema}.batches WHERE execution_id = $1 AND node_name = $2`,
		[executionId, nodeName],
	);
	return row ? toBatch(row) : null;
}
