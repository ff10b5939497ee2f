// Phase "screen suppressed recipients" of sending what is due (first run and resume alike): one
// suppression-list lookup per batch; an item whose recipient opted out of its channel is skipped
// with reason `opted_out` and nothing is sent, unless the node sends to suppressed contacts.
import { normaliseSuppressionAddress } from '../events/suppression-address';
import type {
	LedgerSendLease,
	LedgerSuppressions,
	Suppression,
	SuppressionChannel,
} from '../ledger/types';
import { toJsonObject } from '../ledger/json';
import { buildCommunicationResult, type CommunicationResult } from './result';
import { claimInput } from './send-loop';
import type { NodeSendSettings } from './send-options';
import {
	consentChannelOf,
	WORKER_ID,
	type ChannelRunner,
	type DueSend,
	type ItemOutcome,
} from './types';

/** The reason a suppressed item's result carries. */
export const OPTED_OUT = 'opted_out';

const LIST_CHANNELS: readonly SuppressionChannel[] = ['email', 'sms', 'whatsapp', 'telegram'];

const CHANNEL_LABEL: Record<SuppressionChannel, string> = {
	email: 'email',
	sms: 'SMS',
	whatsapp: 'WhatsApp messages',
	telegram: 'Telegram messages',
};

/**
 * The suppression list a runner honours: the one of the channel it reaches the participant on
 * (Review Request by SMS reads the SMS list). Calls and team messages have none: a STOP opts a
 * number out of text messages, calls are stopped by the participant's opt-out flags.
 */
export function suppressionChannelOf(
	runner: Pick<ChannelRunner<unknown>, 'consent' | 'channel'>,
): SuppressionChannel | undefined {
	const channel = consentChannelOf(runner);
	return LIST_CHANNELS.find((listed) => listed === channel);
}

export interface ScreenedBatch<P> {
	/** What may still be sent. */
	due: Array<DueSend<P>>;
	/** Skipped items (opted out), by item index. */
	skipped: Map<number, ItemOutcome>;
}

function describe(entry: Suppression, label: string): string {
	const source = entry.source ? `, ${entry.source}` : '';
	return `${entry.address} opted out of ${label} (${entry.reason}${source}, ${entry.at.toISOString()})`;
}

/**
 * Records the skip under the item's idempotency key, so a planned row stops waiting too; null
 * when the key is already settled or being sent (the send loop then reports the duplicate).
 */
async function recordSkip<P>(
	ledger: LedgerSendLease,
	entry: DueSend<P>,
	result: CommunicationResult,
): Promise<CommunicationResult | null> {
	const { task } = entry;
	if (!task.idempotencyKey) return result;
	const claim = await ledger.claimSend(claimInput(task), WORKER_ID, 60_000);
	if (claim.state !== 'claimed') return null;
	const stored = { ...result, id: claim.record.id };
	await ledger.completeSend(claim.record.id, {
		status: 'skipped',
		result: toJsonObject(stored),
		attempts: 0,
	});
	return stored;
}

export async function screenSuppressed<P>(
	due: Array<DueSend<P>>,
	runner: ChannelRunner<P>,
	ledger: LedgerSendLease & LedgerSuppressions,
	settings: Pick<NodeSendSettings, 'sendToSuppressed'>,
): Promise<ScreenedBatch<P>> {
	const channel = suppressionChannelOf(runner);
	const skipped = new Map<number, ItemOutcome>();
	if (!channel || due.length === 0) return { due, skipped };
	const addressesOf = (entry: DueSend<P>) =>
		entry.prepared.to.map((to) => normaliseSuppressionAddress(channel, to));
	const listed = await ledger.suppressedAmong(channel, due.flatMap(addressesOf));
	if (listed.size === 0) return { due, skipped };
	const label = CHANNEL_LABEL[channel];
	const kept: Array<DueSend<P>> = [];
	for (const entry of due) {
		const hits = addressesOf(entry).flatMap((address) => listed.get(address) ?? []);
		if (hits.length === 0) {
			kept.push(entry);
			continue;
		}
		const why = hits.map((hit) => describe(hit, label)).join('; ');
		if (settings.sendToSuppressed) {
			entry.prepared.warnings.push(
				`Sent although ${why}: Send to Suppressed Contacts is on (transactional messages only).`,
			);
			kept.push(entry);
			continue;
		}
		const result = buildCommunicationResult({
			channel: runner.channel,
			name: entry.task.name,
			participantId: entry.task.participantId,
			status: 'skipped',
			to: entry.prepared.to,
			scheduledFor: entry.scheduledFor ?? null,
			warnings: [...entry.prepared.warnings, `Skipped: ${why}, so nothing was sent.`],
			details: { ...(entry.prepared.details ?? {}), reason: OPTED_OUT },
		});
		const recorded = await recordSkip(ledger, entry, result);
		if (recorded) skipped.set(entry.task.itemIndex, { result: recorded });
		else kept.push(entry);
	}
	return { due: kept, skipped };
}
