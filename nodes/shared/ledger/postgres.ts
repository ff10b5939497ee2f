// PostgreSQL communication ledger for n8n queue mode: row locks, SKIP LOCKED and single-statement
// upserts keep several workers from double-claiming or losing each other's writes.
import { getPostgresBatch, savePostgresBatch } from './batches';
import {
	claimDuePostgres,
	cancelPostgres,
	nextDueAfterPostgres,
	releaseDispatchPostgres,
} from './postgres-dispatch';
import {
	PostgresConnection,
	type PostgresLedgerOptions,
	type Queryable,
} from './postgres-connection';
import { PostgresRecordStore } from './postgres-records';
import { compareText, completeParams, completeSql } from './postgres-sends';
import { toCommunication } from './rows';
import { suppressedAmongPostgres, suppressPostgres, unsuppressPostgres } from './suppressions';
import { collectStats } from './stats';
import { PostgresTemplateStore } from './template-store';
import { assertTerminal, claimOutcomeOf, TERMINAL_SQL_LIST } from './statuses';
import type * as T from './types';
import {
	COMMUNICATION_COLUMNS,
	communicationListQuery,
	communicationValues,
	jsonText,
	postgresParam,
} from './values';

export type { PostgresLedgerOptions } from './postgres-connection';

export class PostgresLedger extends PostgresRecordStore implements T.CommunicationLedger {
	readonly backend = 'postgres' as const;

	private readonly templates: T.LedgerTemplates;

	constructor(options: PostgresLedgerOptions) {
		super(new PostgresConnection(options));
		this.templates = new PostgresTemplateStore(this.db, this.s);
	}

	async init(): Promise<void> {
		await this.db.open();
	}

	async close(): Promise<void> {
		await this.db.close();
	}

	/** INSERT of a new communication; $14.. are the status, lease holder and attempts. */
	private insertSql(): string {
		return `INSERT INTO ${this.s}.communications (${COMMUNICATION_COLUMNS},
				status, claimed_by, claimed_at, attempts, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::int, $10::jsonb, $11::timestamptz, $12::timestamptz, $13,
				$14::text, $15::text, CASE WHEN $15::text IS NULL THEN NULL ELSE clock_timestamp() END, $16::int,
				clock_timestamp(), clock_timestamp())
			ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`;
	}

	// Idempotent sends -------------------------------------------------------------------

	async claimSend(
		input: T.NewCommunication,
		workerId: string,
		leaseMs: number,
	): Promise<T.ClaimOutcome> {
		return this.db.transaction(async (tx) => await this.claimOne(tx, input, workerId, leaseMs));
	}

	async claimSends(
		inputs: T.NewCommunication[],
		workerId: string,
		leaseMs: number,
	): Promise<T.ClaimOutcome[]> {
		if (inputs.length === 0) return [];
		// Row locks are taken in key order, so two batches sharing keys never deadlock.
		const order = inputs
			.map((input, index) => ({ input, index }))
			.sort((a, b) => compareText(a.input.idempotencyKey, b.input.idempotencyKey));
		return this.db.transaction(async (tx) => {
			const outcomes: T.ClaimOutcome[] = new Array(inputs.length);
			for (const { input, index } of order)
				outcomes[index] = await this.claimOne(tx, input, workerId, leaseMs);
			return outcomes;
		});
	}

	async completeSend(id: string, update: T.SendCompletion): Promise<T.CommunicationRecord> {
		const row = await this.db.one(completeSql(this.s), completeParams(id, update));
		if (row) return toCommunication(row);
		const current = await this.get(id);
		if (!current) throw new Error(`Communication ledger: no communication with id ${id}`);
		return current;
	}

	async completeSends(completions: T.SendCompletionOf[]): Promise<void> {
		if (completions.length === 0) return;
		const sorted = [...completions].sort((a, b) => compareText(a.id, b.id));
		await this.db.transaction(async (tx) => {
			for (const { id, ...update } of sorted) {
				const row = await tx.one(completeSql(this.s), completeParams(id, update));
				if (row) continue;
				const known = await tx.one(`SELECT id FROM ${this.s}.communications WHERE id = $1`, [id]);
				if (!known) throw new Error(`Communication ledger: no communication with id ${id}`);
			}
		});
	}

	/** The claim of one key inside the transaction `tx`. */
	private async claimOne(
		tx: Queryable,
		input: T.NewCommunication,
		workerId: string,
		leaseMs: number,
	): Promise<T.ClaimOutcome> {
		const params = [...communicationValues(input), 'active', workerId, 1];
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
		const settled = claimOutcomeOf(existing, row.lease_live === true);
		if (settled) return settled;
		const claimed = await tx.one(
			`UPDATE ${this.s}.communications SET status = 'active', claimed_by = $2, claimed_at = clock_timestamp(),
				attempts = attempts + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
			[existing.id, workerId],
		);
		if (!claimed)
			throw new Error(`Communication ledger: communication ${existing.id} vanished while claiming`);
		return { state: 'claimed', record: toCommunication(claimed) };
	}

	// Planned communications and dispatch ------------------------------------------------

	async plan(input: T.NewCommunication): Promise<T.CommunicationRecord> {
		return await this.planOne(this.db, input);
	}

	async planMany(inputs: T.NewCommunication[]): Promise<T.CommunicationRecord[]> {
		if (inputs.length === 0) return [];
		const order = inputs
			.map((input, index) => ({ input, index }))
			.sort((a, b) => compareText(a.input.idempotencyKey, b.input.idempotencyKey));
		return await this.db.transaction(async (tx) => {
			const records: T.CommunicationRecord[] = new Array(inputs.length);
			for (const { input, index } of order) records[index] = await this.planOne(tx, input);
			return records;
		});
	}

	private async planOne(db: Queryable, input: T.NewCommunication): Promise<T.CommunicationRecord> {
		const params = [...communicationValues(input), 'planned', null, 0];
		const inserted = await db.one(this.insertSql(), params);
		if (inserted) return toCommunication(inserted);
		const existing = await db.one(
			`SELECT * FROM ${this.s}.communications WHERE idempotency_key = $1`,
			[input.idempotencyKey],
		);
		if (!existing)
			throw new Error(
				`Communication ledger: idempotency key ${input.idempotencyKey} vanished while planning`,
			);
		return toCommunication(existing);
	}

	async get(id: string): Promise<T.CommunicationRecord | null> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.communications WHERE id = $1`, [id]);
		return row ? toCommunication(row) : null;
	}

	async getByKey(idempotencyKey: string): Promise<T.CommunicationRecord | null> {
		const row = await this.db.one(
			`SELECT * FROM ${this.s}.communications WHERE idempotency_key = $1`,
			[idempotencyKey],
		);
		return row ? toCommunication(row) : null;
	}

	async list(query: T.CommunicationQuery): Promise<T.CommunicationRecord[]> {
		const built = communicationListQuery(`${this.s}.communications`, query, postgresParam);
		return built ? (await this.db.query(built.sql, built.params)).map(toCommunication) : [];
	}

	async claimDue(
		now: Date,
		workerId: string,
		limit: number,
		options: T.ClaimDueOptions = {},
	): Promise<T.CommunicationRecord[]> {
		return await claimDuePostgres(this.db, this.s, now, workerId, limit, options);
	}

	async nextDueAfter(now: Date): Promise<Date | null> {
		return await nextDueAfterPostgres(this.db, this.s, now);
	}

	async releaseDispatch(id: string): Promise<void> {
		await releaseDispatchPostgres(this.db, this.s, id);
	}

	async cancel(
		participantId: string,
		name?: string,
		result?: T.JsonObject,
	): Promise<T.CommunicationRecord[]> {
		return await cancelPostgres(this.db, this.s, participantId, name, result);
	}

	async finish(
		id: string,
		status: T.CommunicationStatus,
		result?: T.JsonObject | null,
	): Promise<T.CommunicationRecord | null> {
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

	// Statistics and per-execution batch records ---------------------------------------------

	async statsByName(name?: string): Promise<T.CommunicationStats[]> {
		const tables = {
			communications: `${this.s}.communications`,
			deliveryEvents: `${this.s}.delivery_events`,
			messageStates: `${this.s}.message_states`,
		};
		return await collectStats(tables, '$1::text', name, (sql, params) =>
			this.db.query(sql, params),
		);
	}

	async saveBatch(batch: T.NewExecutionBatch): Promise<T.ExecutionBatch> {
		return await savePostgresBatch(this.db, this.s, batch);
	}

	async getBatch(executionId: string, nodeName: string): Promise<T.ExecutionBatch | null> {
		return await getPostgresBatch(this.db, this.s, executionId, nodeName);
	}

	// The suppression list ---------------------------------------------------------------

	async suppress(entry: T.NewSuppression): Promise<T.Suppression> {
		return await suppressPostgres(this.db, this.s, entry);
	}

	async unsuppress(channel: T.SuppressionChannel, address: string): Promise<boolean> {
		return await unsuppressPostgres(this.db, this.s, channel, address);
	}

	async suppressedAmong(
		channel: T.SuppressionChannel,
		addresses: string[],
	): Promise<Map<string, T.Suppression>> {
		return await suppressedAmongPostgres(this.db, this.s, channel, addresses);
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
