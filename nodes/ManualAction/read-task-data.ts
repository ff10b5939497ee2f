// Reads a manual task's stored data back field by field: a task this node did not write (or an
// older, incomplete one) yields undefined instead of a value that only looks like TaskData.
import type { IDataObject } from 'n8n-workflow';

import { isObject, isStringList, textOr } from '../shared/json-fields';
import type { ManualTask } from '../shared/ledger/types';

import type { FailedItem, TaskData, TaskMemberInfo, TaskNotification } from './task-data';

const text = (value: unknown): string => textOr(value, '');
const textOrNull = (value: unknown): string | null => textOr(value, null);

function readMember(value: unknown): TaskMemberInfo | null {
	if (!isObject(value)) return null;
	return { key: text(value.key), name: text(value.name), email: textOrNull(value.email) };
}

const NOTIFICATION_STATUSES: ReadonlyArray<TaskNotification['status']> = [
	'sent',
	'failed',
	'skipped',
];

function readNotification(value: unknown): TaskNotification {
	const fields = isObject(value) ? value : {};
	const status = NOTIFICATION_STATUSES.find((known) => known === fields.status) ?? 'skipped';
	return {
		channel: text(fields.channel),
		to: textOrNull(fields.to),
		status,
		detail: textOrNull(fields.detail),
		providerMessageId: textOrNull(fields.providerMessageId),
	};
}

function readFailed(value: unknown): FailedItem[] {
	if (!Array.isArray(value)) return [];
	return value.filter(isObject).map((failed) => ({
		index: typeof failed.index === 'number' ? failed.index : 0,
		json: isObject(failed.json) ? failed.json : {},
		message: text(failed.message),
	}));
}

function readBatch(value: unknown): TaskData['batch'] {
	if (!isObject(value) || !Array.isArray(value.taskIds)) return undefined;
	return {
		taskIds: value.taskIds.map(textOrNull),
		failed: readFailed(value.failed),
		toErrorOutput: value.toErrorOutput === true,
	};
}

/** The stored data of a task this node created; undefined for anything else. */
export function readTaskData(task: ManualTask): TaskData | undefined {
	const data: IDataObject = task.data;
	const { tokenHash, leadTaskId, itemIndex } = data;
	if (typeof tokenHash !== 'string' || typeof leadTaskId !== 'string') return undefined;
	if (typeof itemIndex !== 'number') return undefined;
	const contact = isObject(data.contact) ? data.contact : {};
	const assignment = isObject(data.assignment) ? data.assignment : {};
	const batch = readBatch(data.batch);
	return {
		nodeId: text(data.nodeId),
		itemIndex,
		leadTaskId,
		tokenHash,
		deadline: textOrNull(data.deadline),
		actionName: text(data.actionName),
		contact: {
			name: text(contact.name),
			phone: text(contact.phone),
			email: textOrNull(contact.email),
		},
		instructions: text(data.instructions),
		sendOnCompletion: data.sendOnCompletion === true,
		stopOnResponse: data.stopOnResponse === true,
		assignment: {
			rule: text(assignment.rule),
			reason: text(assignment.reason),
			member: readMember(assignment.member),
		},
		notification: readNotification(data.notification),
		item: isObject(data.item) ? data.item : {},
		resultField: text(data.resultField),
		outputMessage: text(data.outputMessage),
		warnings: isStringList(data.warnings) ? data.warnings : [],
		...(batch ? { batch } : {}),
	};
}
