// What a manual task keeps in the ledger (everything its webhook needs later, when no item is at
// hand) and the output item built from a closed task.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { toJsonObject as jsonCopy } from '../shared/ledger/json';
import type { JsonObject, ManualTask } from '../shared/ledger/types';
import { buildCommunicationResult, type ResultStatus } from '../shared/pipeline/result';

import { DEFAULT_TASK_OUTPUT } from './description';

export interface TaskMemberInfo {
	key: string;
	name: string;
	email: string | null;
}

export interface TaskNotification {
	channel: string;
	to: string | null;
	status: 'sent' | 'failed' | 'skipped';
	detail: string | null;
	providerMessageId: string | null;
}

export interface FailedItem {
	index: number;
	json: IDataObject;
	message: string;
}

/** Stored in `task.data`; the lead task (the execution's first) also holds the batch. */
export interface TaskData {
	nodeId: string;
	itemIndex: number;
	leadTaskId: string;
	tokenHash: string;
	deadline: string | null;
	actionName: string;
	contact: { name: string; phone: string; email: string | null };
	instructions: string;
	sendOnCompletion: boolean;
	/** A reply from the contact closes the task as canceled (outcome 'replied'). */
	stopOnResponse?: boolean;
	assignment: { rule: string; reason: string; member: TaskMemberInfo | null };
	notification: TaskNotification;
	item: IDataObject;
	resultField: string;
	outputMessage: string;
	warnings: string[];
	batch?: { taskIds: Array<string | null>; failed: FailedItem[]; toErrorOutput: boolean };
}

export function toJsonObject(data: TaskData): JsonObject {
	return jsonCopy(data);
}

const STATUS_OF: Record<ManualTask['status'], ResultStatus> = {
	open: 'scheduled',
	completed: 'sent',
	deleted: 'canceled',
	timed_out: 'expired',
	canceled: 'canceled',
};

/** Fields of the output's `task` object: outcome, who, when and the final message. */
export function describeTask(
	task: ManualTask,
	data: TaskData,
	sms: IDataObject | null,
): IDataObject {
	return {
		id: task.id,
		type: task.kind,
		actionName: data.actionName,
		status: task.status,
		outcome: task.outcome,
		completedBy: task.completedBy,
		completedAt: task.completedAt,
		finalMessage: task.kind === 'sms' ? task.message : null,
		// A call task's message column holds the caller's notes.
		notes: task.kind === 'call' ? task.message : null,
		contact: data.contact,
		assignee: data.assignment.member,
		assignmentRule: data.assignment.rule,
		assignmentReason: data.assignment.reason,
		notification: { ...data.notification },
		deadline: data.deadline,
		sms,
	};
}

/** The output item of one closed task, in its input position. */
export function taskOutputItem(
	task: ManualTask,
	data: TaskData,
	completion: { sms: IDataObject | null; warnings: string[] },
): INodeExecutionData {
	const { sms } = completion;
	const warnings = [...data.warnings, ...completion.warnings];
	if (task.status === 'timed_out')
		warnings.push('The task was not done within the wait limit: it timed out.');
	const replied = task.status === 'canceled' && task.outcome === 'replied';
	if (replied)
		warnings.push(
			'The task was canceled before it was done: the contact replied (Stop on Response).',
		);
	else if (task.status === 'canceled')
		warnings.push('The task was canceled by Cancel Communications before it was done.');
	if (task.status === 'deleted')
		warnings.push(
			`The task was deleted${task.completedBy ? ` by ${task.completedBy}` : ''} without being done.`,
		);
	const result = buildCommunicationResult({
		id: task.id,
		channel: 'task',
		status: STATUS_OF[task.status],
		output: task.status === 'completed' ? data.outputMessage || DEFAULT_TASK_OUTPUT : '',
		participantId: task.participantId,
		to: data.assignment.member?.email ? [data.assignment.member.email] : [],
		providerMessageId: typeof sms?.providerMessageId === 'string' ? sms.providerMessageId : null,
		warnings,
		sentAt: task.completedAt,
		attempts: 1,
		details: replied ? { reason: 'replied' } : undefined,
	});
	return {
		json: { ...data.item, [data.resultField]: result, task: describeTask(task, data, sms) },
		pairedItem: { item: data.itemIndex },
	};
}
