// One item as a checked Twilio call: what every voice operation reads (contact, From, timeout,
// do-not-disturb), then the chosen operation's own part (who is rung, with which TwiML).
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseOptionalHttpUrl } from '../shared/http-url';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { requirePhoneNumber, type ReadParameter } from '../shared/recipients/phone-fields';
import type { TeamDirectory } from '../shared/team/directory';
import type { TwilioSettings } from '../shared/transport/twilio';

export type VoiceOperation = 'outboundCall' | 'bridgeCall' | 'voicemailDrop';

export interface CallRequest {
	to: string;
	from: string;
	twiml?: string;
	url?: string;
	timeout: number;
	statusCallback?: string;
	machineDetection?: 'Enable' | 'DetectMessageEnd';
}

export interface CallPayload {
	operation: VoiceOperation;
	request: CallRequest;
	/** Follow the call until it is known who answered. */
	watch: boolean;
	/** Voicemail drop: end the call when a person (not a machine) answers. */
	hangUpOnPerson: boolean;
}

export type PreparedCall = PreparedSend<CallPayload>;

/** What an operation's prepare gets: the item, its parameters and the fields every call checks. */
export interface CallInput {
	read: ReadParameter;
	item: ItemContext;
	options: IDataObject;
	defaultCountry: string | undefined;
	contact: string;
	from: string;
	timeout: number;
	statusCallback: string | undefined;
	warnings: string[];
	/** The Team Directory, when the node has that (optional) credential. */
	directory: TeamDirectory | undefined;
}

/** One voice operation: its own parameters, its output text and how it builds the call. */
export interface VoiceAction {
	operation: VoiceOperation;
	description: INodeProperties[];
	defaultOutput: string;
	prepare: (call: CallInput) => PreparedCall;
}

/** A text parameter, trimmed; empty when it is missing. */
export function optionalText(read: ReadParameter, name: string): string {
	const value = read(name, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}

export function prepareCall(
	item: ItemContext,
	twilio: TwilioSettings,
	directory: TeamDirectory | undefined,
	action: VoiceAction,
): PreparedCall {
	const read: ReadParameter = (name, fallback) => item.param(name, fallback);
	const options = read('options', {}) as IDataObject;
	const defaultCountry =
		typeof options.defaultCountry === 'string' ? options.defaultCountry : undefined;

	const contact = requirePhoneNumber('Contact Phone', read('phone', ''), defaultCountry);
	const fromText = optionalText(read, 'from') || twilio.fromNumber;
	if (!fromText)
		throw new InputError(
			'No From number for the call',
			'Set From, or a Default From Number in the Twilio credential.',
		);
	return action.prepare({
		read,
		item,
		options,
		defaultCountry,
		contact,
		from: requirePhoneNumber('From', fromText, defaultCountry),
		timeout: Math.min(600, Math.max(5, Math.round(Number(read('callTimeout', 30))) || 30)),
		statusCallback: parseOptionalHttpUrl('Status Callback URL', options.statusCallback),
		warnings: [],
		directory,
	});
}
