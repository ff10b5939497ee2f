// Turns one item into a checked SMS: recipient, sender, text, media and the segment guard.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseHttpUrlList, parseOptionalHttpUrl } from '../shared/http-url';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import { requirePhoneNumber, type ReadParameter } from '../shared/recipients/phone-fields';
import { applyTemplate, type TemplateSource } from '../shared/templates';
import type { TwilioSettings } from '../shared/transport/twilio';
import {
	checkFromNumber,
	checkMessagingServiceSid,
	credentialSender,
	type TwilioSender,
	type TwilioSms,
} from '../shared/transport/twilio-sms';

import { countSmsSegments } from '../shared/sms-segments';

export type SmsPayload = TwilioSms;

// Twilio refuses longer bodies (21617) and more media (21623); say so before sending.
const MAX_BODY_CHARACTERS = 1600;
const MAX_MEDIA = 10;

function resolveSender(
	read: ReadParameter,
	twilio: TwilioSettings,
	defaultCountry: string | undefined,
): TwilioSender {
	const mode = read('sendFrom', 'default') as string;
	if (mode === 'number') {
		return { from: checkFromNumber('From', String(read('from', '')).trim(), defaultCountry) };
	}
	if (mode === 'messagingService') {
		return {
			messagingServiceSid: checkMessagingServiceSid(
				'Messaging Service SID',
				String(read('messagingServiceSid', '')).trim(),
			),
		};
	}
	const fromCredential = credentialSender(twilio, defaultCountry);
	if (fromCredential) return fromCredential;
	throw new InputError(
		'No sender for the SMS',
		'Set Send From to a phone number or Messaging Service, or fill in Default From Number or Default Messaging Service SID in the Twilio credential.',
	);
}

export async function prepareSms(
	input: ItemContext,
	twilio: TwilioSettings,
	templates: TemplateSource,
): Promise<PreparedSend<SmsPayload>> {
	const { item, details: template } = await applyTemplate(input, templates, 'sms');
	const read: ReadParameter = (name, fallback) => item.param(name, fallback);
	const options = read('options', {}) as IDataObject;
	const defaultCountry =
		typeof options.defaultCountry === 'string' ? options.defaultCountry : undefined;
	const rawTo = read('to', '') as unknown;

	const warnings: string[] = [];
	let to = requirePhoneNumber('To', rawTo, defaultCountry);
	const sender = resolveSender(read, twilio, defaultCountry);

	const rendered = renderFieldForItem(
		'Message',
		String(read('message', '')),
		item.participant,
		item.settings.failOnMissingMergeFields,
	);
	warnings.push(...rendered.warnings);
	let body = rendered.text;

	const media = parseHttpUrlList('Media URLs', read('mediaUrls', ''));
	const asLinks = options.mediaDelivery === 'links';
	if (asLinks && media.length > 0) body = [body.trimEnd(), ...media].filter(Boolean).join('\n');
	if (!asLinks && media.length > MAX_MEDIA) {
		throw new InputError(
			`Media URLs has ${media.length} links; an MMS carries at most ${MAX_MEDIA}`,
			'Remove some, or set Media Delivery to "Links in the Text".',
		);
	}
	if (!body.trim() && (asLinks || media.length === 0))
		throw new InputError('Message is empty: write the text of the SMS');

	const count = countSmsSegments(body);
	if (count.characters > MAX_BODY_CHARACTERS) {
		throw new InputError(
			`Message has ${count.characters} characters; Twilio accepts at most ${MAX_BODY_CHARACTERS}`,
		);
	}
	const maxSegments = Number(options.maxSegments ?? 0);
	if (maxSegments > 0 && count.segments > maxSegments) {
		throw new InputError(
			`Message needs ${count.segments} SMS segments (${count.characters} characters, ${count.encoding}) but Max Segments is ${maxSegments}`,
			`Shorten the text or raise Max Segments. ${count.encoding === 'UCS-2' ? 'It contains characters outside GSM-7 (emoji, some accents), so a segment holds only 70 characters (67 in a multi-part message).' : 'A segment holds 160 characters (153 in a multi-part message).'}`,
		);
	}

	const testTo = String(options.sendTestTo ?? '').trim();
	if (testTo) {
		const testNumber = requirePhoneNumber('Send Test To', testTo, defaultCountry);
		warnings.push(`Test mode: sent to ${testNumber} instead of ${to}.`);
		to = testNumber;
	}
	const statusCallback = parseOptionalHttpUrl('Status Callback URL', options.statusCallback);
	const mediaUrl = asLinks || media.length === 0 ? undefined : media;

	return {
		payload: { to, ...sender, body, mediaUrl, statusCallback },
		to: [to],
		warnings,
		details: {
			...template,
			segments: count.segments,
			encoding: count.encoding,
			characters: count.characters,
			...sender,
			mediaUrls: media,
		},
	};
}
