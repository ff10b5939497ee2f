// Turns one item into a checked Twilio call for the chosen operation (who is rung, with which TwiML).
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseHttpUrl, parseOptionalHttpUrl } from '../shared/http-url';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderTextField } from '../shared/merge';
import { optOutFlag, requirePhoneNumber, type ReadParameter } from '../shared/phone-fields';
import {
	contactOwnerReference,
	describeReference,
	findMember,
	type TeamDirectory,
} from '../shared/team-directory';
import type { TwilioSettings } from '../shared/transport/twilio';

import type { VoiceOperation } from './description';
import { buildSipUri, parseSipParameters, parseSipServer } from './sip';
import { bridgeCallTwiml, checkUserTwiml, voicemailDropTwiml } from './twiml';
import { escapeXmlAttribute } from './xml';

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

interface Common {
	options: IDataObject;
	defaultCountry: string | undefined;
	contact: string;
	from: string;
	timeout: number;
	statusCallback: string | undefined;
	warnings: string[];
}

type Prepared = PreparedSend<CallPayload>;

function optionalText(read: ReadParameter, name: string): string {
	const value = read(name, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}

function outboundCall(read: ReadParameter, item: ItemContext, c: Common): Prepared {
	const server = parseSipServer(read('sipServer', ''));
	const sipAddress = buildSipUri(c.contact, server, parseSipParameters(read('sipParameters', '')));
	const request: CallRequest = {
		to: sipAddress,
		from: c.from,
		timeout: c.timeout,
		statusCallback: c.statusCallback,
	};
	if (read('callInstructions', 'twiml') === 'url') {
		request.url = parseHttpUrl('TwiML URL', read('twimlUrl', ''));
	} else {
		// Values are escaped for XML text and attributes alike, so contact data cannot add markup.
		const rendered = renderTextField('TwiML', String(read('twiml', '')), item.participant, {
			strict: item.settings.failOnMissingMergeFields,
			escape: escapeXmlAttribute,
		});
		c.warnings.push(...rendered.warnings);
		request.twiml = checkUserTwiml(rendered.text);
	}
	return {
		payload: { operation: 'outboundCall', request, watch: false, hangUpOnPerson: false },
		to: [c.contact],
		warnings: c.warnings,
		details: { operation: 'outboundCall', dialed: sipAddress, from: c.from },
	};
}

/**
 * Who a bridge call rings: the Assigned User Phone; else the contact's owner in the Team Directory
 * (when the node has one); else the Company Phone (the node's, then the directory's).
 */
function phoneToRing(
	read: ReadParameter,
	item: ItemContext,
	c: Common,
	directory: TeamDirectory | undefined,
): string {
	const assigned = optionalText(read, 'assignedUserPhone');
	if (assigned) return requirePhoneNumber('Assigned User Phone', assigned, c.defaultCountry);
	if (directory) {
		const reference = contactOwnerReference(item.participant);
		const owner = findMember(directory, reference);
		if (owner?.phone) return owner.phone;
		if (reference !== undefined) {
			c.warnings.push(
				owner
					? `The assigned user ${owner.name} has no phone number in the Team Directory.`
					: `The assigned user '${describeReference(reference)}' is not in the Team Directory.`,
			);
		}
	}
	const company = optionalText(read, 'companyPhone') || directory?.companyPhone || '';
	if (!company) {
		throw new InputError(
			'Nobody to ring: the contact has no Assigned User Phone and Company Phone is empty',
			'Fill in Company Phone as the fallback.',
		);
	}
	const ring = requirePhoneNumber('Company Phone', company, c.defaultCountry);
	c.warnings.push(`The contact has no assigned user to ring: rang the company phone ${ring}.`);
	return ring;
}

function bridgeCall(
	read: ReadParameter,
	item: ItemContext,
	c: Common,
	directory: TeamDirectory | undefined,
): Prepared {
	const ring = phoneToRing(read, item, c, directory);
	const whisper = renderTextField('Call Whisper', String(read('whisper', '')), item.participant, {
		strict: item.settings.failOnMissingMergeFields,
	});
	c.warnings.push(...whisper.warnings);
	const repeat = Math.min(3, Math.max(1, Math.round(Number(read('whisperRepeat', 2)) || 1)));
	const detect = read('disableVoicemailDetect', false) !== true;
	const twiml = bridgeCallTwiml({
		whisper: whisper.text,
		repeat,
		keypress: read('connectAfterKeypress', true) === true,
		contact: c.contact,
		callerId: c.from,
		dialTimeout: c.timeout,
		language:
			typeof c.options.language === 'string' && c.options.language.trim()
				? c.options.language.trim()
				: undefined,
	});
	const request: CallRequest = {
		to: ring,
		from: c.from,
		twiml,
		timeout: c.timeout,
		statusCallback: c.statusCallback,
		machineDetection: detect ? 'Enable' : undefined,
	};
	return {
		payload: {
			operation: 'bridgeCall',
			request,
			watch: c.options.waitForAnswer !== false,
			hangUpOnPerson: false,
		},
		to: [c.contact],
		warnings: c.warnings,
		details: { operation: 'bridgeCall', dialed: ring, from: c.from, voicemailDetection: detect },
	};
}

function voicemailDrop(read: ReadParameter, c: Common): Prepared {
	const recordingUrl = parseHttpUrl('Recording URL', read('recordingUrl', ''));
	const watch = c.options.waitForAnswer !== false;
	if (!watch)
		c.warnings.push('Wait for Answer is off: a person who answers will hear the recording too.');
	const request: CallRequest = {
		to: c.contact,
		from: c.from,
		twiml: voicemailDropTwiml(recordingUrl),
		timeout: c.timeout,
		statusCallback: c.statusCallback,
		// Waits for the greeting to end, so the recording starts after the beep.
		machineDetection: 'DetectMessageEnd',
	};
	return {
		payload: { operation: 'voicemailDrop', request, watch, hangUpOnPerson: watch },
		to: [c.contact],
		warnings: c.warnings,
		details: { operation: 'voicemailDrop', dialed: c.contact, from: c.from, recordingUrl },
	};
}

export function prepareCall(
	item: ItemContext,
	twilio: TwilioSettings,
	directory?: TeamDirectory,
): Prepared {
	const read: ReadParameter = (name, fallback) => item.param(name, fallback);
	const operation = read('operation') as VoiceOperation;
	const options = read('options', {}) as IDataObject;
	const defaultCountry =
		typeof options.defaultCountry === 'string' ? options.defaultCountry : undefined;

	const flag = optOutFlag(item.participant, ['dnd']);
	if (flag) {
		return {
			payload: {
				operation,
				request: { to: '', from: '', timeout: 0 },
				watch: false,
				hangUpOnPerson: false,
			},
			to: [],
			warnings: [],
			skipReason: `Skipped: the participant does not want to be disturbed ('${flag}' is true), so no call was made.`,
		};
	}

	const contact = requirePhoneNumber('Contact Phone', read('phone', ''), defaultCountry);
	const fromText = optionalText(read, 'from') || twilio.fromNumber;
	if (!fromText)
		throw new InputError(
			'No From number for the call',
			'Set From, or a Default From Number in the Twilio credential.',
		);
	const common: Common = {
		options,
		defaultCountry,
		contact,
		from: requirePhoneNumber('From', fromText, defaultCountry),
		timeout: Math.min(600, Math.max(5, Math.round(Number(read('callTimeout', 30))) || 30)),
		statusCallback: parseOptionalHttpUrl('Status Callback URL', options.statusCallback),
		warnings: [],
	};
	if (operation === 'outboundCall') return outboundCall(read, item, common);
	if (operation === 'bridgeCall') return bridgeCall(read, item, common, directory);
	if (operation === 'voicemailDrop') return voicemailDrop(read, common);
	throw new InputError(`Unknown operation '${String(operation)}'`);
}
