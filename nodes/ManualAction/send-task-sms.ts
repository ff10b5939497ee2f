// "Send on completion" of an SMS task: the final text goes to the contact through Twilio, once per
// task even when the form is submitted twice (an idempotency key in the ledger), unless the
// participant does not want SMS by then: that is recorded as a skip with its reason.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { redactSecrets } from '../shared/errors';
import type { CommunicationLedger, ManualTask } from '../shared/ledger/types';
import { loadParticipant } from '../shared/participant';
import { consentRefusal } from '../shared/pipeline/consent';
import { runSendLoop } from '../shared/pipeline/send-loop';
import { retryDecisionFor } from '../shared/transport/retry';
import { twilioSecrets } from '../shared/transport/twilio';
import { openTwilio } from '../shared/transport/twilio-rest';
import { requireCredentialSender, sendTwilioSms } from '../shared/transport/twilio-sms';

import type { TaskData } from './task-data';

const smsKey = (taskId: string) => `manual-task:${taskId}:sms`;

const WORKER_ID = `manual-action:${process.pid}`;

/** Stores the skipped SMS under the task's key, so the output says why nothing was sent. */
async function recordSkip(
	ctx: IWebhookFunctions,
	ledger: CommunicationLedger,
	task: ManualTask,
	to: string,
	reason: string,
): Promise<void> {
	const claim = await ledger.claimSend(
		{
			idempotencyKey: smsKey(task.id),
			participantId: task.participantId,
			channel: 'sms',
			workflowId: task.workflowId,
			executionId: task.executionId,
			nodeName: ctx.getNode().name,
		},
		WORKER_ID,
		60_000,
	);
	if (claim.state !== 'claimed') return;
	await ledger.completeSend(claim.record.id, {
		status: 'skipped',
		result: { to, status: 'skipped', reason },
	});
}

export async function sendTaskSms(
	ctx: IWebhookFunctions,
	ledger: CommunicationLedger,
	task: ManualTask,
	data: TaskData,
	body: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
	let secrets: string[] = [];
	try {
		// Consent as it is now: the participant may have opted out since the task was created.
		const participant = await loadParticipant(ledger, task.participantId, data.item);
		const refusal = consentRefusal('sms', participant);
		if (refusal) {
			await recordSkip(ctx, ledger, task, data.contact.phone, refusal);
			return { ok: true };
		}
		const { rest, settings } = await openTwilio(ctx);
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
				const sent = await sendTwilioSms(rest, { to: data.contact.phone, ...sender, body: text });
				return { providerMessageId: sent.sid, accepted: [data.contact.phone] };
			},
			{
				concurrency: 1,
				retryCount: 2,
				classify: retryDecisionFor,
				ledger,
				workerId: WORKER_ID,
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

/** What was sent on completion (null when nothing was) and why an SMS was skipped, for the output. */
export async function storedTaskSms(
	ledger: CommunicationLedger,
	taskId: string,
): Promise<{ sms: IDataObject | null; warnings: string[] }> {
	const record = await ledger.getByKey(smsKey(taskId));
	const result = record?.result ?? {};
	if (record?.status === 'skipped' && typeof result.reason === 'string')
		return { sms: null, warnings: [result.reason] };
	if (!record || record.status !== 'sent') return { sms: null, warnings: [] };
	return {
		sms: {
			to: result.to ?? null,
			body: result.body ?? null,
			providerMessageId: record.providerMessageId,
			sentAt: record.sentAt,
		},
		warnings: [],
	};
}
