// Who an item is about and how merge fields see them: the Participant ID (falling back to the
// item's `id`) and the item overlaid with the stored contact and customer profiles.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { CUSTOMER_PROFILE_PREFIX } from './customer-profile';
import { participantIdProperty } from '../descriptions';
import type { CommunicationLedger } from '../ledger/types';

type ProfileReader = Pick<CommunicationLedger, 'getProfile'>;

function idText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/**
 * The item's Participant ID: the parameter, else the item's `id`, else ''. The default
 * expression reads the item's own id, so it is taken directly without evaluating it: an
 * expression round trip per item is about a sixth of a sending node's CPU time per message.
 */
export function participantIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): string {
	const raw = ctx.getNode().parameters.participantId;
	const usesDefault = raw === undefined || raw === participantIdProperty.default;
	const value = usesDefault
		? item.json.id
		: (ctx.getNodeParameter('participantId', itemIndex, '') as unknown);
	return idText(value) || idText(item.json.id);
}

/** The stored customer profile's key for a participant's `customer_id`, or '' when it has none. */
export function customerProfileIdOf(participant: IDataObject): string {
	const customerId = participant.customer_id;
	if (typeof customerId === 'number') return `${CUSTOMER_PROFILE_PREFIX}${customerId}`;
	if (typeof customerId === 'string' && customerId.trim())
		return `${CUSTOMER_PROFILE_PREFIX}${customerId.trim()}`;
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
