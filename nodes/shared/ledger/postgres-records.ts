// The PostgreSQL ledger's side records: participant profiles, manual tasks, call log, rate
// counters and delivery events. PostgresLedger adds the communications on top of this class.
import { randomUUID } from 'node:crypto';

import type { PostgresConnection } from './postgres-connection';
import { applyProfileWrites, assertProfilePath } from './profile-paths';
import {
	callLogValues,
	toCallLogEntry,
	toDeliveryEvent,
	toIsoInstant,
	toProfile,
	toTask,
} from './rows';
import type {
	CallLogEntry,
	DeliveryEvent,
	JsonObject,
	ManualTask,
	NewCallLogEntry,
	NewManualTask,
	ParticipantProfile,
	ProfilePathWrite,
	RateLimitResult,
	TaskStatus,
} from './types';

export abstract class PostgresRecordStore {
	/** Quoted schema, interpolated into every statement (validated by the connection). */
	protected readonly s: string;

	protected constructor(protected readonly db: PostgresConnection) {
		this.s = db.schema;
	}

	// Participant profiles -----------------------------------------------------------------

	async getProfile(participantId: string): Promise<ParticipantProfile> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.profiles WHERE participant_id = $1`, [
			participantId,
		]);
		return toProfile(participantId, row);
	}

	async updateProfile(participantId: string, attributes: JsonObject): Promise<ParticipantProfile> {
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
		writes: ProfilePathWrite[],
	): Promise<ParticipantProfile> {
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

	async createTask(input: NewManualTask): Promise<ManualTask> {
		const row = await this.db.one(
			`INSERT INTO ${this.s}.tasks (id, participant_id, kind, status, assignee, assign_rule, message, workflow_id,
				execution_id, resume_url, data, created_at, updated_at)
			VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10::jsonb, clock_timestamp(), clock_timestamp())
			RETURNING *`,
			[
				input.id ?? randomUUID(),
				input.participantId,
				input.kind,
				input.assignee ?? null,
				input.assignRule,
				input.message ?? null,
				input.workflowId ?? null,
				input.executionId ?? null,
				input.resumeUrl ?? null,
				JSON.stringify(input.data ?? {}),
			],
		);
		if (!row) throw new Error('Communication ledger: task insert returned no row');
		return toTask(row);
	}

	async getTask(id: string): Promise<ManualTask | null> {
		const row = await this.db.one(`SELECT * FROM ${this.s}.tasks WHERE id = $1`, [id]);
		return row ? toTask(row) : null;
	}

	async listTasks(query: { participantId?: string; status?: TaskStatus }): Promise<ManualTask[]> {
		const rows = await this.db.query(
			`SELECT * FROM ${this.s}.tasks WHERE ($1::text IS NULL OR participant_id = $1::text)
				AND ($2::text IS NULL OR status = $2::text) ORDER BY seq`,
			[query.participantId ?? null, query.status ?? null],
		);
		return rows.map(toTask);
	}

	async closeTask(
		id: string,
		update: {
			status: Exclude<TaskStatus, 'open'>;
			outcome?: string | null;
			completedBy?: string | null;
			message?: string | null;
		},
	): Promise<ManualTask | null> {
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

	async logCall(entry: NewCallLogEntry): Promise<{ inserted: boolean; entry: CallLogEntry }> {
		const row = await this.db.one(
			`INSERT INTO ${this.s}.call_log (id, participant_id, external_call_id, direction, from_address, to_address,
				status, duration_seconds, recording_url, occurred_at, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::double precision, $9, $10::timestamptz, $11::jsonb, clock_timestamp())
			ON CONFLICT (external_call_id) DO NOTHING RETURNING *`,
			callLogValues(randomUUID(), entry),
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

	async listCalls(participantId: string): Promise<CallLogEntry[]> {
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
	): Promise<RateLimitResult> {
		const nowIso = toIsoInstant(now, 'now');
		const windowStart = new Date(now.getTime() - windowMs).toISOString();
		return this.db.transaction(async (tx): Promise<RateLimitResult> => {
			// Serialises hits per key (across workers) for the count-then-insert below.
			await tx.query('SELECT pg_advisory_xact_lock(hashtext($1::text), hashtext($2::text))', [
				this.s,
				key,
			]);
			await tx.query(
				`DELETE FROM ${this.s}.rate_hits WHERE key = $1 AND hit_at <= $2::timestamptz`,
				[key, windowStart],
			);
			const row = await tx.one(
				`SELECT count(*)::int AS count FROM ${this.s}.rate_hits WHERE key = $1`,
				[key],
			);
			const counted = Number(row?.count ?? 0);
			if (counted >= limit) return { allowed: false, count: counted };
			await tx.query(`INSERT INTO ${this.s}.rate_hits (key, hit_at) VALUES ($1, $2::timestamptz)`, [
				key,
				nowIso,
			]);
			return { allowed: true, count: counted + 1 };
		});
	}

	// Delivery events and statistics -----------------------------------------------------------

	async recordDeliveryEvent(event: DeliveryEvent): Promise<void> {
		await this.db.query(
			`INSERT INTO ${this.s}.delivery_events (provider_message_id, status, payload, received_at)
			VALUES ($1, $2, $3::jsonb, $4::timestamptz)`,
			[
				event.providerMessageId,
				event.status,
				JSON.stringify(event.payload ?? {}),
				toIsoInstant(event.receivedAt, 'receivedAt'),
			],
		);
	}

	async listDeliveryEvents(providerMessageId: string): Promise<DeliveryEvent[]> {
		const rows = await this.db.query(
			`SELECT * FROM ${this.s}.delivery_events WHERE provider_message_id = $1 ORDER BY received_at, seq`,
			[providerMessageId],
		);
		return rows.map(toDeliveryEvent);
	}
}
