// The TwiML documents the voice operations send: built through the escaping XML builder only.
import { InputError } from '../shared/errors';

import { checkXml, element, toXmlDocument, type XmlElement } from './xml';

/**
 * Twilio's echo Twimlet returns the TwiML given in its query: it lets an inline document continue
 * after a keypress (a <Gather> needs an action URL) without the user hosting anything.
 */
export const KEYPRESS_CONTINUE_URL = 'https://twimlets.com/echo';
/** Seconds of silence before a voicemail recording, in which a person who answered is hung up on. */
export const VOICEMAIL_HOLD_SECONDS = 3;
const KEYPRESS_WAIT_SECONDS = 5;

export interface BridgeTwimlInput {
	whisper: string;
	/** How often the whisper is said (1-3). */
	repeat: number;
	keypress: boolean;
	contact: string;
	callerId: string;
	/** Seconds the contact's phone may ring. */
	dialTimeout: number;
	language?: string;
}

function whisperElements(input: BridgeTwimlInput): XmlElement[] {
	if (!input.whisper.trim()) return [];
	const says: XmlElement[] = [];
	for (let i = 0; i < input.repeat; i++) {
		if (i > 0) says.push(element('Pause', { length: 1 }));
		says.push(element('Say', { language: input.language }, [input.whisper]));
	}
	return says;
}

function dialContact(input: BridgeTwimlInput): XmlElement {
	return element(
		'Dial',
		{ callerId: input.callerId, timeout: input.dialTimeout, answerOnBridge: true },
		[element('Number', {}, [input.contact])],
	);
}

/**
 * Said to whoever answers (the assigned user), then the contact is dialled and both are bridged.
 * With a keypress required, nobody is dialled unless a key was pressed: silence or a voicemail
 * greeting falls through the <Gather> to the goodbye.
 */
export function bridgeCallTwiml(input: BridgeTwimlInput): string {
	const whisper = whisperElements(input);
	if (!input.keypress)
		return toXmlDocument(element('Response', {}, [...whisper, dialContact(input)]));
	const onKeypress = toXmlDocument(element('Response', {}, [dialContact(input)]));
	const gather = element(
		'Gather',
		{
			input: 'dtmf',
			numDigits: 1,
			timeout: KEYPRESS_WAIT_SECONDS,
			method: 'GET',
			action: `${KEYPRESS_CONTINUE_URL}?Twiml=${encodeURIComponent(onKeypress)}`,
		},
		whisper,
	);
	return toXmlDocument(
		element('Response', {}, [
			gather,
			element('Say', { language: input.language }, ['No key was pressed. Goodbye.']),
			element('Hangup'),
		]),
	);
}

/** Played after answering-machine detection (DetectMessageEnd), i.e. after the beep on a machine. */
export function voicemailDropTwiml(recordingUrl: string): string {
	return toXmlDocument(
		element('Response', {}, [
			element('Pause', { length: VOICEMAIL_HOLD_SECONDS }),
			element('Play', {}, [recordingUrl]),
			element('Hangup'),
		]),
	);
}

/** User-written TwiML: must be well-formed XML with a <Response> root. */
export function checkUserTwiml(twiml: string): string {
	const text = twiml.trim();
	if (!text)
		throw new InputError(
			'TwiML is empty: write the call instructions, e.g. <Response><Say>Hello</Say></Response>',
		);
	const check = checkXml(text);
	if (!check.ok)
		throw new InputError(
			`TwiML is not well-formed XML: ${check.reason}`,
			'Merge field values are escaped for you; escape & and < in your own text as &amp; and &lt;.',
		);
	if (check.root !== 'Response')
		throw new InputError(`TwiML must have <Response> as its root element, not <${check.root}>`);
	return text;
}
