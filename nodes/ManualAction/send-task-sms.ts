// "Send on completion" of an SMS task: the final text goes to the contact through Twilio, once per
// task even when the form is submitted twice (an idempotency key in the ledger).
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { redactSecrets } from '../shared/errors';
import type { CommunicationLedger, ManualTask } from '../shared/ledger/types';
import { runSendLoop } from '../shared/pipeline/send-loop';
import { retryDecisionFor } from '../shared/transport/retry';
import { openTwilio, twilioSecrets } from '../shared/transport/twilio';
import { requireCredentialSender, sendTwilioSms } from '../shared/transport/twilio-sms';

import type { TaskData } from './task-data';

const smsKey = (taskId: string) => `manual-task:${taskId}:sms`;

export async function sendTaskSms(
	ctx: IWebhookFunctions,
	ledger: CommunicationLedger,
	task: ManualTask,
	data: TaskData,
	body: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
	let secrets: string[] = [];
	try {
		const { client, settings } = await openTwilio(ctx);
		secrets = twilioSecrets(settings);
		const run = await runSendLoop(
			[
				{
					itemIndex: 0,
					payload: body,
					participantId: task.participantId,
					name: '',
					channel: 'sms',
					idempotencyKey: smsKey(task.id),
					workflowId: task.workflowId,
					executionId: task.executionId,
					nodeName: ctx.getNode().name,
				},
			],
			async (text) => {
				const sender = requireCredentialSender(settings, undefined);
				const sent = await sendTwilioSms(client, { to: data.contact.phone, ...sender, body: text });
				return { providerMessageId: sent.sid, accepted: [data.contact.phone] };
			},
			{
				concurrency: 1,
				retryCount: 2,
				classify: retryDecisionFor,
				ledger,
				workerId: `manual-action:${process.pid}`,
				describeSent: (_task, outcome) => ({
					to: data.contact.phone,
					body,
					status: outcome.kind === 'sent' ? 'sent' : 'failed',
					providerMessageId:
						outcome.kind === 'sent' ? (outcome.value.providerMessageId ?? null) : null,
				}),
			},
		);
		const [outcome] = run.outcomes;
		if (outcome.kind === 'failed') {
			const message =
				outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
			return { ok: false, error: redactSecrets(message, secrets) };
		}
		// 'duplicate': an earlier submission already sent it.
		return { ok: true };
	} catch (error) {
		return {
			ok: false,
			error: redactSecrets(error instanceof Error ? error.message : String(error), secrets),
		};
	}
}

/** What was sent on completion, for the output; null when nothing was sent. */
export async function storedTaskSms(
	ledger: CommunicationLedger,
	taskId: string,
): Promise<IDataObject | null> {
	const record = await ledger.getByKey(smsKey(taskId));
	if (!record || record.status !== 'sent') return null;
	const result = record.result ?? {};
	return {
		to: result.to ?? null,
		body: result.body ?? null,
		providerMessageId: record.providerMessageId,
		sentAt: record.sentAt,
	};
}
