// The SQLite ledger's side records: participant profiles, manual tasks, call log, rate counters
// and delivery events. SqliteLedger adds the communications on top of this class.
import { randomUUID } from 'node:crypto';

import { applyProfileWrites, assertProfilePath } from './profile-paths';
import {
	callLogValues,
	toCallLogEntry,
	toDeliveryEvent,
	toIsoInstant,
	toProfile,
	toTask,
} from './rows';
import type { SqliteConnection } from './sqlite-connection';
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

export abstract class SqliteRecordStore {
	protected constructor(protected readonly db: SqliteConnection) {}

	// Participant profiles -----------------------------------------------------------------

	async getProfile(participantId: string): Promise<ParticipantProfile> {
		return toProfile(
			participantId,
			this.db.one('SELECT * FROM profiles WHERE participant_id = ?', [participantId]),
		);
	}

	async updateProfile(participantId: string, attributes: JsonObject): Promise<ParticipantProfile> {
		return this.db.write(() => {
			// Read-merge-write is atomic here: BEGIN IMMEDIATE holds the file's write lock throughout.
			const current = toProfile(
				participantId,
				this.db.one('SELECT * FROM profiles WHERE participant_id = ?', [participantId]),
			);
			const merged = { ...current.attributes, ...attributes };
			const row = this.db.one(
				`INSERT INTO profiles (participant_id, attributes, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (participant_id) DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at
				RETURNING *`,
				[participantId, JSON.stringify(merged), new Date().toISOString()],
			);
			return toProfile(participantId, row);
		});
	}

	async updateProfilePaths(
		participantId: string,
		writes: ProfilePathWrite[],
	): Promise<ParticipantProfile> {
		for (const write of writes) assertProfilePath(write.path);
		return this.db.write(() => {
			// Same lock as updateProfile: nobody else can write this profile between read and write.
			const current = toProfile(
				participantId,
				this.db.one('SELECT * FROM profiles WHERE participant_id = ?', [participantId]),
			);
			const next = applyProfileWrites(current.attributes, writes);
			const row = this.db.one(
				`INSERT INTO profiles (participant_id, attributes, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (participant_id) DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at
				RETURNING *`,
				[participantId, JSON.stringify(next), new Date().toISOString()],
			);
			return toProfile(participantId, row);
		});
	}

	// Manual tasks ---------------------------------------------------------------------------

	async createTask(input: NewManualTask): Promise<ManualTask> {
		const now = new Date().toISOString();
		return this.db.write(() => {
			const row = this.db.one(
				`INSERT INTO tasks (id, participant_id, kind, status, assignee, assign_rule, message, workflow_id,
					execution_id, resume_url, data, created_at, updated_at)
				VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
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
					now,
					now,
				],
			);
			if (!row) throw new Error('Communication ledger: task insert returned no row');
			return toTask(row);
		});
	}

	async getTask(id: string): Promise<ManualTask | null> {
		const row = this.db.one('SELECT * FROM tasks WHERE id = ?', [id]);
		return row ? toTask(row) : null;
	}

	async listTasks(query: { participantId?: string; status?: TaskStatus }): Promise<ManualTask[]> {
		return this.db
			.all(
				`SELECT * FROM tasks WHERE (? IS NULL OR participant_id = ?) AND (? IS NULL OR status = ?) ORDER BY seq`,
				[
					query.participantId ?? null,
					query.participantId ?? null,
					query.status ?? null,
					query.status ?? null,
				],
			)
			.map(toTask);
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
		const now = new Date().toISOString();
		return this.db.write(() => {
			const row = this.db.one(
				`UPDATE tasks SET status = ?, outcome = ?, completed_by = ?, message = COALESCE(?, message),
					completed_at = ?, updated_at = ? WHERE id = ? AND status = 'open' RETURNING *`,
				[
					update.status,
					update.outcome ?? null,
					update.completedBy ?? null,
					update.message ?? null,
					now,
					now,
					id,
				],
			);
			return row ? toTask(row) : null;
		});
	}

	// Call log ------------------------------------------------------------------------------

	async logCall(entry: NewCallLogEntry): Promise<{ inserted: boolean; entry: CallLogEntry }> {
		return this.db.write(() => {
			if (entry.externalCallId !== null) {
				const existing = this.db.one('SELECT * FROM call_log WHERE external_call_id = ?', [
					entry.externalCallId,
				]);
				if (existing) return { inserted: false, entry: toCallLogEntry(existing) };
			}
			const row = this.db.one(
				`INSERT INTO call_log (id, participant_id, external_call_id, direction, from_address, to_address, status,
					duration_seconds, recording_url, occurred_at, data, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
				[...callLogValues(randomUUID(), entry), new Date().toISOString()],
			);
			if (!row) throw new Error('Communication ledger: call insert returned no row');
			return { inserted: true, entry: toCallLogEntry(row) };
		});
	}

	async listCalls(participantId: string): Promise<CallLogEntry[]> {
		return this.db
			.all('SELECT * FROM call_log WHERE participant_id = ? ORDER BY occurred_at, seq', [
				participantId,
			])
			.map(toCallLogEntry);
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
		return this.db.write(() => {
			this.db.run('DELETE FROM rate_hits WHERE key = ? AND hit_at <= ?', [key, windowStart]);
			const counted = Number(
				this.db.one('SELECT count(*) AS count FROM rate_hits WHERE key = ?', [key])?.count ?? 0,
			);
			if (counted >= limit) return { allowed: false, count: counted };
			this.db.run('INSERT INTO rate_hits (key, hit_at) VALUES (?, ?)', [key, nowIso]);
			return { allowed: true, count: counted + 1 };
		});
	}

	// Delivery events and statistics -----------------------------------------------------------

	async recordDeliveryEvent(event: DeliveryEvent): Promise<void> {
		this.db.write(() =>
			this.db.run(
				'INSERT INTO delivery_events (provider_message_id, status, payload, received_at) VALUES (?, ?, ?, ?)',
				[
					event.providerMessageId,
					event.status,
					JSON.stringify(event.payload ?? {}),
					toIsoInstant(event.receivedAt, 'receivedAt'),
				],
			),
		);
	}

	async listDeliveryEvents(providerMessageId: string): Promise<DeliveryEvent[]> {
		return this.db
			.all(
				'SELECT * FROM delivery_events WHERE provider_message_id = ? ORDER BY received_at, seq',
				[providerMessageId],
			)
			.map(toDeliveryEvent);
	}
}
