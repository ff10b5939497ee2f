// Builds the values both backends bind: validated inputs in column order, instants as UTC ISO text,
// JSON as text, and the communications list query with the backend's parameter style.
import { randomUUID } from 'node:crypto';

import type { ClaimDueOptions, CommunicationQuery, NewCommunication } from './communications';
import type { JsonObject } from './json';
import type { NewCallLogEntry, NewExecutionBatch, NewManualTask } from './records';

/** One bound value; both drivers take these as they are. */
export type SqlValue = string | number | null;

/** How a backend writes the n-th (1-based) parameter; `cast` is the PostgreSQL type it needs. */
export type ParamStyle = (position: number, cast?: string) => string;

/** JSON columns travel as text: SQLite stores it, PostgreSQL casts it to jsonb. */
export function jsonText(value: JsonObject | null | undefined): string | null {
	return value === null || value === undefined ? null : JSON.stringify(value);
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

/** The columns communicationValues fills, in its order. */
export const COMMUNICATION_COLUMNS = `id, idempotency_key, participant_id, name, channel, workflow_id,
	execution_id, node_name, item_index, payload, scheduled_for, expires_at, resume_url`;

/** A new communication's values for COMMUNICATION_COLUMNS, with a fresh id. */
export function communicationValues(input: NewCommunication): SqlValue[] {
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

/** The columns taskValues fills, in its order (the status is always 'open'). */
const TASK_COLUMNS = `id, participant_id, kind, assignee, assign_rule, message, workflow_id,
	execution_id, resume_url, data`;

function taskValues(input: NewManualTask): SqlValue[] {
	return [
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
	];
}

/** The columns callLogValues fills, in its order. */
const CALL_LOG_COLUMNS = `id, participant_id, external_call_id, direction, from_address,
	to_address, status, duration_seconds, recording_url, occurred_at, data`;

function callLogValues(entry: NewCallLogEntry): SqlValue[] {
	return [
		randomUUID(),
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

/** A new manual task: its columns and the values for them (the status is always 'open'). */
export const TASK_INSERT = { columns: TASK_COLUMNS, values: taskValues };

/** A new call-log row: its columns and the values for them. */
export const CALL_LOG_INSERT = { columns: CALL_LOG_COLUMNS, values: callLogValues };

/** Values for (execution_id, node_name, resume_url, payload). */
export function batchValues(batch: NewExecutionBatch): SqlValue[] {
	return [batch.executionId, batch.nodeName, batch.resumeUrl, JSON.stringify(batch.payload)];
}

/** Dispatched rows at or before this instant are claimed again (null: never). */
export function redispatchBefore(now: Date, options: ClaimDueOptions): string | null {
	return options.redispatchAfterMs === undefined
		? null
		: new Date(now.getTime() - options.redispatchAfterMs).toISOString();
}

/** A rate window ending at `now`: hits at or before `start` no longer count. */
export function rateWindow(now: Date, windowMs: number): { now: string; start: string } {
	return {
		now: toIsoInstant(now, 'now'),
		start: new Date(now.getTime() - windowMs).toISOString(),
	};
}

/**
 * The list query over `table` (filters combine with AND, creation order); null when it can match
 * nothing (an empty status list).
 */
export function communicationListQuery(
	table: string,
	query: CommunicationQuery,
	param: ParamStyle,
): { sql: string; params: SqlValue[] } | null {
	const where: string[] = [];
	const params: SqlValue[] = [];
	const bind = (value: SqlValue, cast?: string): string => {
		params.push(value);
		return param(params.length, cast);
	};
	const equal = (column: string, value: string | undefined) => {
		if (value !== undefined) where.push(`${column} = ${bind(value)}`);
	};
	equal('participant_id', query.participantId);
	equal('name', query.name);
	equal('workflow_id', query.workflowId);
	equal('execution_id', query.executionId);
	equal('node_name', query.nodeName);
	if (query.statuses) {
		if (query.statuses.length === 0) return null;
		where.push(`status IN (${query.statuses.map((status) => bind(status, 'text')).join(', ')})`);
	}
	if (query.dueBefore !== undefined) {
		const dueBefore = toIsoInstant(query.dueBefore, 'dueBefore');
		where.push(`scheduled_for <= ${bind(dueBefore, 'timestamptz')}`);
	}
	const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
	const limit = query.limit === undefined ? '' : ` LIMIT ${bind(query.limit, 'int')}`;
	return { sql: `SELECT * FROM ${table}${filter} ORDER BY seq${limit}`, params };
}

export const sqliteParam: ParamStyle = () => '?';
export const postgresParam: ParamStyle = (position, cast) =>
	cast ? `$${position}::${cast}` : `$${position}`;
