// Embedded communication ledger on node:sqlite: one WAL file, every write in a BEGIN IMMEDIATE
// transaction, so several connections or processes on the same file never double-claim.
import { randomUUID } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';

import {
	DONE_STATUSES,
	assertTerminal,
	isTerminalStatus,
	attemptsAfter,
	communicationsInCreationOrder,
	communicationsInDueOrder,
	toCommunication,
	toIsoInstant,
	toIsoInstantOrNull,
	toStats,
	jsonText,
	TERMINAL_SQL_LIST,
} from './rows';
import { getSqliteBatch, saveSqliteBatch } from './batches';
import { SqliteConnection } from './sqlite-connection';
import { SqliteRecordStore } from './sqlite-records';
import { statsQueries } from './stats';
import type {
	ClaimDueOptions,
	ClaimOutcome,
	CommunicationLedger,
	CommunicationQuery,
	CommunicationRecord,
	CommunicationStats,
	CommunicationStatus,
	JsonObject,
	ExecutionBatch,
	NewCommunication,
} from './types';

const SQLITE_STATS_TABLES = { communications: 'communications', deliveryEvents: 'delivery_events' };

export class SqliteLedger extends SqliteRecordStore implements CommunicationLedger {
	readonly backend = 'sqlite' as const;

	constructor(readonly path: string) {
		super(new SqliteConnection(path));
	}

	async init(): Promise<void> {
		this.db.open();
	}

	async close(): Promise<void> {
		this.db.close();
	}

	private communicationByKey(idempotencyKey: string): CommunicationRecord | null {
		const row = this.db.one('SELECT * FROM communications WHERE idempotency_key = ?', [
			idempotencyKey,
		]);
		return row ? toCommunication(row) : null;
	}

	private communicationById(id: string): CommunicationRecord | null {
		const row = this.db.one('SELECT * FROM communications WHERE id = ?', [id]);
		return row ? toCommunication(row) : null;
	}

	private insertCommunication(
		input: NewCommunication,
		state: { status: CommunicationStatus; claimedBy: string | null; attempts: number },
	): CommunicationRecord {
		if (!input.idempotencyKey)
			throw new Error('Communication ledger: an idempotency key is required');
		const now = new Date().toISOString();
		const row = this.db.one(
			`INSERT INTO communications (id, idempotency_key, participant_id, name, channel, status,
				workflow_id, execution_id, node_name, item_index, payload, scheduled_for, expires_at, resume_url,
				claimed_by, claimed_at, attempts, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[
				randomUUID(),
				input.idempotencyKey,
				input.participantId,
				input.name ?? '',
				input.channel,
				state.status,
				input.workflowId ?? null,
				input.executionId ?? null,
				input.nodeName ?? null,
				input.itemIndex ?? null,
				jsonText(input.payload),
				toIsoInstantOrNull(input.scheduledFor, 'scheduledFor'),
				toIsoInstantOrNull(input.expiresAt, 'expiresAt'),
				input.resumeUrl ?? null,
				state.claimedBy,
				state.claimedBy === null ? null : now,
				state.attempts,
				now,
				now,
			],
		);
		if (!row) throw new Error('Communication ledger: insert returned no row');
		return toCommunication(row);
	}

	// Idempotent sends -------------------------------------------------------------------

	async claimSend(
		input: NewCommunication,
		workerId: string,
		leaseMs: number,
	): Promise<ClaimOutcome> {
		return this.db.write((): ClaimOutcome => {
			const existing = this.communicationByKey(input.idempotencyKey);
			if (!existing) {
				const record = this.insertCommunication(input, {
					status: 'active',
					claimedBy: workerId,
					attempts: 1,
				});
				return { state: 'claimed', record };
			}
			if (DONE_STATUSES.includes(existing.status)) return { state: 'done', record: existing };
			const now = Date.now();
			const leaseLive =
				existing.status === 'active' &&
				existing.claimedAt !== null &&
				Date.parse(existing.claimedAt) > now - leaseMs;
			if (leaseLive) return { state: 'busy', record: existing };
			const iso = new Date(now).toISOString();
			const row = this.db.one(
				`UPDATE communications SET status = 'active', claimed_by = ?, claimed_at = ?, attempts = attempts + 1,
					updated_at = ? WHERE id = ? RETURNING *`,
				[workerId, iso, iso, existing.id],
			);
			if (!row)
				throw new Error(
					`Communication ledger: communication ${existing.id} vanished while claiming`,
				);
			return { state: 'claimed', record: toCommunication(row) };
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
		return this.db.write(() => {
			const current = this.communicationById(id);
			if (!current) throw new Error(`Communication ledger: no communication with id ${id}`);
			if (current.status === 'sent') return current;
			const now = new Date().toISOString();
			const row = this.db.one(
				`UPDATE communications SET status = ?, result = ?, provider_message_id = ?, attempts = ?, sent_at = ?,
					claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE id = ? RETURNING *`,
				[
					update.status,
					update.result === undefined ? jsonText(current.result) : jsonText(update.result),
					update.providerMessageId === undefined
						? current.providerMessageId
						: update.providerMessageId,
					attemptsAfter(current, update.attempts),
					update.status === 'sent' ? now : current.sentAt,
					now,
					id,
				],
			);
			if (!row)
				throw new Error(`Communication ledger: communication ${id} vanished while completing`);
			return toCommunication(row);
		});
	}

	// Planned communications and dispatch ------------------------------------------------

	async plan(input: NewCommunication): Promise<CommunicationRecord> {
		return this.db.write(
			() =>
				this.communicationByKey(input.idempotencyKey) ??
				this.insertCommunication(input, { status: 'planned', claimedBy: null, attempts: 0 }),
		);
	}

	async get(id: string): Promise<CommunicationRecord | null> {
		return this.communicationById(id);
	}

	async getByKey(idempotencyKey: string): Promise<CommunicationRecord | null> {
		return this.communicationByKey(idempotencyKey);
	}

	async list(query: CommunicationQuery): Promise<CommunicationRecord[]> {
		const where: string[] = [];
		const params: SQLInputValue[] = [];
		const equal = (column: string, value: string | undefined) => {
			if (value === undefined) return;
			where.push(`${column} = ?`);
			params.push(value);
		};
		equal('participant_id', query.participantId);
		equal('name', query.name);
		equal('workflow_id', query.workflowId);
		equal('execution_id', query.executionId);
		equal('node_name', query.nodeName);
		if (query.statuses) {
			if (query.statuses.length === 0) return [];
			where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
			params.push(...query.statuses);
		}
		if (query.dueBefore !== undefined) {
			where.push('scheduled_for <= ?');
			params.push(toIsoInstant(query.dueBefore, 'dueBefore'));
		}
		let sql = `SELECT * FROM communications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
		if (query.limit !== undefined) {
			sql += ' LIMIT ?';
			params.push(query.limit);
		}
		return this.db.allUncached(sql, params).map(toCommunication);
	}

	async claimDue(
		now: Date,
		workerId: string,
		limit: number,
		options: ClaimDueOptions = {},
	): Promise<CommunicationRecord[]> {
		const nowIso = toIsoInstant(now, 'now');
		const redispatchBefore =
			options.redispatchAfterMs === undefined
				? null
				: new Date(now.getTime() - options.redispatchAfterMs).toISOString();
		return this.db.write(() => {
			const claimedAt = new Date().toISOString();
			const rows = this.db.all(
				`UPDATE communications SET dispatched_at = ?, claimed_by = ?, claimed_at = ?, updated_at = ?
				WHERE seq IN (
					SELECT seq FROM communications
					WHERE (status = 'planned'
							AND (scheduled_for IS NULL OR scheduled_for <= ? OR expires_at <= ?)
							AND (dispatched_at IS NULL OR dispatched_at <= ?))
						OR (status = 'canceled' AND dispatched_at IS NULL AND resume_url IS NOT NULL)
					ORDER BY scheduled_for, seq LIMIT ?
				) RETURNING *`,
				[nowIso, workerId, claimedAt, claimedAt, nowIso, nowIso, redispatchBefore, limit],
			);
			return communicationsInDueOrder(rows);
		});
	}

	async releaseDispatch(id: string): Promise<void> {
		this.db.write(() =>
			this.db.run('UPDATE communications SET dispatched_at = NULL, updated_at = ? WHERE id = ?', [
				new Date().toISOString(),
				id,
			]),
		);
	}

	async cancel(participantId: string, name?: string): Promise<CommunicationRecord[]> {
		const rows = this.db.write(() =>
			this.db.all(
				`UPDATE communications SET status = 'canceled', dispatched_at = NULL, updated_at = ?
				WHERE participant_id = ? AND (? IS NULL OR name = ?) AND status IN ('planned', 'active') RETURNING *`,
				[new Date().toISOString(), participantId, name ?? null, name ?? null],
			),
		);
		return communicationsInCreationOrder(rows);
	}

	async finish(
		id: string,
		status: CommunicationStatus,
		result?: JsonObject | null,
	): Promise<CommunicationRecord | null> {
		assertTerminal(status);
		return this.db.write(() => {
			const current = this.communicationById(id);
			if (!current || isTerminalStatus(current.status)) return null;
			const row = this.db.one(
				`UPDATE communications SET status = ?, result = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ?
				WHERE id = ? AND status NOT IN ${TERMINAL_SQL_LIST} RETURNING *`,
				[
					status,
					result === undefined ? jsonText(current.result) : jsonText(result),
					new Date().toISOString(),
					id,
				],
			);
			return row ? toCommunication(row) : null;
		});
	}

	// Statistics -------------------------------------------------------------------------------

	async statsByName(name?: string): Promise<CommunicationStats[]> {
		const sql = statsQueries(SQLITE_STATS_TABLES, '?1');
		const filter = [name ?? null];
		return toStats(this.db.all(sql.byStatus, filter), this.db.all(sql.delivered, filter));
	}

	// Per-execution batch records ------------------------------------------------------------

	async saveBatch(batch: Omit<ExecutionBatch, 'createdAt'>): Promise<ExecutionBatch> {
		return saveSqliteBatch(this.db, batch);
	}

	async getBatch(executionId: string, nodeName: string): Promise<ExecutionBatch | null> {
		return getSqliteBatch(this.db, executionId, nodeName);
	}
}
