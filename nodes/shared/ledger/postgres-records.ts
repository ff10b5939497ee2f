// The PostgreSQL ledger's side records: participant profiles, manual tasks, call log, rate
// counters and delivery events. PostgresLedger adds the communications on top of this class.
import type { PostgresConnection } from './postgres-connection';
import { applyProfileWrites, assertProfilePath } from './profile-paths';
import { eventInsertValues, eventsSql, stateValues, storedDeliveryStatus } from './events-sql';
import type { EventsSql } from './events-sql';
import { toJsonObject } from './json';
import { toCallLogEntry, toCommunicationEvent, toDeliveryEvent, toProfile, toTask } from './rows';
import type * as T from './types';
import { CALL_LOG_INSERT, postgresParam, rateWindow, TASK_INSERT } from './values';

export abstract class PostgresRecordStore {
	/** Quoted schema, interpolated into every statement (validated by the connection). */
	protected readonly s: string;

	private readonly events: EventsSql;

	protected constructor(protected readonly db: PostgresConnection) {
		this.s = db.schema;
		this.events = eventsSql(`${db.schema}.`, postgresParam);
	}

	// Participant profiles -----------------------------------------------------------------

	async getProfile(participantId: string): Promise<T.ParticipantProfile> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.profiles WHERE participant_id = $1`, [
			participantId,
		]);
		return toProfile(participantId, row);
	}

	async updateProfile(
		participantId: string,
		attributes: T.JsonObject,
	): Promise<T.ParticipantProfile> {
		// jsonb || merges top-level keys inside one locked upsert, so concurrent keys all survive.
		const row = await this.db.one(
			`INSERT INTO ${this.s}.profiles AS p (participant_id, attributes, updated_at)
			VALUES ($1, $2::jsonb, clock_timestamp())
			ON CONFLICT (participant_id) DO UPDATE
				SET attributes = p.attributes || excluded.attributes, updated_at = excluded.updated_at
			RETURNING *`,
			[participantId, JSON.stringify(attributes)],
		);
		return toProfile(participantId, row);
	}

	async updateProfilePaths(
		participantId: string,
		writes: T.ProfilePathWrite[],
	): Promise<T.ParticipantProfile> {
		for (const write of writes) assertProfilePath(write.path);
		return await this.db.transaction(async (tx) => {
			// The row lock (taken on a row that surely exists) serialises concurrent path writers.
			await tx.query(
				`INSERT INTO ${this.s}.profiles (participant_id, attributes, updated_at)
				VALUES ($1, '{}'::jsonb, clock_timestamp()) ON CONFLICT (participant_id) DO NOTHING`,
				[participantId],
			);
			const locked = await tx.one(
				`SELECT * FROM ${this.s}.profiles WHERE participant_id = $1 FOR UPDATE`,
				[participantId],
			);
			const next = applyProfileWrites(toProfile(participantId, locked).attributes, writes);
			const row = await tx.one(
				`UPDATE ${this.s}.profiles SET attributes = $2::jsonb, updated_at = clock_timestamp()
				WHERE participant_id = $1 RETURNING *`,
				[participantId, JSON.stringify(next)],
			);
			return toProfile(participantId, row);
		});
	}

	// Manual tasks ---------------------------------------------------------------------------

	async createTask(input: T.NewManualTask): Promise<T.ManualTask> {
		const row = await this.db.one(
			`INSERT INTO ${this.s}.tasks (${TASK_INSERT.columns}, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, 'open', clock_timestamp(), clock_timestamp())
			RETURNING *`,
			TASK_INSERT.values(input),
		);
		if (!row) throw new Error('Communication ledger: task insert returned no row');
		return toTask(row);
	}

	async getTask(id: string): Promise<T.ManualTask | null> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.tasks WHERE id = $1`, [id]);
		return row ? toTask(row) : null;
	}

	async listTasks(query: T.TaskFilter): Promise<T.ManualTask[]> {
		const rows = await this.db.query(
			`SELECT * FROM ${this.s}.tasks WHERE ($1::text IS NULL OR participant_id = $1::text)
				AND ($2::text IS NULL OR status = $2::text) ORDER BY seq`,
			[query.participantId ?? null, query.status ?? null],
		);
		return rows.map(toTask);
	}

	async closeTask(id: string, update: T.TaskClosing): Promise<T.ManualTask | null> {
		const row = await this.db.one(
			`UPDATE ${this.s}.tasks SET status = $2, outcome = $3, completed_by = $4, message = coalesce($5, message),
				completed_at = clock_timestamp(), updated_at = clock_timestamp()
			WHERE id = $1 AND status = 'open' RETURNING *`,
			[
				id,
				update.status,
				update.outcome ?? null,
				update.completedBy ?? null,
				update.message ?? null,
			],
		);
		return row ? toTask(row) : null;
	}

	// Call log ------------------------------------------------------------------------------

	async logCall(entry: T.NewCallLogEntry): Promise<{ inserted: boolean; entry: T.CallLogEntry }> {
		const row = await this.db.one(
			`INSERT INTO ${this.s}.call_log (${CALL_LOG_INSERT.columns}, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::double precision, $9, $10::timestamptz, $11::jsonb, clock_timestamp())
			ON CONFLICT (external_call_id) DO NOTHING RETURNING *`,
			CALL_LOG_INSERT.values(entry),
		);
		if (row) return { inserted: true, entry: toCallLogEntry(row) };
		const existing = await this.db.one(
			`SELECT * FROM ${this.s}.call_log WHERE external_call_id = $1`,
			[entry.externalCallId],
		);
		if (!existing)
			throw new Error(`Communication ledger: call ${entry.externalCallId} vanished while logging`);
		return { inserted: false, entry: toCallLogEntry(existing) };
	}

	async listCalls(participantId: string): Promise<T.CallLogEntry[]> {
		const rows = await this.db.query(
			`SELECT * FROM ${this.s}.call_log WHERE participant_id = $1 ORDER BY occurred_at, seq`,
			[participantId],
		);
		return rows.map(toCallLogEntry);
	}

	// Notification rate counters ---------------------------------------------------------------

	async hitRateLimit(
		key: string,
		limit: number,
		windowMs: number,
		now: Date,
	): Promise<T.RateLimitResult> {
		const window = rateWindow(now, windowMs);
		return this.db.transaction(async (tx): Promise<T.RateLimitResult> => {
			// Serialises hits per key (across workers) for the count-then-insert below.
			await tx.query('SELECT pg_advisory_xact_lock(hashtext($1::text), hashtext($2::text))', [
				this.s,
				key,
			]);
			await tx.query(
				`DELETE FROM ${this.s}.rate_hits WHERE key = $1 AND hit_at <= $2::timestamptz`,
				[key, window.start],
			);
			const row = await tx.one(
				`SELECT count(*)::int AS count FROM ${this.s}.rate_hits WHERE key = $1`,
				[key],
			);
			const counted = Number(row?.count ?? 0);
			if (counted >= limit) return { allowed: false, count: counted };
			await tx.query(`INSERT INTO ${this.s}.rate_hits (key, hit_at) VALUES ($1, $2::timestamptz)`, [
				key,
				window.now,
			]);
			return { allowed: true, count: counted + 1 };
		});
	}

	// Delivery events and statistics -----------------------------------------------------------

	async recordDeliveryEvent(event: T.NewDeliveryEvent): Promise<T.RecordedDeliveryEvent> {
		return await this.db.transaction(async (tx) => {
			const communication = await tx.one(
				event.communicationId ? this.events.communicationById : this.events.communicationByMessage,
				[event.communicationId ?? event.providerMessageId],
			);
			const communicationId = communication ? String(communication.id) : null;
			const participantId =
				event.participantId ?? (communication ? String(communication.participant_id) : null);
			const inserted = await tx.one(
				this.events.insertEvent,
				eventInsertValues(event, communicationId, participantId),
			);
			const state = stateValues(event);
			if (inserted && state) await tx.query(this.events.advanceState, state);
			const stored = await tx.one(this.events.stateOf, [event.providerMessageId]);
			return {
				recorded: inserted !== undefined,
				communicationId,
				deliveryStatus: storedDeliveryStatus(stored?.status),
			};
		});
	}

	async listCommunicationEvents(communicationId: string): Promise<T.CommunicationEvent[]> {
		const rows = await this.db.query(this.events.communicationEvents, [
			communicationId,
			communicationId,
		]);
		return rows.map(toCommunicationEvent);
	}

	async deliveryStatus(providerMessageId: string): Promise<T.DeliveryStatus | null> {
		const row = await this.db.one(this.events.stateOf, [providerMessageId]);
		return storedDeliveryStatus(row?.status);
	}

	async bindAddress(channel: string, address: string, participantId: string): Promise<void> {
		await this.db.query(this.events.bindAddress, [
			channel,
			address,
			participantId,
			new Date().toISOString(),
		]);
	}

	async participantAt(channel: string, address: string): Promise<string | null> {
		const row = await this.db.one(this.events.participantAt, [channel, address]);
		return row ? String(row.participant_id) : null;
	}

	// Settings ---------------------------------------------------------------------------------

	async getSetting(key: string): Promise<T.JsonObject | null> {
		const row = await this.db.one(this.events.getSetting, [key]);
		return row ? toJsonObject(row.value) : null;
	}

	async putSetting(key: string, value: T.JsonObject): Promise<void> {
		await this.db.query(this.events.putSetting, [
			key,
			JSON.stringify(value),
			new Date().toISOString(),
		]);
	}

	async deleteSetting(key: string): Promise<void> {
		await this.db.query(this.events.deleteSetting, [key]);
	}

	async listDeliveryEvents(providerMessageId: string): Promise<T.DeliveryEvent[]> {
		const rows = await this.db.query(
			`SELECT * FROM ${this.s}.delivery_events WHERE provider_message_id = $1 ORDER BY received_at, seq`,
			[providerMessageId],
		);
		return rows.map(toDeliveryEvent);
	}
}
