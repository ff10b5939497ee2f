// What a provider send reports back and how its errors are retried: the contract between the transports and the send loop.
import type { JsonObject } from '../ledger/types';

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

export interface RetryDecision {
	retry: boolean;
	/** Provider-told wait (Retry-After, retry_after); used exactly instead of the backoff. */
	retryAfterMs?: number;
}
