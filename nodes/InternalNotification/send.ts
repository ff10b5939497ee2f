// Sends one internal notification: the per-user limit through the ledger, then each recipient's
// message, a few at a time; one recipient failing never fails the others.
import { ProviderError, redactSecrets } from '../shared/errors';
import type { CommunicationLedger, JsonObject } from '../shared/ledger/types';
import { mapBounded, PartialDeliveryError, type SendSuccess } from '../shared/pipeline/send-loop';
import type { TeamMessage, TeamMessenger } from '../shared/team/messenger';
import { retryDecisionFor } from '../shared/transport/retry';

import type { NotificationPayload } from './prepare';

const PARALLEL_RECIPIENTS = 5;

function describeRecipients(payload: NotificationPayload): JsonObject[] {
	return payload.recipients.map((r) => ({
		name: r.name,
		address: r.address,
		via: r.via,
		status: r.status,
		providerMessageId: r.providerMessageId,
		error: r.error,
	}));
}

export async function sendNotification(
	payload: NotificationPayload,
	ledger: CommunicationLedger,
	messenger: TeamMessenger,
): Promise<SendSuccess> {
	const minutes = payload.windowMs / 60_000;
	const pending = payload.recipients.filter(
		(r) => r.status === 'pending' && r.address && r.message,
	);
	await mapBounded(pending, PARALLEL_RECIPIENTS, async (r) => {
		if (!r.counted) {
			r.counted = true;
			const hit = await ledger.hitRateLimit(
				`internal-notification:${payload.windowMs}:${r.key}`,
				payload.limit,
				payload.windowMs,
				new Date(),
			);
			if (!hit.allowed) {
				r.status = 'over_limit';
				r.error = `Over the limit of ${payload.limit} notifications per ${minutes} minutes for this user; not notified.`;
				return;
			}
		}
		try {
			const sent = await messenger.send(r.address as string, r.message as TeamMessage);
			Object.assign(r, {
				status: 'sent',
				providerMessageId: sent.providerMessageId,
				error: null,
				transient: false,
			});
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			Object.assign(r, {
				status: 'failed',
				error: redactSecrets(message, messenger.secrets),
				transient: retryDecisionFor(error).retry,
			});
		}
	});

	const sent = payload.recipients.filter((r) => r.status === 'sent');
	const failed = payload.recipients.filter((r) => r.status === 'failed');
	if (sent.length === 0 && failed.length > 0) {
		const transient = failed.filter((r) => r.transient);
		// A retry of the item tries the temporarily failed recipients again, nobody else.
		for (const r of transient) r.status = 'pending';
		const first = failed[0];
		throw new ProviderError(
			`Nobody was notified: ${first.name ?? first.address ?? 'recipient'}: ${first.error}`,
			{
				transient: transient.length > 0,
				description:
					failed.length > 1
						? `${failed.length} recipients failed; see each recipient's error in the output.`
						: undefined,
			},
		);
	}
	const unreached = payload.recipients.filter((r) => r.status !== 'sent');
	const delivered: SendSuccess = {
		status: sent.length > 0 ? 'sent' : 'skipped',
		accepted: sent.map((r) => r.address as string),
		rejected: unreached.map((r) => r.address ?? r.name ?? ''),
		warnings: unreached.map((r) => `${r.name ?? r.address}: ${r.error}`),
		details: { recipients: describeRecipients(payload) },
	};
	const transient = failed.filter((r) => r.transient);
	if (transient.length > 0) {
		// Retry Count applies to each member: a retry resends to the temporarily failed ones only.
		for (const r of transient) r.status = 'pending';
		throw new PartialDeliveryError(
			delivered,
			new ProviderError(`${transient[0].name ?? transient[0].address}: ${transient[0].error}`, {
				transient: true,
			}),
		);
	}
	return delivered;
}
