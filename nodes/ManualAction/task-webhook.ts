// The node's webhook on its resume URL. GET shows a task page and never changes anything (link
// scanners and previews fetch it); a POST with the task's token completes or deletes the task; a
// POST without an action (the dispatcher) only re-reads the ledger and expires overdue tasks. Once
// every task of the execution is closed, the workflow continues with one item per input item.
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ledgerFor } from '../shared/ledger/access';
import type { CommunicationLedger, ManualTask } from '../shared/ledger/types';
import { isOverdue, taskTokenMatches } from '../shared/manual-tasks';

import { CALL_OUTCOMES, SMS_OUTCOMES } from './description';
import { sendTaskSms, storedTaskSms } from './send-task-sms';
import { closedTaskPage, messagePage, PAGE_HEADERS, taskFormPage } from './task-page';
import { readTaskData } from './read-task-data';
import { taskOutputItem, type TaskData } from './task-data';

const DONE: IWebhookResponseData = { noWebhookResponse: true };
const MAX_MESSAGE = 1600;

function text(value: unknown, max = 4000): string {
	return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function reply(ctx: IWebhookFunctions, status: number, html: string): void {
	const res = ctx.getResponseObject();
	res.status(status);
	for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
	res.send(html);
}

interface Batch {
	lead: TaskData;
	tasks: Array<{ task: ManualTask; data: TaskData } | null>;
}

async function loadBatch(
	ledger: CommunicationLedger,
	task: ManualTask,
	data: TaskData,
): Promise<Batch | undefined> {
	const leadTask = task.id === data.leadTaskId ? task : await ledger.getTask(data.leadTaskId);
	const lead = leadTask ? readTaskData(leadTask) : undefined;
	if (!lead?.batch) return undefined;
	const tasks = await Promise.all(
		lead.batch.taskIds.map(async (id) => {
			if (id === null) return null;
			const member = id === task.id ? task : await ledger.getTask(id);
			const memberData = member ? readTaskData(member) : undefined;
			return member && memberData ? { task: member, data: memberData } : null;
		}),
	);
	return { lead, tasks };
}

/** Expires the batch's overdue tasks; the items to continue with once nothing is open, else undefined. */
async function finishedOutput(
	ledger: CommunicationLedger,
	batch: Batch,
	taskIds: Array<string | null>,
): Promise<INodeExecutionData[][] | undefined> {
	const now = new Date();
	for (const entry of batch.tasks) {
		if (!entry || !isOverdue(entry.task, now)) continue;
		const closed = await ledger.closeTask(entry.task.id, {
			status: 'timed_out',
			outcome: 'timed_out',
		});
		if (closed) entry.task = closed;
	}
	// A task not stored yet (still being created) counts as open.
	const open = taskIds.some(
		(id, index) => id !== null && (batch.tasks[index]?.task.status ?? 'open') === 'open',
	);
	if (open) return undefined;
	const { failed, toErrorOutput } = batch.lead.batch ?? { failed: [], toErrorOutput: false };
	const main: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	for (const [index, entry] of batch.tasks.entries()) {
		if (entry) {
			main.push(taskOutputItem(entry.task, entry.data, await storedTaskSms(ledger, entry.task.id)));
			continue;
		}
		const failure = failed.find((f) => f.index === index);
		if (!failure) continue;
		if (toErrorOutput)
			errors.push({ json: { error: failure.message }, pairedItem: { item: index } });
		else
			main.push({ json: { ...failure.json, error: failure.message }, pairedItem: { item: index } });
	}
	return toErrorOutput ? [main, errors] : [main];
}

type Completion = { ok: true; task: ManualTask } | { ok: false; status: number; error: string };

async function completeTask(
	ctx: IWebhookFunctions,
	ledger: CommunicationLedger,
	task: ManualTask,
	data: TaskData,
	body: IDataObject,
): Promise<Completion> {
	const completedBy = text(body.completedBy, 200) || data.assignment.member?.name || 'unknown';
	if (body.action === 'delete') {
		const closed = await ledger.closeTask(task.id, {
			status: 'deleted',
			outcome: 'deleted',
			completedBy,
		});
		return closed
			? { ok: true, task: closed }
			: { ok: false, status: 409, error: 'The task was closed in the meantime.' };
	}
	const outcomes: readonly string[] = (task.kind === 'sms' ? SMS_OUTCOMES : CALL_OUTCOMES).map(
		(o) => o.value,
	);
	const outcome = text(body.outcome, 50);
	if (!outcomes.includes(outcome)) return { ok: false, status: 400, error: 'Choose an outcome.' };
	const message = text(body.message, task.kind === 'sms' ? MAX_MESSAGE + 1 : 4000);
	if (task.kind === 'sms' && outcome === 'sent') {
		if (!message)
			return { ok: false, status: 400, error: 'The message is empty: write the text to send.' };
		if (message.length > MAX_MESSAGE)
			return {
				ok: false,
				status: 400,
				error: `The message is longer than ${MAX_MESSAGE} characters.`,
			};
		if (data.sendOnCompletion) {
			const sent = await sendTaskSms(ctx, ledger, task, data, message);
			if (!sent.ok)
				return {
					ok: false,
					status: 502,
					error: `The SMS could not be sent: ${sent.error}. The task is still open; try again.`,
				};
		}
	}
	const closed = await ledger.closeTask(task.id, {
		status: 'completed',
		outcome,
		completedBy,
		message: message || null,
	});
	return closed
		? { ok: true, task: closed }
		: { ok: false, status: 409, error: 'The task was closed in the meantime.' };
}

export async function handleTaskWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = ctx.getRequestObject().method;
	const query = ctx.getQueryData() as IDataObject;
	const ledger = await ledgerFor(ctx);
	const found = typeof query.task === 'string' ? await ledger.getTask(query.task) : null;
	const data = found ? readTaskData(found) : undefined;
	if (
		!found ||
		!data ||
		found.executionId !== ctx.getExecutionId() ||
		data.nodeId !== ctx.getNode().id
	) {
		reply(
			ctx,
			404,
			messagePage('Task not found', 'This link does not point to a task of this workflow.'),
		);
		return DONE;
	}
	let task = found;

	if (method === 'GET') {
		if (!taskTokenMatches(query.token, data.tokenHash))
			reply(
				ctx,
				403,
				messagePage('Link not valid', 'This link is incomplete or not valid for this task.'),
			);
		else
			reply(
				ctx,
				200,
				task.status === 'open'
					? taskFormPage(task, data, String(query.token))
					: closedTaskPage(task, data),
			);
		return DONE;
	}

	const body = ctx.getBodyData();
	const human = body.action === 'complete' || body.action === 'delete';
	if (human) {
		if (!taskTokenMatches(body.token, data.tokenHash)) {
			reply(
				ctx,
				403,
				messagePage(
					'Not allowed',
					"The form was not sent from this task's page; nothing was changed.",
				),
			);
			return DONE;
		}
		if (task.status === 'open') {
			const done = await completeTask(ctx, ledger, task, data, body);
			if (!done.ok) {
				const current = (await ledger.getTask(task.id)) ?? task;
				reply(
					ctx,
					done.status,
					current.status === 'open'
						? taskFormPage(current, data, String(body.token), done.error)
						: closedTaskPage(current, data, done.error),
				);
				return DONE;
			}
			task = done.task;
		}
	}

	const batch = await loadBatch(ledger, task, data);
	const output = batch
		? await finishedOutput(ledger, batch, batch.lead.batch?.taskIds ?? [])
		: undefined;
	const waitingFor = batch
		? batch.tasks.filter((entry) => entry?.task.status === 'open').length
		: 0;
	if (human) {
		const note = output
			? 'Thank you. The workflow continues.'
			: `Thank you. The workflow continues when the other ${waitingFor} task(s) are done.`;
		reply(ctx, 200, closedTaskPage(task, data, note));
	} else {
		ctx
			.getResponseObject()
			.status(200)
			.json({ resumed: output !== undefined, openTasks: waitingFor });
	}
	return output ? { noWebhookResponse: true, workflowData: output } : DONE;
}
