// The execute() body of Manual Action: prepare every item, notify the assignees, store the tasks
// with their signed links and wait until they are done (the node's webhook resumes it).
import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { errorItem } from '../shared/errors';
import { ledgerFor } from '../shared/ledger/access';
import { hashTaskToken, newTaskToken } from '../shared/manual-tasks';
import { DEFAULT_RESULT_FIELD } from '../shared/pipeline/result';
import { eachItem } from '../shared/pipeline/per-item';
import { waitingNodeUrl } from '../shared/schedule/resume-url';
import { teamDirectoryFor } from '../shared/team/directory-access';

import { notifyAssignees } from './notify-assignee';
import { deadlineFor, prepareTask, type PreparedTask } from './prepare-task';
import { toJsonObject, type FailedItem, type TaskData } from './task-data';

interface TaskLink {
	id: string;
	/** The assignee's link: shows the page and, with the token, completes the task. */
	pageUrl: string;
	/** Stored in the ledger for the dispatcher: can only make the node look at the ledger again. */
	syncUrl: string;
	tokenHash: string;
}

function newLink(ctx: IExecuteFunctions): TaskLink {
	const id = randomUUID();
	const token = newTaskToken();
	return {
		id,
		pageUrl: waitingNodeUrl(ctx, { task: id, token }),
		syncUrl: waitingNodeUrl(ctx, { task: id }),
		tokenHash: hashTaskToken(token),
	};
}

function failedOutput(failed: FailedItem[], toErrorOutput: boolean): INodeExecutionData[] {
	return failed.map((f) =>
		toErrorOutput
			? { json: { error: f.message }, pairedItem: { item: f.index } }
			: { json: { ...f.json, error: f.message }, pairedItem: { item: f.index } },
	);
}

export async function createManualTasks(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const ledger = await ledgerFor(ctx);
	const directory = await teamDirectoryFor(ctx);
	const now = new Date();

	const tasks: PreparedTask[] = [];
	const deadlines: Array<string | null> = [];
	const failed: FailedItem[] = [];
	const runs = await eachItem(ctx, async (i, item) => ({
		task: await prepareTask(ctx, i, item, directory, ledger),
		deadline: deadlineFor(ctx, i, now),
	}));
	for (const run of runs) {
		if (run.ok) {
			tasks.push(run.value.task);
			deadlines.push(run.value.deadline);
			continue;
		}
		const shown = errorItem(run.item, run.itemIndex, run.error, { toErrorOutput: false });
		failed.push({ index: run.itemIndex, json: run.item.json, message: String(shown.json.error) });
	}
	if (tasks.length === 0) return [failedOutput(failed, toErrorOutput)];

	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const links = tasks.map(() => newLink(ctx));
	const notifications = await notifyAssignees(
		ctx,
		tasks,
		links.map((l) => l.pageUrl),
		deadlines,
		directory.defaultCountry,
	);
	const taskIds: Array<string | null> = items.map(() => null);
	tasks.forEach((task, n) => (taskIds[task.itemIndex] = links[n].id));

	for (const [n, task] of tasks.entries()) {
		const member = task.assignment.member;
		const notification = notifications[n];
		const warnings = [...task.warnings];
		if (notification.status !== 'sent' && notification.detail)
			warnings.push(`Notification: ${notification.detail}`);
		const data: TaskData = {
			nodeId: node.id,
			itemIndex: task.itemIndex,
			leadTaskId: links[0].id,
			tokenHash: links[n].tokenHash,
			deadline: deadlines[n],
			actionName: task.actionName,
			contact: task.contact,
			instructions: task.instructions,
			sendOnCompletion: task.sendOnCompletion,
			stopOnResponse: options.stopOnResponse === true,
			assignment: {
				rule: task.assignment.rule,
				reason: task.assignment.reason,
				member: member ? { key: member.key, name: member.name, email: member.email } : null,
			},
			notification,
			item: task.item.json,
			resultField:
				typeof options.resultField === 'string' && options.resultField.trim()
					? options.resultField.trim()
					: DEFAULT_RESULT_FIELD,
			outputMessage: typeof options.outputMessage === 'string' ? options.outputMessage : '',
			warnings,
			...(n === 0 ? { batch: { taskIds, failed, toErrorOutput } } : {}),
		};
		await ledger.createTask({
			id: links[n].id,
			participantId: task.participantId,
			kind: task.kind,
			assignee: member ? (member.email ?? member.name) : null,
			assignRule: task.assignment.rule,
			message: task.message,
			workflowId: ctx.getWorkflow().id ?? null,
			executionId: ctx.getExecutionId() ?? null,
			resumeUrl: links[n].syncUrl,
			data: toJsonObject(data),
		});
	}

	await ctx.putExecutionToWait(WAIT_INDEFINITELY);
	return [items.map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
}
