// Per-execution batch records on both backends: one row per (execution, node), replaced on save.
import { jsonOrNull, toIsoInstant, type Row } from './rows';
import type { Queryable } from './postgres-connection';
import type { SqliteConnection } from './sqlite-connection';
import type { ExecutionBatch } from './types';

type NewBatch = Omit<ExecutionBatch, 'createdAt'>;

function toBatch(row: Row): ExecutionBatch {
	return {
		executionId: String(row.execution_id),
		nodeName: String(row.node_name),
		resumeUrl: String(row.resume_url),
		payload: jsonOrNull(row, 'payload') ?? {},
		createdAt: toIsoInstant(row.created_at as string | Date, 'created_at'),
	};
}

export function saveSqliteBatch(db: SqliteConnection, batch: NewBatch): ExecutionBatch {
	const row = db.write(() =>
		db.one(
			`INSERT INTO batches (execution_id, node_name, resume_url, payload, created_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (execution_id, node_name) DO UPDATE SET resume_url = excluded.resume_url,
				payload = excluded.payload, created_at = excluded.created_at
			RETURNING *`,
			[
				batch.executionId,
				batch.nodeName,
				batch.resumeUrl,
				JSON.stringify(batch.payload),
				new Date().toISOString(),
			],
		),
	);
	return toBatch(row as Row);
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
	batch: NewBatch,
): Promise<ExecutionBatch> {
	const row = await db.one(
		`INSERT INTO ${schema}.batches (execution_id, node_name, resume_url, payload, created_at)
		VALUES ($1, $2, $3, $4::jsonb, now())
		ON CONFLICT (execution_id, node_name) DO UPDATE SET resume_url = excluded.resume_url,
			payload = excluded.payload, created_at = excluded.created_at
		RETURNING *`,
		[batch.executionId, batch.nodeName, batch.resumeUrl, JSON.stringify(batch.payload)],
	);
	return toBatch(row as Row);
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
