// The URL that resumes a waiting execution through this node's webhook(), as n8n 2.x accepts it.
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * n8n 2.x gives every execution a resume token and its waiting-webhook endpoint refuses (401) any
 * request without it, except for n8n's own send-and-wait nodes, which get HMAC-signed URLs. So a
 * community node's resume URL is `$execution.resumeUrl` (which carries the token) with the node id
 * as path suffix (the webhook's `path: '={{ $nodeId }}'`), plus the node's own query parameters.
 * `getSignedResumeUrl()` would be refused there.
 */
export function waitingNodeUrl(
	ctx: IExecuteFunctions,
	params: Record<string, string> = {},
): string {
	const url = new URL(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
	return url.toString();
}
