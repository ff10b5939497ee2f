// What a provider send reports back (success, partial delivery, retry advice): shared by the
// transports, which produce it, and the send loop, which consumes it.
import type { JsonObject } from './ledger/types';

export interface SendSuccess {
	/** `skipped`: the send ran but had nobody to deliver to (e.g. every recipient over a limit). */
	status?: 'sent' | 'queued' | 'skipped';
	providerMessageId?: string | null;
	accepted?: string[];
	rejected?: string[];
	warnings?: string[];
	/** Channel-specific fields added to the result (SMTP response, segments, ...). */
	details?: JsonObject;
}

/**
 * Thrown by a send that reached some recipients and failed others: the loop retries it when `reason` is
 * transient (the send must then only resend what is missing) and reports `delivered` once no retry is left.
 */
export class PartialDeliveryError extends Error {
	constructor(
		readonly delivered: SendSuccess,
		readonly reason: unknown,
	) {
		super(reason instanceof Error ? reason.message : 'Some recipients were not reached');
		this.name = 'PartialDeliveryError';
	}
}

export interface RetryDecision {
	retry: boolean;
	/** Provider-told wait (Retry-After, retry_after); used exactly instead of the backoff. */
	retryAfterMs?: number;
}
