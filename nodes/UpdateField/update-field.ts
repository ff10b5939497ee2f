// Update Field for one item: read the stored profile, apply the assignments to the item and
// persist them to the ledger as nested writes (participant or customer profile).
import { IANAZone } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { CommunicationLedger } from '../shared/ledger/types';
import { customerProfileKey, participantIdOf } from '../shared/participant';
import { applyAssignments, readAssignments, type AppliedAssignments } from './assignments';
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

/** One item's update: where it runs, the item and the node's options for it. */
interface ItemUpdate {
	ctx: IExecuteFunctions;
	ledger: CommunicationLedger;
	item: INodeExecutionData;
	itemIndex: number;
	options: UpdateOptions;
}

/** The profile's ID; it may be empty only when Save to Profile is off. */
function profileId(update: ItemUpdate, id: string, problem: string, fix: string): string {
	if (!id && update.options.persist) throw new InputError(problem, fix);
	return id;
}

/** Applies the node's assignments to `target`, reading references through `view`. */
function assign(
	update: ItemUpdate,
	target: Record<string, unknown>,
	view: Record<string, unknown>,
	viewPrefix: string[],
	seedSource: unknown,
	zoneView: Record<string, unknown>,
): AppliedAssignments {
	const { ctx, itemIndex, options } = update;
	return applyAssignments(
		readAssignments(ctx.getNodeParameter('assignments.assignment', itemIndex, [])),
		{ target, view, viewPrefix, seedSource, zone: zoneFor(ctx, options.timezone, zoneView) },
	);
}

async function updateParticipant(update: ItemUpdate): Promise<IDataObject> {
	const { ctx, ledger, item, options } = update;
	const participantId = profileId(
		update,
		participantIdOf(ctx, update.itemIndex, item, { trim: true }),
		'Participant ID is empty, so the update cannot be saved to the profile',
		'Set Participant ID (default {{ $json.id }}), or turn off the option Save to Profile to change only this item.',
	);
	const stored = participantId ? await ledger.getProfile(participantId) : { attributes: {} };
	const view = deepOverlay(item.json, stored.attributes) as Record<string, unknown>;
	const applied = assign(update, item.json, view, [], item.json, view);
	if (options.persist) await ledger.updateProfilePaths(participantId, applied.writes);
	return applied.target as IDataObject;
}

async function updateCustomer(update: ItemUpdate): Promise<IDataObject> {
	const { ctx, ledger, item, options } = update;
	const customerId = profileId(
		update,
		textParameter(ctx, 'customerId', update.itemIndex),
		'Customer ID is empty, so the customer profile cannot be saved',
		'Set Customer ID to the attribute holding the customer account (default {{ $json.customer_id }}), or turn off Save to Profile.',
	);
	const field = options.customerField;
	const fromItem = isPlainObject(item.json[field]) ? item.json[field] : {};
	const stored = customerId
		? await ledger.getProfile(customerProfileKey(customerId))
		: { attributes: {} };
	const customer = deepOverlay(fromItem, stored.attributes) as Record<string, unknown>;
	const view = { ...item.json, [field]: customer };
	const applied = assign(update, customer, view, [field], fromItem, item.json);
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
	const update: ItemUpdate = { ctx, ledger, item, itemIndex, options: readOptions(ctx, itemIndex) };
	const scope = ctx.getNodeParameter('scope', itemIndex, 'participant') as string;
	if (scope === 'customerProfile') return await updateCustomer(update);
	return await updateParticipant(update);
}
