// Maps stored rows to ledger records and normalises inputs, identically for both backends.
import type {
	NewCallLogEntry,
	CallLogEntry,
	CommunicationRecord,
	CommunicationStats,
	CommunicationStatus,
	DeliveryEvent,
	JsonObject,
	ManualTask,
	ParticipantProfile,
	TaskStatus,
} from './types';
import { TERMINAL_STATUSES } from './types';

/** One stored row as a driver returns it (SQLite: text; PostgreSQL: Date and parsed jsonb). */
export type Row = Record<string, unknown>;

const STATUSES: readonly CommunicationStatus[] = [
	'planned',
	'active',
	'queued',
	...TERMINAL_STATUSES,
];
const TASK_STATUSES: readonly TaskStatus[] = [
	'open',
	'completed',
	'deleted',
	'timed_out',
	'canceled',
];

/** Statuses claimSend answers with `done`: the message went out or must never go out. */
export const DONE_STATUSES: readonly CommunicationStatus[] = [
	'sent',
	'queued',
	'skipped',
	'canceled',
	'expired',
];

/** The final statuses as an SQL list, for `status NOT IN ...` in both backends. */
export const TERMINAL_SQL_LIST = `(${TERMINAL_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** JSON columns travel as text: SQLite stores it, PostgreSQL casts it to jsonb. */
export function jsonText(value: JsonObject | null | undefined): string | null {
	return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * The total after completeSend reports `leaseAttempts` tries: a leased (active) row already
 * counted one for its claim, which the reported tries replace.
 */
export function attemptsAfter(
	current: CommunicationRecord,
	leaseAttempts: number | undefined,
): number {
	if (leaseAttempts === undefined) return current.attempts;
	const counted =
		current.status === 'active' ? Math.max(current.attempts - 1, 0) : current.attempts;
	return counted + leaseAttempts;
}

export function isTerminalStatus(status: CommunicationStatus): boolean {
	return TERMINAL_STATUSES.includes(status);
}

/** Stored instants are always UTC ISO strings, so text comparison orders them (SQLite). */
export function toIsoInstant(value: string | Date, field: string): string {
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime())) {
		throw new Error(`Communication ledger: ${field} '${String(value)}' is not a valid date`);
	}
	return date.toISOString();
}

export function toIsoInstantOrNull(
	value: string | Date | null | undefined,
	field: string,
): string | null {
	return value === null || value === undefined || value === '' ? null : toIsoInstant(value, field);
}

export function assertTerminal(status: CommunicationStatus): void {
	if (!isTerminalStatus(status)) {
		throw new Error(
			`Communication ledger: '${status}' is not a final status (use one of ${TERMINAL_STATUSES.join(', ')})`,
		);
	}
}

function text(row: Row, column: string): string {
	const value = row[column];
	if (typeof value === 'string') return value;
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	throw new Error(`Communication ledger: column ${column} is missing from a stored row`);
}

function textOrNull(row: Row, column: string): string | null {
	return row[column] === null || row[column] === undefined ? null : text(row, column);
}

function numberOrNull(row: Row, column: string): number | null {
	const value = row[column];
	if (value === null || value === undefined) return null;
	return Number(value);
}

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonOrNull(row: Row, column: string): JsonObject | null {
	const value = row[column];
	if (value === null || value === undefined) return null;
	const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
	return isJsonObject(parsed) ? parsed : null;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
	const match = allowed.find((candidate) => candidate === value);
	if (match === undefined)
		throw new Error(`Communication ledger: unknown ${what} '${value}' in a stored row`);
	return match;
}

export function toCommunication(row: Row): CommunicationRecord {
	return {
		id: text(row, 'id'),
		idempotencyKey: text(row, 'idempotency_key'),
		participantId: text(row, 'participant_id'),
		name: text(row, 'name'),
		channel: text(row, 'channel'),
		status: oneOf(STATUSES, text(row, 'status'), 'communication status'),
		workflowId: textOrNull(row, 'workflow_id'),
		executionId: textOrNull(row, 'execution_id'),
		nodeName: textOrNull(row, 'node_name'),
		itemIndex: numberOrNull(row, 'item_index'),
		payload: jsonOrNull(row, 'payload'),
		result: jsonOrNull(row, 'result'),
		scheduledFor: textOrNull(row, 'scheduled_for'),
		expiresAt: textOrNull(row, 'expires_at'),
		resumeUrl: textOrNull(row, 'resume_url'),
		claimedBy: textOrNull(row, 'claimed_by'),
		claimedAt: textOrNull(row, 'claimed_at'),
		dispatchedAt: textOrNull(row, 'dispatched_at'),
		attempts: numberOrNull(row, 'attempts') ?? 0,
		providerMessageId: textOrNull(row, 'provider_message_id'),
		sentAt: textOrNull(row, 'sent_at'),
		createdAt: text(row, 'created_at'),
		updatedAt: text(row, 'updated_at'),
	};
}

const seqOf = (row: Row): number => Number(row.seq);

/** Rows from UPDATE ... RETURNING come in no particular order: restore creation order. */
export function communicationsInCreationOrder(rows: Row[]): CommunicationRecord[] {
	return [...rows].sort((a, b) => seqOf(a) - seqOf(b)).map(toCommunication);
}

/** The dispatcher's order: undated first, then earliest due, then oldest. */
export function communicationsInDueOrder(rows: Row[]): CommunicationRecord[] {
	return rows
		.map((row) => ({ seq: seqOf(row), record: toCommunication(row) }))
		.sort((a, b) => {
			const dueA = a.record.scheduledFor ?? '';
			const dueB = b.record.scheduledFor ?? '';
			if (dueA !== dueB) return dueA < dueB ? -1 : 1;
			return a.seq - b.seq;
		})
		.map(({ record }) => record);
}

export function toProfile(participantId: string, row: Row | undefined): ParticipantProfile {
	if (!row) return { participantId, attributes: {}, updatedAt: null };
	return {
		participantId,
		attributes: jsonOrNull(row, 'attributes') ?? {},
		updatedAt: textOrNull(row, 'updated_at'),
	};
}

export function toTask(row: Row): ManualTask {
	return {
		id: text(row, 'id'),
		participantId: text(row, 'participant_id'),
		kind: oneOf(['sms', 'call'] as const, text(row, 'kind'), 'task kind'),
		status: oneOf(TASK_STATUSES, text(row, 'status'), 'task status'),
		assignee: textOrNull(row, 'assignee'),
		assignRule: text(row, 'assign_rule'),
		message: textOrNull(row, 'message'),
		outcome: textOrNull(row, 'outcome'),
		completedBy: textOrNull(row, 'completed_by'),
		completedAt: textOrNull(row, 'completed_at'),
		workflowId: textOrNull(row, 'workflow_id'),
		executionId: textOrNull(row, 'execution_id'),
		resumeUrl: textOrNull(row, 'resume_url'),
		data: jsonOrNull(row, 'data') ?? {},
		createdAt: text(row, 'created_at'),
		updatedAt: text(row, 'updated_at'),
	};
}

/** The column values of a new call-log row (both backends insert the same columns in this order). */
export function callLogValues(id: string, entry: NewCallLogEntry): Array<string | number | null> {
	return [
		id,
		entry.participantId,
		entry.externalCallId,
		entry.direction,
		entry.from,
		entry.to,
		entry.status,
		entry.durationSeconds,
		entry.recordingUrl,
		toIsoInstant(entry.occurredAt, 'occurredAt'),
		JSON.stringify(entry.data ?? {}),
	];
}

export function toCallLogEntry(row: Row): CallLogEntry {
	return {
		id: text(row, 'id'),
		participantId: text(row, 'participant_id'),
		externalCallId: textOrNull(row, 'external_call_id'),
		direction: oneOf(['inbound', 'outbound'] as const, text(row, 'direction'), 'call direction'),
		from: textOrNull(row, 'from_address'),
		to: textOrNull(row, 'to_address'),
		status: textOrNull(row, 'status'),
		durationSeconds: numberOrNull(row, 'duration_seconds'),
		recordingUrl: textOrNull(row, 'recording_url'),
		occurredAt: text(row, 'occurred_at'),
		data: jsonOrNull(row, 'data') ?? {},
		createdAt: text(row, 'created_at'),
	};
}

export function toDeliveryEvent(row: Row): DeliveryEvent {
	return {
		providerMessageId: text(row, 'provider_message_id'),
		status: text(row, 'status'),
		payload: jsonOrNull(row, 'payload') ?? {},
		receivedAt: text(row, 'received_at'),
	};
}

/**
 * Folds `(name, status, count)` rows and `(name, delivered)` rows into per-name stats,
 * sorted by name, leaving zero counts out.
 */
export function toStats(statusRows: Row[], deliveredRows: Row[]): CommunicationStats[] {
	const byName = new Map<string, CommunicationStats>();
	const entry = (name: string): CommunicationStats => {
		let stats = byName.get(name);
		if (!stats) {
			stats = { name, counts: {} };
			byName.set(name, stats);
		}
		return stats;
	};
	for (const row of statusRows) {
		const count = numberOrNull(row, 'count') ?? 0;
		if (count > 0) {
			entry(text(row, 'name')).counts[
				oneOf(STATUSES, text(row, 'status'), 'communication status')
			] = count;
		}
	}
	for (const row of deliveredRows) {
		const count = numberOrNull(row, 'count') ?? 0;
		if (count > 0) entry(text(row, 'name')).counts.delivered = count;
	}
	return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
