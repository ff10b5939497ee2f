// The communications the ledger stores: statuses, records, inputs, claim outcomes and queries.
import type { EventCount } from './delivery-status';
import type { JsonObject } from './json';

/** planned -> (claimed for dispatch) -> active -> sent | failed | canceled | expired | skipped */
export type CommunicationStatus =
	'planned' | 'active' | 'queued' | 'sent' | 'failed' | 'canceled' | 'expired' | 'skipped';

export const TERMINAL_STATUSES: readonly CommunicationStatus[] = [
	'sent',
	'failed',
	'canceled',
	'expired',
	'skipped',
];

export interface CommunicationRecord {
	id: string;
	/** Unique across the ledger: one key, one message. */
	idempotencyKey: string;
	participantId: string;
	/** Communication Name (UPPER_SNAKE_CASE) or '' when the node has none. */
	name: string;
	channel: string;
	status: CommunicationStatus;
	workflowId: string | null;
	executionId: string | null;
	nodeName: string | null;
	itemIndex: number | null;
	/** Fully resolved payload of a planned communication (what to send, without secrets). */
	payload: JsonObject | null;
	/** The communication result (the output item's `communication` object) once terminal. */
	result: JsonObject | null;
	/** ISO instant the communication is due; a planned row without one is due at once. */
	scheduledFor: string | null;
	/** ISO instant after which a not-yet-sent communication is expired. */
	expiresAt: string | null;
	/** Signed URL that resumes the waiting execution that owns this communication. */
	resumeUrl: string | null;
	/** Who holds the send (or dispatch) lease and since when; null when nobody does. */
	claimedBy: string | null;
	claimedAt: string | null;
	/** Set when the dispatcher has woken the owning execution for the current state. */
	dispatchedAt: string | null;
	/** Total send attempts for this key: claimSend counts one per claim. */
	attempts: number;
	providerMessageId: string | null;
	/** ISO instant completeSend recorded status 'sent'. */
	sentAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface NewCommunication {
	idempotencyKey: string;
	participantId: string;
	name?: string;
	channel: string;
	workflowId?: string | null;
	executionId?: string | null;
	nodeName?: string | null;
	itemIndex?: number | null;
	payload?: JsonObject | null;
	scheduledFor?: string | null;
	expiresAt?: string | null;
	resumeUrl?: string | null;
}

/** Outcome of trying to take the send lease for an idempotency key. */
export type ClaimOutcome =
	/** The caller holds the lease and must send, then call completeSend. */
	| { state: 'claimed'; record: CommunicationRecord }
	/**
	 * Already sent, queued for background delivery, or otherwise terminal and not retryable
	 * (skipped, canceled, expired): do not send again.
	 */
	| { state: 'done'; record: CommunicationRecord }
	/** A worker (any worker, this one included) holds a live lease on it right now. */
	| { state: 'busy'; record: CommunicationRecord };

export interface CommunicationQuery {
	participantId?: string;
	name?: string;
	statuses?: CommunicationStatus[];
	workflowId?: string;
	executionId?: string;
	nodeName?: string;
	/** Only rows due at or before this ISO instant (overdue listings). */
	dueBefore?: string;
	limit?: number;
}

export interface ClaimDueOptions {
	/**
	 * Re-claims a still-planned row whose last dispatch is at least this old: the wake-up
	 * was lost (dispatcher crashed, execution not yet waiting). Omitted: never re-claimed.
	 */
	redispatchAfterMs?: number;
}

/** Statistics name of a communication recorded without a Communication Name or node name. */
export const UNNAMED_COMMUNICATION = '(no name)';

export interface CommunicationStats {
	name: string;
	counts: Partial<Record<CommunicationStatus | EventCount, number>>;
}

/** How completeSend ends a send lease (see LedgerSendLease.completeSend). */
export interface SendCompletion {
	status: CommunicationStatus;
	result?: JsonObject | null;
	providerMessageId?: string | null;
	attempts?: number;
}

/** One lease to end in a batch: its communication id and how it ends. */
export interface SendCompletionOf extends SendCompletion {
	id: string;
}
