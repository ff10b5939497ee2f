// Who an item is about and how merge fields see them: the Participant ID (falling back to the
// item's `id`) and the item overlaid with the stored contact and customer profiles.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CUSTOMER_PROFILE_PREFIX } from './customer-profile';
import { participantIdProperty } from '../descriptions';
import type { CommunicationLedger } from '../ledger/types';
import { nodeParameters } from '../node-params';

type ProfileReader = Pick<CommunicationLedger, 'getProfile'>;

function idText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/**
 * The Participant ID parameter as set, '' when empty. The default expression reads the item's
 * own id, so it is taken directly without evaluating it: an expression round trip per item is
 * about a sixth of a sending node's CPU time per message.
 */
export function participantIdParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): string {
	const raw = nodeParameters(ctx).raw('participantId');
	const usesDefault = raw === undefined || raw === participantIdProperty.default;
	return idText(
		usesDefault ? item.json.id : (ctx.getNodeParameter('participantId', itemIndex, '') as unknown),
	);
}

/**
 * The item's Participant ID: the parameter, else the item's `id`, else ''. With `trim`, both
 * are trimmed, so a blank parameter falls back to the item's `id` too.
 */
export function participantIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	options: { trim?: boolean } = {},
): string {
	const set = participantIdParameter(ctx, itemIndex, item);
	const own = idText(item.json.id);
	return options.trim ? set.trim() || own.trim() : set || own;
}

/** The trimmed Participant ID for nodes that act on one participant's records; empty fails the item. */
export function requiredParticipantIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): string {
	const id = participantIdOf(ctx, itemIndex, item, { trim: true });
	if (!id)
		throw new NodeOperationError(ctx.getNode(), 'Participant ID is empty', {
			itemIndex,
			description: 'Set Participant ID, e.g. {{ $json.id }}.',
		});
	return id;
}

/** The stored customer profile's key for a customer account ID. */
export function customerProfileKey(customerId: string): string {
	return `${CUSTOMER_PROFILE_PREFIX}${customerId}`;
}

/** The stored customer profile's key for a participant's `customer_id`, or '' when it has none. */
export function customerProfileIdOf(participant: IDataObject): string {
	const customerId = participant.customer_id;
	if (typeof customerId === 'number') return customerProfileKey(String(customerId));
	if (typeof customerId === 'string' && customerId.trim())
		return customerProfileKey(customerId.trim());
	return '';
}

/**
 * The participant as merge fields see it: the item, overlaid with the stored contact profile
 * (today's data wins), and with the stored customer profile (Update Field's Customer Profile
 * scope) under `customer` when the participant has a `customer_id`.
 */
export async function loadParticipant(
	ledger: ProfileReader,
	id: string,
	json: IDataObject,
): Promise<IDataObject> {
	const participant: IDataObject = id
		? { ...json, ...((await ledger.getProfile(id)).attributes as IDataObject) }
		: { ...json };
	const customerKey = customerProfileIdOf(participant);
	if (!customerKey) return participant;
	const customer = await ledger.getProfile(customerKey);
	if (Object.keys(customer.attributes).length > 0) {
		const own =
			typeof participant.customer === 'object' && participant.customer !== null
				? (participant.customer as IDataObject)
				: {};
		participant.customer = { ...own, ...(customer.attributes as IDataObject) };
	}
	return participant;
}
