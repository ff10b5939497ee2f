// Turns a send-loop outcome into the communication result object of its item.
import { buildCommunicationResult, type Channel, type CommunicationResult } from './result';
import type { SendOutcome } from './send-loop';
import type { JsonObject } from '../ledger/types';

export interface PreparedSend<P> {
	payload: P;
	to: string[];
	warnings: string[];
	/** Set to skip the item without sending (opt-out, nothing to do): becomes status skipped. */
	skipReason?: string;
	/** Result fields known before sending (e.g. SMS segments). */
	details?: JsonObject;
}

export interface OutcomeBase {
	channel: Channel;
	name: string;
	participantId: string;
	output: string;
	prepared: Pick<PreparedSend<unknown>, 'to' | 'warnings' | 'details'>;
	scheduledFor?: string | null;
}

export function describeOutcome(outcome: SendOutcome, base: OutcomeBase): CommunicationResult {
	const common = {
		channel: base.channel,
		name: base.name,
		participantId: base.participantId,
		to: base.prepared.to,
		warnings: [...base.prepared.warnings],
		details: base.prepared.details,
		scheduledFor: base.scheduledFor ?? null,
	};
	switch (outcome.kind) {
		case 'sent':
			return buildCommunicationResult({
				...common,
				id: outcome.ledgerId ?? '',
				status: outcome.value.status ?? 'sent',
				output: base.output,
				providerMessageId: outcome.value.providerMessageId ?? null,
				accepted: outcome.value.accepted ?? base.prepared.to,
				rejected: outcome.value.rejected ?? [],
				warnings: [...common.warnings, ...(outcome.value.warnings ?? [])],
				sentAt: outcome.sentAt,
				attempts: outcome.attempts,
				details: { ...(base.prepared.details ?? {}), ...(outcome.value.details ?? {}) },
			});
		case 'queued':
			return buildCommunicationResult({
				...common,
				id: outcome.ledgerId ?? '',
				status: 'queued',
				output: base.output,
			});
		case 'duplicate': {
			const recorded = outcome.record.result ?? {};
			const stored = recorded as Partial<CommunicationResult>;
			const note = outcome.busy
				? 'Another execution is sending this message right now (same idempotency key); not sent again.'
				: `Already sent earlier under idempotency key '${outcome.record.idempotencyKey}'; not sent again.`;
			return buildCommunicationResult({
				...common,
				...stored,
				// The channel fields of the first send (Slack ts, call SID...), so a re-run item looks like a fresh one.
				details: { ...(base.prepared.details ?? {}), ...recorded },
				id: outcome.record.id,
				status: outcome.busy ? 'skipped' : (stored.status ?? 'sent'),
				warnings: [...(stored.warnings ?? []), note],
			});
		}
		case 'failed':
			return buildCommunicationResult({
				...common,
				id: outcome.ledgerId ?? '',
				status: 'failed',
				attempts: outcome.attempts,
			});
	}
}
