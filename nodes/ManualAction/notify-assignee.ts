// Tells each assignee about their new task (email, Slack or SMS) with the signed link to its page;
// a failed notification is reported on the task, it never loses the task.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { redactSecrets } from '../shared/errors';
import { escapeHtml } from '../shared/merge';
import { parseEmailAddress, parsePhoneNumber } from '../shared/recipients';
import { runSendLoop } from '../shared/pipeline/send-loop';
import { CHANNEL_FIELD, memberAddress, type MemberChannel } from '../shared/team/directory';
import { openTeamMessenger, type TeamMessage } from '../shared/team/messenger';
import { retryDecisionFor } from '../shared/transport/retry';

import type { PreparedTask } from './prepare-task';
import type { TaskNotification } from './task-data';

function taskMessage(task: PreparedTask, link: string, deadline: string | null): TeamMessage {
	const what =
		task.kind === 'sms'
			? `Text ${task.contact.name} (${task.contact.phone})`
			: `Call ${task.contact.name} at ${task.contact.phone}`;
	const lines = [
		`New task: ${task.actionName}`,
		what,
		...(task.instructions ? [task.instructions] : []),
		...(deadline ? [`Due by ${deadline}`] : []),
		`Open the task: ${link}`,
	];
	const html = [
		`<p><strong>New task: ${escapeHtml(task.actionName)}</strong></p>`,
		`<p>${escapeHtml(what)}</p>`,
		...(task.instructions ? [`<p>${escapeHtml(task.instructions)}</p>`] : []),
		...(deadline ? [`<p>Due by ${escapeHtml(deadline)}</p>`] : []),
		`<p><a href="${escapeHtml(link)}">Open the task</a></p>`,
	].join('\n');
	return {
		subject: `New task: ${task.actionName} (${task.contact.name})`,
		text: lines.join('\n'),
		html,
	};
}

/** Where the notification goes: the assignee's address, or the fallback for unassigned tasks. */
function addressFor(
	task: PreparedTask,
	channel: MemberChannel,
	unassignedTo: string,
	country: string | undefined,
): { address: string } | { problem: string } {
	const member = task.assignment.member;
	if (member) {
		const address = memberAddress(member, channel);
		return address
			? { address }
			: {
					problem: `${member.name} has no ${CHANNEL_FIELD[channel]} in the Team Directory: nobody was notified`,
				};
	}
	if (!unassignedTo)
		return {
			problem: 'The task is unassigned and Notify When Unassigned is empty: nobody was notified',
		};
	if (channel === 'email') {
		const parsed = parseEmailAddress(unassignedTo);
		return parsed.ok
			? { address: parsed.value.address }
			: { problem: `Notify When Unassigned '${unassignedTo}' ${parsed.problem.reason}` };
	}
	if (channel === 'sms') {
		const parsed = parsePhoneNumber(unassignedTo, country);
		return parsed.ok
			? { address: parsed.e164 }
			: { problem: `Notify When Unassigned '${unassignedTo}' ${parsed.problem.reason}` };
	}
	return { address: unassignedTo };
}

export async function notifyAssignees(
	ctx: IExecuteFunctions,
	tasks: PreparedTask[],
	links: string[],
	deadlines: Array<string | null>,
	country: string | undefined,
): Promise<TaskNotification[]> {
	const channel = String(ctx.getNodeParameter('notifyBy', 0, 'email'));
	if (channel === 'none') {
		return tasks.map(() => ({
			channel,
			to: null,
			status: 'skipped',
			detail: 'Notify By is "Don\'t Notify"',
			providerMessageId: null,
		}));
	}
	const memberChannel = channel as MemberChannel;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const unassignedTo =
		typeof options.unassignedNotifyTo === 'string' ? options.unassignedNotifyTo.trim() : '';
	const targets = tasks.map((task) => addressFor(task, memberChannel, unassignedTo, country));
	const results: TaskNotification[] = targets.map((target) => ({
		channel,
		to: 'address' in target ? target.address : null,
		status: 'skipped',
		detail: 'problem' in target ? target.problem : null,
		providerMessageId: null,
	}));
	const sendable = tasks
		.map((task, index) => ({ task, index, target: targets[index] }))
		.filter(
			(entry): entry is typeof entry & { target: { address: string } } => 'address' in entry.target,
		);
	if (sendable.length === 0) return results;

	const messenger = await openTeamMessenger(ctx, memberChannel, { defaultCountry: country });
	try {
		const run = await runSendLoop(
			sendable.map(({ task, index, target }) => ({
				itemIndex: index,
				participantId: task.participantId,
				name: '',
				channel,
				payload: {
					address: target.address,
					message: taskMessage(task, links[index], deadlines[index]),
				},
			})),
			async (payload) => {
				const sent = await messenger.send(payload.address, payload.message);
				return { providerMessageId: sent.providerMessageId };
			},
			{ concurrency: 5, retryCount: 2, classify: retryDecisionFor },
		);
		for (const outcome of run.outcomes) {
			const result = results[outcome.itemIndex];
			if (outcome.kind === 'sent') {
				Object.assign(result, {
					status: 'sent',
					providerMessageId: outcome.value.providerMessageId ?? null,
				});
			} else if (outcome.kind === 'failed') {
				const message =
					outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
				Object.assign(result, {
					status: 'failed',
					detail: redactSecrets(message, messenger.secrets),
				});
			}
		}
	} finally {
		await messenger.close();
	}
	return results;
}
