// Update Field for one item: read the stored profile, apply the assignments to the item and
// persist them to the ledger as nested writes (participant or customer profile).
import { IANAZone } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { CommunicationLedger } from '../shared/ledger/types';
import { customerProfileKey, participantIdOf } from '../shared/participant';
import { applyAssignments, readAssignments } from './assignments';
import { deepOverlay, isPlainObject } from './attribute-path';

export { customerProfileKey };

interface UpdateOptions {
	persist: boolean;
	customerField: string;
	timezone: string;
}

function textParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback = '',
): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}

function readOptions(ctx: IExecuteFunctions, itemIndex: number): UpdateOptions {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const customerField =
		typeof raw.customerField === 'string' && raw.customerField.trim()
			? raw.customerField.trim()
			: 'customer';
	return {
		persist: raw.persist !== false,
		customerField,
		timezone: typeof raw.timezone === 'string' ? raw.timezone.trim() : '',
	};
}

/** Option > participant's `timezone` attribute > workflow time zone. */
function zoneFor(ctx: IExecuteFunctions, option: string, view: Record<string, unknown>): string {
	if (option) {
		if (!IANAZone.isValidZone(option)) {
			throw new InputError(
				`Time Zone '${option}' is not a known IANA time zone`,
				'Use a name like Europe/Berlin or America/New_York.',
			);
		}
		return option;
	}
	const own = view.timezone;
	if (typeof own === 'string' && IANAZone.isValidZone(own)) return own;
	return ctx.getTimezone();
}

async function updateParticipant(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	item: INodeExecutionData,
	itemIndex: number,
	options: UpdateOptions,
): Promise<IDataObject> {
	const participantId = participantIdOf(ctx, itemIndex, item, { trim: true });
	if (!participantId && options.persist) {
		throw new InputError(
			'Participant ID is empty, so the update cannot be saved to the profile',
			'Set Participant ID (default {{ $json.id }}), or turn off the option Save to Profile to change only this item.',
		);
	}
	const stored = participantId ? await ledger.getProfile(participantId) : { attributes: {} };
	const view = deepOverlay(item.json, stored.attributes) as Record<string, unknown>;
	const applied = applyAssignments(
		readAssignments(ctx.getNodeParameter('assignments.assignment', itemIndex, [])),
		{
			target: item.json,
			view,
			viewPrefix: [],
			seedSource: item.json,
			zone: zoneFor(ctx, options.timezone, view),
		},
	);
	if (options.persist) await ledger.updateProfilePaths(participantId, applied.writes);
	return applied.target as IDataObject;
}

async function updateCustomer(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	item: INodeExecutionData,
	itemIndex: number,
	options: UpdateOptions,
): Promise<IDataObject> {
	const customerId = textParameter(ctx, 'customerId', itemIndex);
	if (!customerId && options.persist) {
		throw new InputError(
			'Customer ID is empty, so the customer profile cannot be saved',
			'Set Customer ID to the attribute holding the customer account (default {{ $json.customer_id }}), or turn off Save to Profile.',
		);
	}
	const field = options.customerField;
	const fromItem = isPlainObject(item.json[field]) ? item.json[field] : {};
	const stored = customerId
		? await ledger.getProfile(customerProfileKey(customerId))
		: { attributes: {} };
	const customer = deepOverlay(fromItem, stored.attributes) as Record<string, unknown>;
	const view = { ...item.json, [field]: customer };
	const applied = applyAssignments(
		readAssignments(ctx.getNodeParameter('assignments.assignment', itemIndex, [])),
		{
			target: customer,
			view,
			viewPrefix: [field],
			seedSource: fromItem,
			zone: zoneFor(ctx, options.timezone, item.json),
		},
	);
	let result = applied.target;
	if (options.persist) {
		// The stored profile after the write includes what other executions wrote meanwhile.
		const updated = await ledger.updateProfilePaths(customerProfileKey(customerId), applied.writes);
		result = deepOverlay(fromItem, updated.attributes) as Record<string, unknown>;
	}
	return { ...item.json, [field]: result } as IDataObject;
}

/** The output JSON for one item; throws InputError for what the user must fix. */
export async function updateFieldsForItem(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	item: INodeExecutionData,
	itemIndex: number,
): Promise<IDataObject> {
	const options = readOptions(ctx, itemIndex);
	const scope = ctx.getNodeParameter('scope', itemIndex, 'participant') as string;
	if (scope === 'customerProfile')
		return await updateCustomer(ctx, ledger, item, itemIndex, options);
	return await updateParticipant(ctx, ledger, item, itemIndex, options);
}
