// Embedded communication ledger on node:sqlite: one WAL file, every write in a BEGIN IMMEDIATE
// transaction, so several connections or processes on the same file never double-claim.
import { getSqliteBatch, saveSqliteBatch } from './batches';
import { toCommunication } from './rows';
import { SqliteConnection } from './sqlite-connection';
import {
	cancelSqlite,
	claimDueSqlite,
	nextDueAfterSqlite,
	releaseDispatchSqlite,
} from './sqlite-dispatch';
import { SqliteRecordStore } from './sqlite-records';
import { suppressedAmongSqlite, suppressSqlite, unsuppressSqlite } from './suppressions';
import { collectStats } from './stats';
import { SqliteTemplateStore } from './template-store';
import {
	assertTerminal,
	attemptsAfter,
	claimOutcomeOf,
	isTerminalStatus,
	TERMINAL_SQL_LIST,
} from './statuses';
import type * as T from './types';
import {
	COMMUNICATION_COLUMNS,
	communicationListQuery,
	communicationValues,
	jsonText,
	sqliteParam,
} from './values';

const SQLITE_STATS_TABLES = {
	communications: 'communications',
	deliveryEvents: 'delivery_events',
	messageStates: 'message_states',
};

// The statements of the send path are fixed texts, built once: the connection caches a prepared
// statement per text, and a text built per call would be hashed again for every item.
const SELECT_BY = {
	id: 'SELECT * FROM communications WHERE id = ?',
	idempotency_key: 'SELECT * FROM communications WHERE idempotency_key = ?',
};
const INSERT_COMMUNICATION = `INSERT INTO communications (${COMMUNICATION_COLUMNS},
	status, claimed_by, claimed_at, attempts, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;
const RECLAIM = `UPDATE communications SET status = 'active', claimed_by = ?, claimed_at = ?,
	attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING *`;
const COMPLETE_KEEPING_RESULT = `UPDATE communications SET status = ?, provider_message_id = ?,
	attempts = ?, sent_at = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE id = ?`;
const COMPLETE_WITH_RESULT = `UPDATE communications SET status = ?, result = ?, provider_message_id = ?,
	attempts = ?, sent_at = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE id = ?`;

/** A new row's lease state: planned rows have none, claimed rows are leased to a worker. */
interface InsertState {
	status: T.CommunicationStatus;
	claimedBy: string | null;
	attempts: number;
}

export class SqliteLedger extends SqliteRecordStore implements T.CommunicationLedger {
	readonly backend = 'sqlite' as const;

	private readonly templates: T.LedgerTemplates;

	constructor(readonly path: string) {
		super(new SqliteConnection(path));
		this.templates = new SqliteTemplateStore(this.db);
	}

	async init(): Promise<void> {
		this.db.open();
	}

	async close(): Promise<void> {
		this.db.close();
	}

	private communicationWhere(column: 'id' | 'idempotency_key', value: string) {
		const row = this.db.one(SELECT_BY[column], [value]);
		return row ? toCommunication(row) : null;
	}

	private insertCommunication(input: T.NewCommunication, state: InsertState) {
		const values = communicationValues(input);
		const now = new Date().toISOString();
		values.push(
			state.status,
			state.claimedBy,
			state.claimedBy === null ? null : now,
			state.attempts,
			now,
			now,
		);
		const row = this.db.one(INSERT_COMMUNICATION, values);
		if (!row) throw new Error('Communication ledger: insert returned no row');
		return toCommunication(row);
	}

	// Idempotent sends -------------------------------------------------------------------

	async claimSend(
		input: T.NewCommunication,
		workerId: string,
		leaseMs: number,
	): Promise<T.ClaimOutcome> {
		return this.db.write(() => this.claimOne(input, workerId, leaseMs));
	}

	async claimSends(
		inputs: T.NewCommunication[],
		workerId: string,
		leaseMs: number,
	): Promise<T.ClaimOutcome[]> {
		if (inputs.length === 0) return [];
		return this.db.write(() => inputs.map((input) => this.claimOne(input, workerId, leaseMs)));
	}

	async completeSend(id: string, update: T.SendCompletion): Promise<T.CommunicationRecord> {
		return this.db.write(() => {
			this.completeOne(id, update);
			const record = this.communicationWhere('id', id);
			if (!record)
				throw new Error(`Communication ledger: communication ${id} vanished while completing`);
			return record;
		});
	}

	async completeSends(completions: T.SendCompletionOf[]): Promise<void> {
		if (completions.length === 0) return;
		this.db.write(() => {
			for (const completion of completions) this.completeOne(completion.id, completion);
		});
	}

	/** The claim of one key; runs inside a write transaction. */
	private claimOne(input: T.NewCommunication, workerId: string, leaseMs: number): T.ClaimOutcome {
		const existing = this.communicationWhere('idempotency_key', input.idempotencyKey);
		if (!existing) {
			const state = { status: 'active' as const, claimedBy: workerId, attempts: 1 };
			return { state: 'claimed', record: this.insertCommunication(input, state) };
		}
		const now = Date.now();
		const leaseLive =
			existing.status === 'active' &&
			existing.claimedAt !== null &&
			Date.parse(existing.claimedAt) > now - leaseMs;
		const settled = claimOutcomeOf(existing, leaseLive);
		if (settled) return settled;
		const iso = new Date(now).toISOString();
		const row = this.db.one(RECLAIM, [workerId, iso, iso, existing.id]);
		if (!row)
			throw new Error(`Communication ledger: communication ${existing.id} vanished while claiming`);
		return { state: 'claimed', record: toCommunication(row) };
	}

	/** The completion of one lease (a sent row stays as it is); runs inside a write transaction. */
	private completeOne(id: string, update: T.SendCompletion): void {
		const before = this.completionState(id);
		if (!before) throw new Error(`Communication ledger: no communication with id ${id}`);
		if (before.status === 'sent') return;
		const now = new Date().toISOString();
		const keepResult = update.result === undefined;
		// Without a result the stored one stays.
		const values: Array<string | number | null> = keepResult
			? [update.status]
			: [update.status, jsonText(update.result)];
		values.push(
			update.providerMessageId === undefined ? before.providerMessageId : update.providerMessageId,
			attemptsAfter(before, update.attempts),
			update.status === 'sent' ? now : before.sentAt,
			now,
			id,
		);
		this.db.run(keepResult ? COMPLETE_KEEPING_RESULT : COMPLETE_WITH_RESULT, values);
	}

	/** What a completion reads of the row it ends. */
	private completionState(
		id: string,
	):
		| Pick<T.CommunicationRecord, 'status' | 'attempts' | 'sentAt' | 'providerMessageId'>
		| undefined {
		const row = this.db.one(
			'SELECT status, attempts, sent_at, provider_message_id FROM communications WHERE id = ?',
			[id],
		);
		if (!row) return undefined;
		return {
			status: row.status as T.CommunicationRecord['status'],
			attempts: Number(row.attempts),
			sentAt: (row.sent_at as string | null) ?? null,
			providerMessageId: (row.provider_message_id as string | null) ?? null,
		};
	}

	// Planned communications and dispatch ------------------------------------------------

	async plan(input: T.NewCommunication): Promise<T.CommunicationRecord> {
		return this.db.write(() => this.planOne(input));
	}

	async planMany(inputs: T.NewCommunication[]): Promise<T.CommunicationRecord[]> {
		if (inputs.length === 0) return [];
		return this.db.write(() => inputs.map((input) => this.planOne(input)));
	}

	private planOne(input: T.NewCommunication): T.CommunicationRecord {
		return (
			this.communicationWhere('idempotency_key', input.idempotencyKey) ??
			this.insertCommunication(input, { status: 'planned', claimedBy: null, attempts: 0 })
		);
	}

	async get(id: string): Promise<T.CommunicationRecord | null> {
		return this.communicationWhere('id', id);
	}

	async getByKey(idempotencyKey: string): Promise<T.CommunicationRecord | null> {
		return this.communicationWhere('idempotency_key', idempotencyKey);
	}

	async list(query: T.CommunicationQuery): Promise<T.CommunicationRecord[]> {
		const built = communicationListQuery('communications', query, sqliteParam);
		return built ? this.db.allUncached(built.sql, built.params).map(toCommunication) : [];
	}

	async claimDue(
		now: Date,
		workerId: string,
		limit: number,
		options: T.ClaimDueOptions = {},
	): Promise<T.CommunicationRecord[]> {
		return claimDueSqlite(this.db, now, workerId, limit, options);
	}

	async nextDueAfter(now: Date): Promise<Date | null> {
		return nextDueAfterSqlite(this.db, now);
	}

	async releaseDispatch(id: string): Promise<void> {
		releaseDispatchSqlite(this.db, id);
	}

	async cancel(
		participantId: string,
		name?: string,
		result?: T.JsonObject,
	): Promise<T.CommunicationRecord[]> {
		return cancelSqlite(this.db, participantId, name, result);
	}

	async finish(
		id: string,
		status: T.CommunicationStatus,
		result?: T.JsonObject | null,
	): Promise<T.CommunicationRecord | null> {
		assertTerminal(status);
		return this.db.write(() => {
			const current = this.communicationWhere('id', id);
			if (!current || isTerminalStatus(current.status)) return null;
			const row = this.db.one(
				`UPDATE communications SET status = ?, result = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ?
				WHERE id = ? AND status NOT IN ${TERMINAL_SQL_LIST} RETURNING *`,
				[
					status,
					jsonText(result === undefined ? current.result : result),
					new Date().toISOString(),
					id,
				],
			);
			return row ? toCommunication(row) : null;
		});
	}

	// Statistics and per-execution batch records ---------------------------------------------

	async statsByName(name?: string): Promise<T.CommunicationStats[]> {
		return await collectStats(SQLITE_STATS_TABLES, '?1', name, (sql, params) =>
			this.db.all(sql, params),
		);
	}

	async saveBatch(batch: T.NewExecutionBatch): Promise<T.ExecutionBatch> {
		return saveSqliteBatch(this.db, batch);
	}

	async getBatch(executionId: string, nodeName: string): Promise<T.ExecutionBatch | null> {
		return getSqliteBatch(this.db, executionId, nodeName);
	}

	// The suppression list ---------------------------------------------------------------

	async suppress(entry: T.NewSuppression): Promise<T.Suppression> {
		return suppressSqlite(this.db, entry);
	}

	async unsuppress(channel: T.SuppressionChannel, address: string): Promise<boolean> {
		return unsuppressSqlite(this.db, channel, address);
	}

	async suppressedAmong(
		channel: T.SuppressionChannel,
		addresses: string[],
	): Promise<Map<string, T.Suppression>> {
		return suppressedAmongSqlite(this.db, channel, addresses);
	}

	// Saved templates (template-store.ts) ---------------------------------------------------

	createTemplate: T.LedgerTemplates['createTemplate'] = (input) =>
		this.templates.createTemplate(input);
	saveTemplateVersion: T.LedgerTemplates['saveTemplateVersion'] = (id, input) =>
		this.templates.saveTemplateVersion(id, input);
	getTemplate: T.LedgerTemplates['getTemplate'] = (id, version) =>
		this.templates.getTemplate(id, version);
	listTemplates: T.LedgerTemplates['listTemplates'] = (query) =>
		this.templates.listTemplates(query);
	deleteTemplate: T.LedgerTemplates['deleteTemplate'] = (id, mode) =>
		this.templates.deleteTemplate(id, mode);
	statsByTemplate: T.LedgerTemplates['statsByTemplate'] = (id) =>
		this.templates.statsByTemplate(id);
}
