// The send loop's retry decision for errors the transports throw, plus the shared Request Timeout option.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ProviderError } from '../errors';
import type { RetryDecision } from '../send-types';

/** Transports throw ProviderError with `transient` and the provider's wait; anything else is final. */
export function retryDecisionFor(error: unknown): RetryDecision {
	if (!(error instanceof ProviderError)) return { retry: false };
	return { retry: error.transient, retryAfterMs: error.options.retryAfterMs };
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: DEFAULT_TIMEOUT_SECONDS,
	description:
		'How long to wait for the provider to answer one request before the attempt counts as failed (and is retried)',
};

/** The Request Timeout option in milliseconds, from the node's Options collection. */
export function timeoutMsFrom(options: unknown): number {
	const seconds = Number((options as { requestTimeout?: unknown } | null)?.requestTimeout);
	if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_TIMEOUT_SECONDS * 1000;
	return Math.round(Math.min(seconds, 300) * 1000);
}

/** The Request Timeout option of a node being executed, read once (from the first item). */
export function readTimeoutMs(ctx: IExecuteFunctions): number {
	return timeoutMsFrom(ctx.getNodeParameter('options', 0, {}));
}
