// One SMS or MMS through Twilio: the sender checks (From number or Messaging Service SID) and the send.
import { InputError } from '../errors';
import { requirePhoneNumber } from '../recipients/phone-fields';

import { describeTwilioError, type TwilioSettings } from './twilio';
import type { TwilioRest } from './twilio-rest';

/** Who a text is sent from: a number (or alphanumeric sender ID), or a Messaging Service. */
export type TwilioSender = { from: string } | { messagingServiceSid: string };

export interface TwilioSms {
	to: string;
	from?: string;
	messagingServiceSid?: string;
	/** Empty for an MMS that carries only media. */
	body: string;
	mediaUrl?: string[];
	statusCallback?: string;
}

export interface TwilioSmsResult {
	sid: string;
	/** Twilio's status for the new message: queued, accepted, ... */
	status: string | null;
	numSegments: number | null;
}

const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** A Messaging Service SID (MG + 32 hex characters); InputError naming `label` otherwise. */
export function checkMessagingServiceSid(label: string, sid: string): string {
	if (!MESSAGING_SERVICE_SID.test(sid))
		throw new InputError(
			`${label} '${sid}' is not a Messaging Service SID (MG followed by 32 hex characters)`,
		);
	return sid;
}

// Senders already checked, by default country and value: a run sends every item from the same one
// or few, and parsing a phone number is the costly part of preparing a text. Bounded: cleared when full.
const checkedSenders = new Map<string, string>();
const CHECKED_SENDERS_MAX = 256;

/** A From number as E.164, or an alphanumeric sender ID ("ACME") where the destination supports one. */
export function checkFromNumber(
	label: string,
	value: string,
	defaultCountry: string | undefined,
): string {
	if (ALPHANUMERIC_SENDER.test(value)) return value;
	const key = `${defaultCountry ?? ''}\n${value}`;
	const known = checkedSenders.get(key);
	if (known !== undefined) return known;
	// A bad number throws here every time, with this call's label.
	const e164 = requirePhoneNumber(label, value, defaultCountry);
	if (checkedSenders.size >= CHECKED_SENDERS_MAX) checkedSenders.clear();
	checkedSenders.set(key, e164);
	return e164;
}

/**
 * The credential's default sender, checked: its Default From Number when set, else its Default
 * Messaging Service SID; undefined when it has neither.
 */
export function credentialSender(
	settings: Pick<TwilioSettings, 'fromNumber' | 'messagingServiceSid'>,
	defaultCountry: string | undefined,
): TwilioSender | undefined {
	if (settings.fromNumber)
		return {
			from: checkFromNumber(
				"The credential's Default From Number",
				settings.fromNumber,
				defaultCountry,
			),
		};
	if (settings.messagingServiceSid)
		return {
			messagingServiceSid: checkMessagingServiceSid(
				"The credential's Default Messaging Service SID",
				settings.messagingServiceSid,
			),
		};
	return undefined;
}

/** The credential's checked default sender; InputError when it has none (texts sent without a Send From choice). */
export function requireCredentialSender(
	settings: Pick<TwilioSettings, 'fromNumber' | 'messagingServiceSid'>,
	defaultCountry: string | undefined,
): TwilioSender {
	const sender = credentialSender(settings, defaultCountry);
	if (sender) return sender;
	throw new InputError(
		'The Twilio credential has no Default From Number or Default Messaging Service SID to send from',
	);
}

/** Creates one message; any failure becomes a ProviderError that says what to fix. */
export async function sendTwilioSms(rest: TwilioRest, sms: TwilioSms): Promise<TwilioSmsResult> {
	try {
		const message = await rest.postForm('Messages', [
			['To', sms.to],
			['From', sms.from],
			['MessagingServiceSid', sms.messagingServiceSid],
			['Body', sms.body === '' ? undefined : sms.body],
			['MediaUrl', sms.mediaUrl],
			['StatusCallback', sms.statusCallback],
		]);
		return {
			sid: String(message.sid ?? ''),
			status: typeof message.status === 'string' ? message.status : null,
			numSegments: Number(message.num_segments) || null,
		};
	} catch (error) {
		throw describeTwilioError(error);
	}
}
