// Maps stored rows to ledger records, identically for both backends.
import type { CommunicationRecord, CommunicationStats } from './communications';
import { EVENT_COUNTS } from './delivery-status';
import type { JsonObject } from './json';
import type {
	CallLogEntry,
	CommunicationEvent,
	DeliveryEvent,
	ExecutionBatch,
	ManualTask,
	ParticipantProfile,
} from './records';
import { COMMUNICATION_STATUSES, TASK_STATUSES } from './statuses';

/** One stored row as a driver returns it (SQLite: text; PostgreSQL: Date and parsed jsonb). */
export type Row = Record<string, unknown>;

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

function jsonOrNull(row: Row, column: string): JsonObject | null {
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
		status: oneOf(COMMUNICATION_STATUSES, text(row, 'status'), 'communication status'),
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

export function toCommunicationEvent(row: Row): CommunicationEvent {
	return {
		...toDeliveryEvent(row),
		channel: textOrNull(row, 'channel'),
		address: textOrNull(row, 'address'),
		participantId: textOrNull(row, 'participant_id'),
		communicationId: textOrNull(row, 'communication_id'),
	};
}

/**
 * Folds `(name, status, count)` rows and `(name, <event counts>)` rows into per-name stats,
 * sorted by name, leaving zero counts out.
 */
export function toStats(statusRows: Row[], eventRows: Row[]): CommunicationStats[] {
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
				oneOf(COMMUNICATION_STATUSES, text(row, 'status'), 'communication status')
			] = count;
		}
	}
	for (const row of eventRows) {
		for (const event of EVENT_COUNTS) {
			const count = numberOrNull(row, event) ?? 0;
			if (count > 0) entry(text(row, 'name')).counts[event] = count;
		}
	}
	return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function toBatch(row: Row): ExecutionBatch {
	return {
		executionId: text(row, 'execution_id'),
		nodeName: text(row, 'node_name'),
		resumeUrl: text(row, 'resume_url'),
		payload: jsonOrNull(row, 'payload') ?? {},
		createdAt: text(row, 'created_at'),
	};
}
