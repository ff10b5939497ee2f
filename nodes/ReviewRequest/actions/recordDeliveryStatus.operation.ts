// Record Delivery Status: store a Twilio status callback so the review SMS's status becomes delivered
// (the ledger's one delivery-event mechanism: recorded once, never moving a status backwards).
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { twilioDedupeKey } from '../../shared/events/twilio-events';
import { runPerItem } from '../../shared/pipeline/per-item';
import { ledgerFor } from '../../shared/ledger/access';
import { toJsonObject } from '../../shared/ledger/json';
import type { CommunicationLedger } from '../../shared/ledger/types';
import { text } from '../prepare';

export const description = updateDisplayOptions({ show: { operation: ['recordDeliveryStatus'] } }, [
	{
		displayName: 'Message SID',
		name: 'messageSid',
		type: 'string',
		default: '={{ $json.body.MessageSid }}',
		required: true,
		description: "Twilio's ID of the message, from the status callback",
	},
	{
		displayName: 'Message Status',
		name: 'messageStatus',
		type: 'string',
		default: '={{ $json.body.MessageStatus }}',
		required: true,
		placeholder: 'delivered',
	},
]);

/** Records one Twilio status callback (MessageSid, MessageStatus) as a delivery event in the ledger. */
async function recordDeliveryStatus(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	item: INodeExecutionData,
	i: number,
): Promise<IDataObject> {
	const messageSid = text(ctx.getNodeParameter('messageSid', i, ''));
	const status = text(ctx.getNodeParameter('messageStatus', i, '')).toLowerCase();
	if (!messageSid)
		throw new InputError('Message SID is empty: map MessageSid from the Twilio status callback');
	if (!status)
		throw new InputError(
			'Message Status is empty: map MessageStatus from the Twilio status callback',
		);
	const body = (
		typeof item.json.body === 'object' && item.json.body !== null ? item.json.body : item.json
	) as IDataObject;
	const receivedAt = new Date().toISOString();
	// The same key as the Communication Events trigger: a callback seen by both counts once.
	const outcome = await ledger.recordDeliveryEvent({
		providerMessageId: messageSid,
		status,
		payload: toJsonObject(body),
		receivedAt,
		dedupeKey: twilioDedupeKey(messageSid, status),
		channel: 'sms',
	});
	return {
		deliveryEvent: {
			providerMessageId: messageSid,
			status,
			receivedAt,
			recorded: outcome.recorded,
			deliveryStatus: outcome.deliveryStatus,
		},
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ledger = await ledgerFor(this);
	return await runPerItem(
		this,
		async (i, item) => await recordDeliveryStatus(this, ledger, item, i),
	);
}
