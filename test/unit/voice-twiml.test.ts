import { InputError } from '../../nodes/shared/errors';
import {
	bridgeCallTwiml,
	checkUserTwiml,
	KEYPRESS_CONTINUE_URL,
	voicemailDropTwiml,
} from '../../nodes/VoiceCommunication/twiml';
import {
	checkXml,
	element,
	escapeXmlAttribute,
	escapeXmlText,
	toXmlDocument,
} from '../../nodes/VoiceCommunication/xml';
import { xmlTree, type XmlElementView } from '../support/twilio-engine';

const hostile = `Tom & Jerry's "deal" </Say><Dial>+19005550000</Dial><Say>`;

function names(view: XmlElementView): string[] {
	return view.children.map((c) => c.name);
}

describe('XML builder', () => {
	it('escapes text and attributes so user text can never become markup', async () => {
		const xml = toXmlDocument(
			element('Response', { note: hostile }, [element('Say', {}, [hostile])]),
		);
		const tree = await xmlTree(xml);
		expect(tree.name).toBe('Response');
		expect(names(tree)).toEqual(['Say']);
		expect(tree.children[0].text).toBe(hostile);
		expect(tree.attributes.note).toBe(hostile);
		expect(xml).not.toContain('<Dial>');
	});

	it('keeps line breaks in attributes and drops characters XML cannot carry', async () => {
		const tree = await xmlTree(
			toXmlDocument(element('R', { a: 'one\ntwo\tthree' }, ['bell\u0007 and \uD800 lone'])),
		);
		expect(tree.attributes.a).toBe('one\ntwo\tthree');
		expect(tree.text).toBe('bell and  lone');
		expect(escapeXmlText('😀 <&>')).toBe('😀 &lt;&amp;&gt;');
		expect(escapeXmlAttribute(`"'`)).toBe('&quot;&apos;');
	});

	it('refuses element names that are not XML names (programming errors)', () => {
		expect(() => toXmlDocument(element('bad name'))).toThrow("Invalid XML name 'bad name'");
	});
});

describe('checkXml', () => {
	it.each([
		['<Response><Say>Hi</Say></Response>', true],
		[
			'<?xml version="1.0"?><!-- c --><Response><Say a="1" b=\'2\'>A &amp; B &#233;</Say><Hangup/></Response>',
			true,
		],
		['<Response><Say><![CDATA[a < b]]></Say></Response>', true],
		['<Response><Say>Hi</Response>', false],
		['<Response><Say>A & B</Say></Response>', false],
		['<Response/><Response/>', false],
		['text<Response/>', false],
		['<Response a="1" a="2"/>', false],
		['<Response a="x & y"/>', false],
		['<Response><Say>Hi</Say>', false],
		['', false],
	])('%s -> %s', (source, ok) => {
		expect(checkXml(source).ok).toBe(ok);
	});
});

describe('bridge call TwiML', () => {
	const base = {
		whisper: hostile,
		repeat: 3,
		contact: '+14155550123',
		callerId: '+15005550006',
		dialTimeout: 25,
		language: 'en-US',
	};

	it('says the whisper (as text) the given number of times, then dials the contact', async () => {
		const tree = await xmlTree(bridgeCallTwiml({ ...base, keypress: false }));
		expect(names(tree)).toEqual(['Say', 'Pause', 'Say', 'Pause', 'Say', 'Dial']);
		for (const say of tree.children.filter((c) => c.name === 'Say')) expect(say.text).toBe(hostile);
		const dial = tree.children[5];
		expect(dial.attributes).toEqual({
			callerId: '+15005550006',
			timeout: '25',
			answerOnBridge: 'true',
		});
		expect(dial.children.map((c) => [c.name, c.text])).toEqual([['Number', '+14155550123']]);
	});

	it('with a keypress, dials only from the Gather action; no key ends the call', async () => {
		const tree = await xmlTree(bridgeCallTwiml({ ...base, repeat: 1, keypress: true }));
		expect(names(tree)).toEqual(['Gather', 'Say', 'Hangup']);
		const gather = tree.children[0];
		expect(names(gather)).toEqual(['Say']);
		expect(gather.children[0].text).toBe(hostile);
		expect(gather.attributes).toMatchObject({ input: 'dtmf', numDigits: '1', method: 'GET' });
		const action = new URL(gather.attributes.action);
		expect(`${action.origin}${action.pathname}`).toBe(KEYPRESS_CONTINUE_URL);
		const onKeypress = await xmlTree(action.searchParams.get('Twiml') ?? '');
		expect(names(onKeypress)).toEqual(['Dial']);
		expect(onKeypress.children[0].children[0].text).toBe('+14155550123');
	});
});

describe('voicemail drop TwiML', () => {
	it('pauses, plays the recording URL (escaped) and hangs up', async () => {
		const url = 'https://cdn.example.com/vm.mp3?a=1&b=<2>';
		const tree = await xmlTree(voicemailDropTwiml(url));
		expect(names(tree)).toEqual(['Pause', 'Play', 'Hangup']);
		expect(tree.children[1].text).toBe(url);
	});
});

describe('checkUserTwiml', () => {
	it('accepts a Response document and refuses broken or foreign XML with a reason', () => {
		expect(checkUserTwiml('  <Response><Say>Hi</Say></Response> ')).toBe(
			'<Response><Say>Hi</Say></Response>',
		);
		expect(() => checkUserTwiml('<Response><Say>Hi</Response>')).toThrow(
			new InputError('TwiML is not well-formed XML: </Response> closes <Say>'),
		);
		expect(() => checkUserTwiml('<Say>Hi</Say>')).toThrow(
			'TwiML must have <Response> as its root element, not <Say>',
		);
		expect(() => checkUserTwiml(' ')).toThrow(/^TwiML is empty/);
	});
});
