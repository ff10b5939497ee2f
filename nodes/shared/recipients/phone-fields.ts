// Fields and checks the phone nodes (SMS, voice) share: Default Country, status callback, numbers, opt-out flags.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../errors';
import type { ItemContext } from '../pipeline/item-context';
import { describeRecipientProblem, parsePhoneNumber } from './';

/** Reads one node parameter of the current item (expressions resolved). */
export type ReadParameter = ItemContext['param'];

export const defaultCountryOption: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountry',
	type: 'string',
	default: '',
	placeholder: 'US',
	description:
		'Two-letter country code (ISO 3166) used for numbers written without a country code, e.g. "(555) 010-0123" with US. Numbers starting with + or 00 do not need it.',
};

export function statusCallbackOption(what: string): INodeProperties {
	return {
		displayName: 'Status Callback URL',
		name: 'statusCallback',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/webhook/twilio-status',
		description: `Twilio posts the ${what} status changes to this URL (for example an n8n Webhook node)`,
	};
}

/** One phone number as E.164; InputError saying what is wrong with it otherwise. */
export function requirePhoneNumber(
	label: string,
	raw: unknown,
	defaultCountry: string | undefined,
): string {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw new InputError(`${label} is empty: give a phone number such as +15550100123`);
	}
	const parsed = parsePhoneNumber(raw, defaultCountry);
	if (!parsed.ok) throw new InputError(describeRecipientProblem(label, parsed.problem));
	return parsed.e164;
}

function isTrue(value: unknown): boolean {
	if (value === true || value === 1) return true;
	return typeof value === 'string' && ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}

/** The first of the given participant flags that is set (`dnd`, `sms_opt_out` ...), if any. */
export function optOutFlag(participant: IDataObject, flags: readonly string[]): string | undefined {
	return flags.find((flag) => isTrue(participant[flag]));
}
