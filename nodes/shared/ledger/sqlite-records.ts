// The SQLite ledger's side records: participant profiles, manual tasks, call log, rate counters
// and delivery events. SqliteLedger adds the communications on top of this class.
import { applyProfileWrites, assertProfilePath } from './profile-paths';
import { eventInsertValues, eventsSql, stateValues, storedDeliveryStatus } from './events-sql';
import { toJsonObject } from './json';
import { toCallLogEntry, toCommunicationEvent, toDeliveryEvent, toProfile, toTask } from './rows';
import type { SqliteConnection } from './sqlite-connection';
import type * as T from './types';
import { CALL_LOG_INSERT, rateWindow, sqliteParam, TASK_INSERT } from './values';

export abstract class SqliteRecordStore {
	private readonly events = eventsSql('', sqliteParam);

	protected constructor(protected readonly db: SqliteConnection) {}

	// Participant profiles -----------------------------------------------------------------

	private readProfile(participantId: string): T.ParticipantProfile {
		return toProfile(
			participantId,
			this.db.one('SELECT * FROM profiles WHERE participant_id = ?', [participantId]),
		);
	}

	private storeProfile(participantId: string, attributes: T.JsonObject): T.ParticipantProfile {
		const row = this.db.one(
			`INSERT INTO profiles (participant_id, attributes, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (participant_id) DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at
			RETURNING *`,
			[participantId, JSON.stringify(attributes), new Date().toISOString()],
		);
		return toProfile(participantId, row);
	}

	async getProfile(participantId: string): Promise<T.ParticipantProfile> {
		return this.readProfile(participantId);
	}

	async updateProfile(
		participantId: string,
		attributes: T.JsonObject,
	): Promise<T.ParticipantProfile> {
		// Read-merge-write is atomic here: BEGIN IMMEDIATE holds the file's write lock throughout.
		return this.db.write(() =>
			this.storeProfile(participantId, {
				...this.readProfile(participantId).attributes,
				...attributes,
			}),
		);
	}

	async updateProfilePaths(
		participantId: string,
		writes: T.ProfilePathWrite[],
	): Promise<T.ParticipantProfile> {
		for (const write of writes) assertProfilePath(write.path);
		// Same lock as updateProfile: nobody else can write this profile between read and write.
		return this.db.write(() =>
			this.storeProfile(
				participantId,
				applyProfileWrites(this.readProfile(participantId).attributes, writes),
			),
		);
	}

	// Manual tasks ---------------------------------------------------------------------------

	async createTask(input: T.NewManualTask): Promise<T.ManualTask> {
		const now = new Date().toISOString();
		return this.db.write(() => {
			const row = this.db.one(
				`INSERT INTO tasks (${TASK_INSERT.columns}, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
				[...TASK_INSERT.values(input), now, now],
			);
			if (!row) throw new Error('Communication ledger: task insert returned no row');
			return toTask(row);
		});
	}

	async getTask(id: string): Promise<T.ManualTask | null> {
		const row = this.db.one('SELECT * FROM tasks WHERE id = ?', [id]);
		return row ? toTask(row) : null;
	}

	async listTasks(query: T.TaskFilter): Promise<T.ManualTask[]> {
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

	async closeTask(id: string, update: T.TaskClosing): Promise<T.ManualTask | null> {
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

	async logCall(entry: T.NewCallLogEntry): Promise<{ inserted: boolean; entry: T.CallLogEntry }> {
		return this.db.write(() => {
			if (entry.externalCallId !== null) {
				const existing = this.db.one('SELECT * FROM call_log WHERE external_call_id = ?', [
					entry.externalCallId,
				]);
				if (existing) return { inserted: false, entry: toCallLogEntry(existing) };
			}
			const row = this.db.one(
				`INSERT INTO call_log (${CALL_LOG_INSERT.columns}, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
				[...CALL_LOG_INSERT.values(entry), new Date().toISOString()],
			);
			if (!row) throw new Error('Communication ledger: call insert returned no row');
			return { inserted: true, entry: toCallLogEntry(row) };
		});
	}

	async listCalls(participantId: string): Promise<T.CallLogEntry[]> {
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
	): Promise<T.RateLimitResult> {
		const window = rateWindow(now, windowMs);
		return this.db.write(() => {
			this.db.run('DELETE FROM rate_hits WHERE key = ? AND hit_at <= ?', [key, window.start]);
			const counted = Number(
				this.db.one('SELECT count(*) AS count FROM rate_hits WHERE key = ?', [key])?.count ?? 0,
			);
			if (counted >= limit) return { allowed: false, count: counted };
			this.db.run('INSERT INTO rate_hits (key, hit_at) VALUES (?, ?)', [key, window.now]);
			return { allowed: true, count: counted + 1 };
		});
	}

	// Delivery events and statistics -----------------------------------------------------------

	async recordDeliveryEvent(event: T.NewDeliveryEvent): Promise<T.RecordedDeliveryEvent> {
		return this.db.write(() => {
			const communication = this.db.one(
				event.communicationId ? this.events.communicationById : this.events.communicationByMessage,
				[event.communicationId ?? event.providerMessageId],
			);
			const communicationId = communication ? String(communication.id) : null;
			const participantId =
				event.participantId ?? (communication ? String(communication.participant_id) : null);
			const inserted = this.db.one(
				this.events.insertEvent,
				eventInsertValues(event, communicationId, participantId),
			);
			const state = stateValues(event);
			if (inserted && state) this.db.run(this.events.advanceState, state);
			const stored = this.db.one(this.events.stateOf, [event.providerMessageId]);
			return {
				recorded: inserted !== undefined,
				communicationId,
				deliveryStatus: storedDeliveryStatus(stored?.status),
			};
		});
	}

	async listCommunicationEvents(communicationId: string): Promise<T.CommunicationEvent[]> {
		return this.db
			.all(this.events.communicationEvents, [communicationId, communicationId])
			.map(toCommunicationEvent);
	}

	async deliveryStatus(providerMessageId: string): Promise<T.DeliveryStatus | null> {
		return storedDeliveryStatus(this.db.one(this.events.stateOf, [providerMessageId])?.status);
	}

	async bindAddress(channel: string, address: string, participantId: string): Promise<void> {
		this.db.write(() =>
			this.db.run(this.events.bindAddress, [
				channel,
				address,
				participantId,
				new Date().toISOString(),
			]),
		);
	}

	async participantAt(channel: string, address: string): Promise<string | null> {
		const row = this.db.one(this.events.participantAt, [channel, address]);
		return row ? String(row.participant_id) : null;
	}

	// Settings ---------------------------------------------------------------------------------

	async getSetting(key: string): Promise<T.JsonObject | null> {
		const row = this.db.one(this.events.getSetting, [key]);
		return row ? toJsonObject(JSON.parse(String(row.value))) : null;
	}

	async putSetting(key: string, value: T.JsonObject): Promise<void> {
		this.db.write(() =>
			this.db.run(this.events.putSetting, [key, JSON.stringify(value), new Date().toISOString()]),
		);
	}

	async deleteSetting(key: string): Promise<void> {
		this.db.write(() => this.db.run(this.events.deleteSetting, [key]));
	}

	async listDeliveryEvents(providerMessageId: string): Promise<T.DeliveryEvent[]> {
		return this.db
			.all(
				'SELECT * FROM delivery_events WHERE provider_message_id = ? ORDER BY received_at, seq',
				[providerMessageId],
			)
			.map(toDeliveryEvent);
	}
}
