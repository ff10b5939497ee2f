// webhook(): answers the provider, records every verified event once in the ledger, and starts
// the workflow with the new events of the chosen types.
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { CommunicationEventItem, EventType } from '../shared/events/event';
import { recordEvent } from '../shared/events/record';
import { stopOnResponse } from '../shared/events/stop-on-response';
import { ledgerFor } from '../shared/ledger/access';

import { webhookRoleOf } from './description';
import { PROVIDER_OF, readRequest, type HttpAnswer } from './requests';

function answer(ctx: IWebhookFunctions, reply: HttpAnswer): void {
	const response = ctx.getResponseObject();
	if (reply.contentType) response.setHeader('content-type', reply.contentType);
	response.status(reply.status).send(reply.body);
}

function toItem(event: CommunicationEventItem): INodeExecutionData {
	const json: IDataObject = { ...event };
	return { json };
}

export async function receiveEvents(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const role = webhookRoleOf(request.method, request.originalUrl || request.url || request.path);
	const providers = this.getNodeParameter('providers', []) as string[];
	// Unsubscribe links are always served: their signed tokens authenticate them.
	const enabled =
		role && (PROVIDER_OF[role] === 'unsubscribe' || providers.includes(PROVIDER_OF[role]));
	if (!role || !enabled) {
		answer(this, { status: 404, body: 'This provider is not enabled on the trigger' });
		return { noWebhookResponse: true };
	}
	const outcome = await readRequest(this, role, new Date());
	if ('refused' in outcome) {
		answer(this, outcome.refused);
		return { noWebhookResponse: true };
	}
	const ledger = await ledgerFor(this);
	const wanted = this.getNodeParameter('events', []) as EventType[];
	const items: INodeExecutionData[] = [];
	for (const parsed of outcome.events) {
		const event = await recordEvent(ledger, parsed, {
			stopOnResponse: async (reply) => await stopOnResponse(ledger, reply),
		});
		if (event && wanted.includes(event.type)) items.push(toItem(event));
	}
	answer(this, outcome.answer);
	return items.length
		? { noWebhookResponse: true, workflowData: [items] }
		: { noWebhookResponse: true };
}
