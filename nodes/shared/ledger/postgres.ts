// PostgreSQL communication ledger for n8n queue mode: row locks, SKIP LOCKED and single-statement
// upserts keep several workers from double-claiming or losing each other's writes.
import { randomUUID } from 'node:crypto';

import { PostgresConnection, type PostgresLedgerOptions } from './postgres-connection';
import { getPostgresBatch, savePostgresBatch } from './batches';
import { PostgresRecordStore } from './postgres-records';
import { statsQueries } from './stats';
import {
	DONE_STATUSES,
	assertTerminal,
	communicationsInCreationOrder,
	communicationsInDueOrder,
	toCommunication,
	toIsoInstant,
	toIsoInstantOrNull,
	toStats,
	jsonText,
	TERMINAL_SQL_LIST,
} from './rows';
import type {
	ClaimDueOptions,
	ClaimOutcome,
	CommunicationLedger,
	CommunicationQuery,
	CommunicationRecord,
	CommunicationStats,
	CommunicationStatus,
	JsonObject,
	NewCommunication,
	ExecutionBatch,
} from './types';

export type { PostgresLedgerOptions } from './postgres-connection';

export class PostgresLedger extends PostgresRecordStore implements CommunicationLedger {
	readonly backend = 'postgres' as const;

	constructor(options: PostgresLedgerOptions) {
		super(new PostgresConnection(options));
	}

	async init(): Promise<void> {
		await this.db.open();
	}

	async close(): Promise<void> {
		await this.db.close();
	}

	private newCommunicationParams(input: NewCommunication): unknown[] {
		if (!input.idempotencyKey)
			throw new Error('Communication ledger: an idempotency key is required');
		return [
			randomUUID(),
			input.idempotencyKey,
			input.participantId,
			input.name ?? '',
			input.channel,
			input.workflowId ?? null,
			input.executionId ?? null,
			input.nodeName ?? null,
			input.itemIndex ?? null,
			jsonText(input.payload),
			toIsoInstantOrNull(input.scheduledFor, 'scheduledFor'),
			toIsoInstantOrNull(input.expiresAt, 'expiresAt'),
			input.resumeUrl ?? null,
		];
	}

	/** INSERT of a new communication; $14.. are the status, lease holder and attempts. */
	private insertSql(): string {
		return `INSERT INTO ${this.s}.communications (id, idempotency_key, participant_id, name, channel,
				workflow_id, execution_id, node_name, item_index, payload, scheduled_for, expires_at, resume_url,
				status, claimed_by, claimed_at, attempts, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::int, $10::jsonb, $11::timestamptz, $12::timestamptz, $13,
				$14::text, $15::text, CASE WHEN $15::text IS NULL THEN NULL ELSE clock_timestamp() END, $16::int,
				clock_timestamp(), clock_timestamp())
			ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`;
	}

	// Idempotent sends -------------------------------------------------------------------

	async claimSend(
		input: NewCommunication,
		workerId: string,
		leaseMs: number,
	): Promise<ClaimOutcome> {
		const params = [...this.newCommunicationParams(input), 'active', workerId, 1];
		return this.db.transaction(async (tx): Promise<ClaimOutcome> => {
			// A concurrent insert of the same key makes this wait for it, then do nothing.
			const inserted = await tx.one(this.insertSql(), params);
			if (inserted) return { state: 'claimed', record: toCommunication(inserted) };
			const row = await tx.one(
				`SELECT *, (status = 'active' AND claimed_at > clock_timestamp() - $2::double precision * interval '1 millisecond')
					AS lease_live
				FROM ${this.s}.communications WHERE idempotency_key = $1 FOR UPDATE`,
				[input.idempotencyKey, leaseMs],
			);
			if (!row)
				throw new Error(
					`Communication ledger: idempotency key ${input.idempotencyKey} vanished while claiming`,
				);
			const existing = toCommunication(row);
			if (DONE_STATUSES.includes(existing.status)) return { state: 'done', record: existing };
			if (row.lease_live === true) return { state: 'busy', record: existing };
			const claimed = await tx.one(
				`UPDATE ${this.s}.communications SET status = 'active', claimed_by = $2, claimed_at = clock_timestamp(),
					attempts = attempts + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
				[existing.id, workerId],
			);
			if (!claimed)
				throw new Error(
					`Communication ledger: communication ${existing.id} vanished while claiming`,
				);
			return { state: 'claimed', record: toCommunication(claimed) };
		});
	}

	async completeSend(
		id: string,
		update: {
			status: CommunicationStatus;
			result?: JsonObject | null;
			providerMessageId?: string | null;
			attempts?: number;
		},
	): Promise<CommunicationRecord> {
		const row = await this.db.one(
			`UPDATE ${this.s}.communications SET status = $2::text,
				result = CASE WHEN $3::boolean THEN $4::jsonb ELSE result END,
				provider_message_id = CASE WHEN $5::boolean THEN $6::text ELSE provider_message_id END,
				attempts = CASE WHEN $7::int IS NULL THEN attempts
					WHEN status = 'active' THEN greatest(attempts - 1, 0) + $7::int
					ELSE attempts + $7::int END,
				sent_at = CASE WHEN $2::text = 'sent' THEN clock_timestamp() ELSE sent_at END,
				claimed_by = NULL, claimed_at = NULL, updated_at = clock_timestamp()
			WHERE id = $1 AND status <> 'sent' RETURNING *`,
			[
				id,
				update.status,
				update.result !== undefined,
				jsonText(update.result),
				update.providerMessageId !== undefined,
				update.providerMessageId ?? null,
				update.attempts ?? null,
			],
		);
		if (row) return toCommunication(row);
		const current = await this.get(id);
		if (!current) throw new Error(`Communication ledger: no communication with id ${id}`);
		return current;
	}

	// Planned communications and dispatch ------------------------------------------------

	async plan(input: NewCommunication): Promise<CommunicationRecord> {
		const inserted = await this.db.one(this.insertSql(), [
			...this.newCommunicationParams(input),
			'planned',
			null,
			0,
		]);
		if (inserted) return toCommunication(inserted);
		const existing = await this.getByKey(input.idempotencyKey);
		if (!existing)
			throw new Error(
				`Communication ledger: idempotency key ${input.idempotencyKey} vanished while planning`,
			);
		return existing;
	}

	async get(id: string): Promise<CommunicationRecord | null> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.communications WHERE id = $1`, [id]);
		return row ? toCommunication(row) : null;
	}

	async getByKey(idempotencyKey: string): Promise<CommunicationRecord | null> {
		const row = await this.db.one(
			`SELECT * FROM ${this.s}.communications WHERE idempotency_key = $1`,
			[idempotencyKey],
		);
		return row ? toCommunication(row) : null;
	}

	async list(query: CommunicationQuery): Promise<CommunicationRecord[]> {
		const where: string[] = [];
		const params: unknown[] = [];
		const add = (condition: (placeholder: string) => string, value: unknown) => {
			params.push(value);
			where.push(condition(`$${params.length}`));
		};
		if (query.participantId !== undefined) add((p) => `participant_id = ${p}`, query.participantId);
		if (query.name !== undefined) add((p) => `name = ${p}`, query.name);
		if (query.workflowId !== undefined) add((p) => `workflow_id = ${p}`, query.workflowId);
		if (query.executionId !== undefined) add((p) => `execution_id = ${p}`, query.executionId);
		if (query.nodeName !== undefined) add((p) => `node_name = ${p}`, query.nodeName);
		if (query.statuses) add((p) => `status = ANY(${p}::text[])`, query.statuses);
		if (query.dueBefore !== undefined) {
			add((p) => `scheduled_for <= ${p}::timestamptz`, toIsoInstant(query.dueBefore, 'dueBefore'));
		}
		let sql = `SELECT * FROM ${this.s}.communications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
		if (query.limit !== undefined) {
			params.push(query.limit);
			sql += ` LIMIT $${params.length}::int`;
		}
		return (await this.db.query(sql, params)).map(toCommunication);
	}

	async claimDue(
		now: Date,
		workerId: string,
		limit: number,
		options: ClaimDueOptions = {},
	): Promise<CommunicationRecord[]> {
		const redispatchBefore =
			options.redispatchAfterMs === undefined
				? null
				: new Date(now.getTime() - options.redispatchAfterMs).toISOString();
		// SKIP LOCKED hands concurrent dispatchers disjoint rows; the re-check under the row
		// lock drops rows another dispatcher committed meanwhile.
		const rows = await this.db.query(
			`WITH picked AS (
				SELECT id FROM ${this.s}.communications
				WHERE (status = 'planned'
						AND (scheduled_for IS NULL OR scheduled_for <= $1::timestamptz OR expires_at <= $1::timestamptz)
						AND (dispatched_at IS NULL OR dispatched_at <= $3::timestamptz))
					OR (status = 'canceled' AND dispatched_at IS NULL AND resume_url IS NOT NULL)
				ORDER BY scheduled_for NULLS FIRST, seq
				LIMIT $4::int
				FOR UPDATE SKIP LOCKED
			)
			UPDATE ${this.s}.communications c SET dispatched_at = $1::timestamptz, claimed_by = $2::text,
				claimed_at = clock_timestamp(), updated_at = clock_timestamp()
			FROM picked WHERE c.id = picked.id RETURNING c.*`,
			[toIsoInstant(now, 'now'), workerId, redispatchBefore, limit],
		);
		return communicationsInDueOrder(rows);
	}

	async releaseDispatch(id: string): Promise<void> {
		await this.db.query(
			`UPDATE ${this.s}.communications SET dispatched_at = NULL, updated_at = clock_timestamp() WHERE id = $1`,
			[id],
		);
	}

	async cancel(participantId: string, name?: string): Promise<CommunicationRecord[]> {
		const rows = await this.db.query(
			`UPDATE ${this.s}.communications SET status = 'canceled', dispatched_at = NULL, updated_at = clock_timestamp()
			WHERE participant_id = $1 AND ($2::text IS NULL OR name = $2::text) AND status IN ('planned', 'active')
			RETURNING *`,
			[participantId, name ?? null],
		);
		return communicationsInCreationOrder(rows);
	}

	async finish(
		id: string,
		status: CommunicationStatus,
		result?: JsonObject | null,
	): Promise<CommunicationRecord | null> {
		assertTerminal(status);
		const row = await this.db.one(
			`UPDATE ${this.s}.communications SET status = $2::text,
				result = CASE WHEN $3::boolean THEN $4::jsonb ELSE result END,
				claimed_by = NULL, claimed_at = NULL, updated_at = clock_timestamp()
			WHERE id = $1 AND status NOT IN ${TERMINAL_SQL_LIST} RETURNING *`,
			[id, status, result !== undefined, jsonText(result)],
		);
		return row ? toCommunication(row) : null;
	}

	// Statistics -------------------------------------------------------------------------------

	async statsByName(name?: string): Promise<CommunicationStats[]> {
		const sql = statsQueries(
			{ communications: `${this.s}.communications`, deliveryEvents: `${this.s}.delivery_events` },
			'$1::text',
		);
		const filter = [name ?? null];
		return toStats(
			await this.db.query(sql.byStatus, filter),
			await this.db.query(sql.delivered, filter),
		);
	}

	// Per-execution batch records ------------------------------------------------------------

	async saveBatch(batch: Omit<ExecutionBatch, 'createdAt'>): Promise<ExecutionBatch> {
		return await savePostgresBatch(this.db, this.s, batch);
	}

	async getBatch(executionId: string, nodeName: string): Promise<ExecutionBatch | null> {
		return await getPostgresBatch(this.db, this.s, executionId, nodeName);
	}
}
