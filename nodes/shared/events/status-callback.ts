// Twilio status callbacks without per-node configuration: while an events workflow is active, its
// status URL (kept in the ledger) becomes the StatusCallback of every SMS and call left without one.
import type { PreparedSend } from '../pipeline/outcome-result';
import type { NodeContext } from '../pipeline/conversation-node';
import { ledgerFor } from '../ledger/access';

import { readEventEndpoints } from './endpoints';

/** The events workflow's Twilio status URL, or undefined; read once per execution (runner). */
export async function eventsStatusCallback(ctx: NodeContext): Promise<string | undefined> {
	const endpoints = await readEventEndpoints(await ledgerFor(ctx));
	return endpoints?.twilioStatus ?? undefined;
}

/** A request with the StatusCallback filled in when the node left it empty. */
export function withStatusCallback<T extends { statusCallback?: string }>(
	request: T,
	url: string | undefined,
): T {
	return request.statusCallback || !url ? request : { ...request, statusCallback: url };
}

/** A prepared send whose payload carries the status callback. */
export function preparedWithStatusCallback<P extends { statusCallback?: string }>(
	prepared: PreparedSend<P>,
	url: string | undefined,
): PreparedSend<P> {
	return { ...prepared, payload: withStatusCallback(prepared.payload, url) };
}
