// The webhook() body of every conversation node: called through the signed resume URL (by the
// Communication Dispatcher), it sends what is due with the node's own credentials, expires what
// came too late, keeps waiting while anything is planned, and then continues the workflow with
// every item's result in input order.
import { timingSafeEqual } from 'node:crypto';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { ledgerFor } from '../ledger/access';
import {
	outputItems,
	runnerLifecycle,
	type ChannelRunner,
	nodeSendSettingsFrom,
} from '../pipeline';
import { readBatchPayload } from './payloads';
import { plannedRows, resumeDue } from './resume-due';

function signatureOf(url: string): string {
	try {
		return new URL(url).searchParams.get('signature') ?? '';
	} catch {
		return '';
	}
}

function sameSignature(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || !expected || given.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export async function resumeCommunicationNode<P>(
	ctx: IWebhookFunctions,
	runner: ChannelRunner<P>,
): Promise<IWebhookResponseData> {
	const lifecycle = runnerLifecycle(runner);
	try {
		const request = ctx.getRequestObject();
		const response = ctx.getResponseObject();
		const node = ctx.getNode();
		const ledger = await ledgerFor(ctx);
		const scope = { executionId: ctx.getExecutionId() ?? '', nodeName: node.name };
		const stored = await ledger.getBatch(scope.executionId, scope.nodeName);
		const batch = stored ? readBatchPayload(stored.payload) : null;
		if (
			!stored ||
			!batch ||
			!sameSignature(request.query.signature, signatureOf(stored.resumeUrl))
		) {
			response
				.status(batch ? 401 : 404)
				.json({ error: batch ? 'Invalid signature' : 'Nothing is waiting here' });
			return { noWebhookResponse: true };
		}
		if (request.method !== 'POST') {
			// A GET (link preview, scanner, browser) never sends or resumes anything.
			const planned = (await plannedRows(ledger, scope)).length;
			response.status(200).json({ waiting: true, planned });
			return { noWebhookResponse: true };
		}

		const settings = nodeSendSettingsFrom(
			(ctx.getNodeParameter('options', {}) ?? {}) as IDataObject,
			runner.defaults,
		);
		const outcome = await resumeDue(ledger, runner, batch, scope, { now: Date.now(), settings });
		if (outcome.waiting) {
			const { planned, sentNow } = outcome;
			response.status(200).json({ waiting: true, planned, sentNow });
			return { noWebhookResponse: true };
		}
		const toErrorOutput = node.onError === 'continueErrorOutput';
		const workflowData = outputItems(outcome.entries, { toErrorOutput, errorRouting: 'node' });
		response.status(200).json({ resumed: true, items: outcome.entries.length });
		return { workflowData };
	} finally {
		await lifecycle.release();
	}
}
