// Voice Communication through the real n8n engine against the sandbox's Twilio peer over HTTP.
import { startSandbox, type Sandbox } from '../../sandbox';
import { VoiceCommunication } from '../../nodes/VoiceCommunication/VoiceCommunication.node';
import { KEYPRESS_CONTINUE_URL } from '../../nodes/VoiceCommunication/twiml';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG } from '../support/engine/workflow';
import {
	communicationOf,
	itemsInto,
	twilioCredentials,
	twilioHarness,
	xmlTree,
	type XmlElementView,
} from '../support/twilio-engine';

let sandbox: Sandbox;
const voice = () => new VoiceCommunication();
const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;
const VOICEMAIL = phone(999);
const hostileName = '</Say><Dial>+19005550000</Dial><Say>';

beforeAll(async () => {
	sandbox = await startSandbox();
	// The sandbox's default voicemail number is fictional (555 area code) and fails validation.
	sandbox.setSeed({ twilioVoicemailNumbers: [VOICEMAIL] });
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const names = (view: XmlElementView) => view.children.map((c) => c.name);
const twilioRequests = () => sandbox.state().requests.filter((r) => r.peer === 'twilio');

describe('Voice Communication: Outbound Call', () => {
	const parameters = {
		operation: 'outboundCall',
		sipServer: 'sip.example.com',
		sipParameters: '={{ $json.sip }}',
		twiml: '<Response><Say voice="alice">Hello {{ first_name }}</Say></Response>',
		callTimeout: 25,
		options: { statusCallback: 'https://hooks.example.com/call-status' },
	};

	it('routes the participant through the SIP server with validated parameters and escaped TwiML', async () => {
		const wf = itemsInto(
			[
				{
					id: 'p1',
					phone: phone(101),
					first_name: 'Ann & "Bo" <3',
					sip: 'transport=TCP;timeout=30',
				},
			],
			'voiceCommunication',
			parameters,
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(result.status).toBe('success');

		const [call] = sandbox.state().calls;
		expect(call.authUser).toBe(sandbox.credentials.twilio.accountSid);
		expect(call.fields).toEqual({
			To: `sip:${phone(101)}@sip.example.com;transport=tcp;timeout=30`,
			From: sandbox.credentials.twilio.fromNumber,
			Twiml: expect.any(String),
			Timeout: '25',
			StatusCallback: 'https://hooks.example.com/call-status',
		});
		expect(call.twimlValid).toBe(true);
		const tree = await xmlTree(String(call.fields.Twiml));
		expect(names(tree)).toEqual(['Say']);
		expect(tree.children[0]).toMatchObject({
			text: 'Hello Ann & "Bo" <3',
			attributes: { voice: 'alice' },
		});

		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			channel: 'voice',
			status: 'sent',
			output: 'Call has been successfully started.',
			to: [phone(101)],
			providerMessageId: call.sid,
			callSid: call.sid,
			dialed: call.fields.To,
			answeredBy: 'unknown',
		});
		// Outbound calls are not watched: one request, the create.
		expect(twilioRequests().map((r) => r.method)).toEqual(['POST']);
	});

	it('sends a TwiML URL instead of TwiML when chosen', async () => {
		const wf = itemsInto([{ id: 'p2', phone: phone(102), sip: '' }], 'voiceCommunication', {
			...parameters,
			callInstructions: 'url',
			twimlUrl: 'https://example.com/call.xml',
		});
		await twilioHarness(sandbox, voice()).run(wf);
		const [call] = sandbox.state().calls;
		expect(call.fields).toMatchObject({
			To: `sip:${phone(102)}@sip.example.com`,
			Url: 'https://example.com/call.xml',
		});
		expect(call.fields.Twiml).toBeUndefined();
	});

	it('refuses bad SIP parameters and numbers per item; the other items are called', async () => {
		const items = [
			{ id: 'ok', phone: phone(111), sip: 'transport=udp' },
			{ id: 'at', phone: phone(112), sip: 'user=bob@evil.example' },
			{ id: 'space', phone: phone(113), sip: 'transport=udp; timeout=30' },
			{ id: 'crlf', phone: phone(114), sip: 'transport=udp\r\nVia: evil' },
			{ id: 'transport', phone: phone(115), sip: 'transport=sctp' },
			{ id: 'letters', phone: '+1 415 CALL ME', sip: '' },
			{ id: 'nocountry', phone: '415 555 0116', sip: '' },
			{ id: 'ok2', phone: phone(117), sip: '' },
		];
		const wf = itemsInto(items, 'voiceCommunication', parameters, {
			onError: 'continueRegularOutput',
		});
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(sandbox.state().calls.map((c) => c.to)).toEqual([
			`sip:${phone(111)}@sip.example.com;transport=udp`,
			`sip:${phone(117)}@sip.example.com`,
		]);
		const errors = Object.fromEntries(result.output('Node').map((o) => [o.json.id, o.json.error]));
		expect(errors).toEqual({
			ok: undefined,
			at: expect.stringMatching(/^SIP Parameters must not contain '@'/),
			space: expect.stringMatching(/^SIP Parameters must not contain spaces/),
			crlf: expect.stringMatching(/^SIP Parameters must not contain line breaks/),
			transport: "SIP transport 'sctp' is not supported: use udp, tcp or tls",
			letters: "Contact Phone entry '+1 415 CALL ME' contains letters",
			nocountry:
				"Contact Phone entry '415 555 0116' has no country code (start it with + or set a Default Country)",
			ok2: undefined,
		});
	});

	it('refuses TwiML that is not well-formed before calling', async () => {
		const wf = itemsInto([{ id: 'p', phone: phone(120), sip: '' }], 'voiceCommunication', {
			...parameters,
			twiml: '<Response><Say>Hi</Response>',
		});
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			'TwiML is not well-formed XML: </Response> closes <Say>',
		);
		expect(sandbox.state().calls).toHaveLength(0);
	});
});

describe('Voice Communication: Bridge Call', () => {
	const parameters = {
		operation: 'bridgeCall',
		assignedUserPhone: '={{ $json.owner_phone }}',
		companyPhone: phone(200),
		whisper: 'New lead {{ name }}. Press any key.',
		whisperRepeat: 2,
		callTimeout: 20,
	};

	it('rings the assigned user with the whisper (spoken, never markup), keypress, then dials the contact', async () => {
		const wf = itemsInto(
			[{ id: 'lead', phone: phone(201), name: hostileName, owner_phone: phone(202) }],
			'voiceCommunication',
			parameters,
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(result.status).toBe('success');

		const [call] = sandbox.state().calls;
		expect(call.fields).toEqual({
			To: phone(202),
			From: sandbox.credentials.twilio.fromNumber,
			Twiml: expect.any(String),
			Timeout: '20',
			MachineDetection: 'Enable',
		});
		expect(call.twimlValid).toBe(true);
		const tree = await xmlTree(String(call.fields.Twiml));
		expect(names(tree)).toEqual(['Gather', 'Say', 'Hangup']);
		const gather = tree.children[0];
		expect(names(gather)).toEqual(['Say', 'Pause', 'Say']);
		expect(gather.children[0].text).toBe(`New lead ${hostileName}. Press any key.`);
		const action = new URL(gather.attributes.action);
		expect(`${action.origin}${action.pathname}`).toBe(KEYPRESS_CONTINUE_URL);
		const onKeypress = await xmlTree(action.searchParams.get('Twiml') ?? '');
		expect(
			onKeypress.children.map((c) => [c.name, c.attributes.callerId, c.children[0].text]),
		).toEqual([['Dial', sandbox.credentials.twilio.fromNumber, phone(201)]]);

		// The node read the call back to learn who answered.
		expect(
			twilioRequests().map(
				(r) => `${r.method} ${r.path.endsWith(`${call.sid}.json`) ? 'call' : 'calls'}`,
			),
		).toEqual(['POST calls', 'GET call']);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			to: [phone(201)],
			dialed: phone(202),
			callSid: call.sid,
			callStatus: 'completed',
			answeredBy: 'human',
			answeredByDetail: 'human',
			voicemailDetection: true,
		});
	});

	it('falls back to the company phone, and reports a voicemail pickup as machine', async () => {
		sandbox.setSeed({ twilioVoicemailNumbers: [VOICEMAIL, phone(200)] });
		try {
			const wf = itemsInto(
				[{ id: 'lead', phone: phone(211), name: 'Cy' }],
				'voiceCommunication',
				parameters,
			);
			const result = await twilioHarness(sandbox, voice()).run(wf);
			expect(sandbox.state().calls[0].to).toBe(phone(200));
			const communication = communicationOf(result.output('Node')[0]);
			expect(communication).toMatchObject({
				answeredBy: 'machine',
				answeredByDetail: 'machine_end_beep',
			});
			expect(communication.warnings).toEqual([
				`The contact has no assigned user to ring: rang the company phone ${phone(200)}.`,
			]);
		} finally {
			sandbox.setSeed({ twilioVoicemailNumbers: [VOICEMAIL] });
		}
	});

	it('without voicemail detection and keypress: no MachineDetection, whisper then Dial', async () => {
		const wf = itemsInto(
			[{ id: 'lead', phone: phone(221), name: 'Di', owner_phone: phone(222) }],
			'voiceCommunication',
			{
				...parameters,
				whisperRepeat: 1,
				connectAfterKeypress: false,
				disableVoicemailDetect: true,
			},
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		const [call] = sandbox.state().calls;
		expect(call.fields.MachineDetection).toBeUndefined();
		const tree = await xmlTree(String(call.fields.Twiml));
		expect(names(tree)).toEqual(['Say', 'Dial']);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			answeredBy: 'unknown',
			callStatus: 'completed',
		});
	});

	it('fails the item when there is nobody to ring, and skips participants who asked not to be disturbed', async () => {
		const items = [
			{ id: 'nobody', phone: phone(231) },
			{ id: 'dnd', phone: phone(232), owner_phone: phone(233), dnd: true },
			{ id: 'ok', phone: phone(234), owner_phone: phone(235) },
		];
		const wf = itemsInto(
			items,
			'voiceCommunication',
			{ ...parameters, companyPhone: '' },
			{ onError: 'continueRegularOutput' },
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		const [nobody, dnd, ok] = result.output('Node');
		expect(nobody.json.error).toBe(
			'Nobody to ring: the contact has no Assigned User Phone and Company Phone is empty (Fill in Company Phone as the fallback.)',
		);
		expect(communicationOf(dnd)).toMatchObject({ status: 'skipped' });
		expect(communicationOf(ok)).toMatchObject({ status: 'sent' });
		expect(sandbox.state().calls.map((c) => c.to)).toEqual([phone(235)]);
	});

	it("rings the contact owner's phone from the Team Directory, else the directory's company phone", async () => {
		const h = new EngineHarness({
			nodes: { [PKG]: [voice()], test: [new TestItems()] },
			credentials: {
				communicationTwilioApi: twilioCredentials(sandbox),
				communicationTeamDirectoryApi: {
					members: JSON.stringify([
						{ name: 'Alice Archer', email: 'alice@acme.test', phone: phone(250) },
						{ name: 'Bob Baker', email: 'bob@acme.test' },
					]),
					companyPhone: phone(251),
				},
			},
		});
		const items = [
			{ id: 'owned', phone: phone(252), name: 'Cy', owner: 'alice@acme.test' },
			{ id: 'nophone', phone: phone(253), name: 'Di', owner: 'Bob Baker' },
			{ id: 'unowned', phone: phone(254), name: 'Ed' },
		];
		const credentials = {
			communicationTwilioApi: { id: 't', name: 'Twilio' },
			communicationTeamDirectoryApi: { id: 'd', name: 'Team' },
		};
		const result = await h.run(
			itemsInto(
				items,
				'voiceCommunication',
				{ ...parameters, assignedUserPhone: '', companyPhone: '' },
				{ credentials },
			),
		);
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.calls.map((c) => c.to)
				.sort(),
		).toEqual([phone(250), phone(251), phone(251)]);
		const warnings = result.output('Node').map((o) => communicationOf(o).warnings);
		expect(warnings).toEqual([
			[],
			[
				'The assigned user Bob Baker has no phone number in the Team Directory.',
				`The contact has no assigned user to ring: rang the company phone ${phone(251)}.`,
			],
			[`The contact has no assigned user to ring: rang the company phone ${phone(251)}.`],
		]);
	});

	it('retries the call after a 429 and places it once', async () => {
		sandbox.faults.set('twilio', { failNext: { count: 1, status: 429, retryAfter: 0 } });
		const wf = itemsInto(
			[{ id: 'lead', phone: phone(241), owner_phone: phone(242) }],
			'voiceCommunication',
			parameters,
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(sandbox.state().calls).toHaveLength(1);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
	});
});

describe('Voice Communication: Voicemail Drop', () => {
	const parameters = {
		operation: 'voicemailDrop',
		recordingUrl: 'https://cdn.example.com/vm.mp3?campaign=a&b=1',
		callTimeout: 30,
	};

	it('calls with DetectMessageEnd and TwiML that plays the recording; a machine hears it', async () => {
		const wf = itemsInto([{ id: 'p', phone: VOICEMAIL }], 'voiceCommunication', parameters);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		const [call] = sandbox.state().calls;
		expect(call.fields).toEqual({
			To: VOICEMAIL,
			From: sandbox.credentials.twilio.fromNumber,
			Twiml: expect.any(String),
			Timeout: '30',
			MachineDetection: 'DetectMessageEnd',
		});
		const tree = await xmlTree(String(call.fields.Twiml));
		expect(names(tree)).toEqual(['Pause', 'Play', 'Hangup']);
		expect(tree.children[1].text).toBe('https://cdn.example.com/vm.mp3?campaign=a&b=1');
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			output: 'Voicemail drop has been successfully started.',
			answeredBy: 'machine',
			warnings: [],
		});
		// No attempt to end the call: the recording is meant for the machine.
		expect(twilioRequests().map((r) => r.method)).toEqual(['POST', 'GET']);
	});

	it('ends the call when a person answers, so the recording is not played to them', async () => {
		const wf = itemsInto([{ id: 'p', phone: phone(301) }], 'voiceCommunication', parameters);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		const [call] = sandbox.state().calls;
		const requests = twilioRequests();
		expect(requests.map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual([
			'POST Calls.json',
			`GET ${call.sid}.json`,
			`POST ${call.sid}.json`,
		]);
		const communication = communicationOf(result.output('Node')[0]);
		expect(communication.answeredBy).toBe('human');
		// Whether the peer supports updating a live call decides if the hang-up went through.
		const hungUp = requests[2].status === 200;
		expect(communication.hungUpOnPerson).toBe(hungUp);
		expect(communication.warnings).toEqual(
			hungUp
				? []
				: [
						expect.stringMatching(
							/^A person answered, but the call could not be ended before the recording/,
						),
					],
		);
	});

	it('refuses a recording URL that is not an http(s) link', async () => {
		const wf = itemsInto(
			[{ id: 'p', phone: VOICEMAIL }],
			'voiceCommunication',
			{ ...parameters, recordingUrl: 'file:///etc/passwd' },
			{ onError: 'continueRegularOutput' },
		);
		const result = await twilioHarness(sandbox, voice()).run(wf);
		expect(result.output('Node')[0].json.error).toBe(
			"Recording URL 'file:///etc/passwd' must be an http or https link",
		);
		expect(sandbox.state().calls).toHaveLength(0);
	});
});

describe('Voice Communication: credential', () => {
	it('shares the Twilio credential test', async () => {
		const h = twilioHarness(sandbox, voice());
		const data = twilioCredentials(sandbox);
		const ok = await h.testCredential(voice(), 'communicationTwilioApiTest', {
			id: 'c',
			name: 'Twilio',
			type: 'communicationTwilioApi',
			data,
		});
		expect(ok.status).toBe('OK');
	});
});
