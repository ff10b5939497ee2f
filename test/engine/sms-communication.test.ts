// SMS Communication through the real n8n engine against the sandbox's Twilio peer over HTTP.

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import { closedPort } from '../support/closed-port';
import {
	communicationOf,
	itemsInto,
	twilioCredentials,
	twilioHarness,
} from '../support/twilio-engine';

let sandbox: Sandbox;
const sms = () => new SmsCommunication();
const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

function twilioRequests(method = 'POST') {
	return sandbox.state().requests.filter((r) => r.peer === 'twilio' && r.method === method);
}

describe('SMS Communication: request shape', () => {
	it('sends To, From, the merged Body, repeated MediaUrl and StatusCallback with Basic auth', async () => {
		const wf = itemsInto(
			[{ id: 'p1', phone: phone(101), first_name: 'Ann', appointment: { start_time: '10:30' } }],
			'smsCommunication',
			{
				message: 'Hi {{ contact.first_name }}, see you at {{ appointment.start_time }}',
				mediaUrls:
					'https://example.com/a.jpg, https://example.com/b.png\nhttps://example.com/c.gif',
				options: { statusCallback: 'https://hooks.example.com/sms-status' },
			},
		);
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.status).toBe('success');

		const [received] = sandbox.state().sms;
		expect(sandbox.state().sms).toHaveLength(1);
		expect(received.authUser).toBe(sandbox.credentials.twilio.accountSid);
		expect(received.fields).toEqual({
			To: phone(101),
			From: sandbox.credentials.twilio.fromNumber,
			Body: 'Hi Ann, see you at 10:30',
			MediaUrl: [
				'https://example.com/a.jpg',
				'https://example.com/b.png',
				'https://example.com/c.gif',
			],
			StatusCallback: 'https://hooks.example.com/sms-status',
		});

		const [out] = result.output('Node');
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(communicationOf(out)).toMatchObject({
			channel: 'sms',
			status: 'sent',
			success: true,
			output: 'SMS has been successfully sent.',
			participantId: 'p1',
			to: [phone(101)],
			providerMessageId: received.sid,
			segments: 1,
			encoding: 'GSM-7',
			attempts: 1,
			warnings: [],
		});
	});

	it('authenticates with an API Key and uses the Messaging Service when the credential has no From', async () => {
		const { apiKeySid, apiKeySecret, messagingServiceSid } = sandbox.credentials.twilio;
		const h = twilioHarness(sandbox, sms(), {
			authType: 'apiKey',
			apiKeySid,
			apiKeySecret,
			authToken: '',
			fromNumber: '',
			messagingServiceSid,
		});
		const result = await h.run(
			itemsInto([{ id: 'p2', phone: phone(102) }], 'smsCommunication', { message: 'Hello' }),
		);
		expect(result.status).toBe('success');
		const [received] = sandbox.state().sms;
		expect(received.authUser).toBe(apiKeySid);
		expect(received.fields).toEqual({
			To: phone(102),
			MessagingServiceSid: messagingServiceSid,
			Body: 'Hello',
		});
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			messagingServiceSid,
			status: 'sent',
		});
	});

	it('appends media links to the text instead of MMS when asked, and reports UCS-2 segments', async () => {
		const wf = itemsInto([{ id: 'p3', phone: phone(103) }], 'smsCommunication', {
			message: 'Your menu 🍕 is ready',
			mediaUrls: 'https://example.com/menu.pdf',
			options: { mediaDelivery: 'links' },
		});
		const result = await twilioHarness(sandbox, sms()).run(wf);
		const [received] = sandbox.state().sms;
		expect(received.fields).toEqual({
			To: phone(103),
			From: sandbox.credentials.twilio.fromNumber,
			Body: 'Your menu 🍕 is ready\nhttps://example.com/menu.pdf',
		});
		expect(received.mediaUrls).toEqual([]);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			encoding: 'UCS-2',
			segments: 1,
			characters: 49,
		});
	});

	it('sends everything to the Send Test To number, with a warning naming the real recipient', async () => {
		const wf = itemsInto(
			[
				{ id: 'a', phone: phone(104) },
				{ id: 'b', phone: phone(105) },
			],
			'smsCommunication',
			{
				message: 'Preview',
				options: { sendTestTo: phone(199) },
			},
		);
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(sandbox.state().sms.map((m) => m.to)).toEqual([phone(199), phone(199)]);
		expect(communicationOf(result.output('Node')[1]).warnings).toEqual([
			`Test mode: sent to ${phone(199)} instead of ${phone(105)}.`,
		]);
	});
});

describe('SMS Communication: throughput', () => {
	it('sends 300 SMS once each, in input order, never more than Max Concurrent Sends in flight', async () => {
		sandbox.faults.set('twilio', { latencyMs: 50 });
		const items = Array.from({ length: 300 }, (_v, i) => ({
			id: `c${i}`,
			phone: phone(1000 + i),
			n: i,
		}));
		const wf = itemsInto(items, 'smsCommunication', {
			message: 'Reminder {{ n }}',
			options: { maxConcurrentSends: 10 },
		});
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.status).toBe('success');

		const state = sandbox.state();
		expect(state.sms).toHaveLength(300);
		expect(new Set(state.sms.map((m) => m.to)).size).toBe(300);
		expect(state.stats.twilio.maxInFlight).toBeLessThanOrEqual(10);
		// The limit is actually used, not just respected by going one at a time.
		expect(state.stats.twilio.maxInFlight).toBeGreaterThanOrEqual(5);

		const out = result.output('Node');
		expect(out.map((o) => o.json.id)).toEqual(items.map((i) => i.id));
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_i, index) => ({ item: index })));
		const bodyByNumber = new Map(state.sms.map((m) => [m.to, m.body]));
		for (const item of items) expect(bodyByNumber.get(item.phone)).toBe(`Reminder ${item.n}`);
	});

	it('keeps to Max Per Second: the n-th request never reaches the peer before n / rate seconds', async () => {
		const items = Array.from({ length: 41 }, (_v, i) => ({ id: `r${i}`, phone: phone(2000 + i) }));
		const wf = itemsInto(items, 'smsCommunication', {
			message: 'Rate',
			options: { maxPerSecond: 20, maxConcurrentSends: 10 },
		});
		// A slower machine only delays requests, so this bound holds at any speed; the exact
		// schedule of the start gate is proven on a virtual clock in the send loop's unit tests.
		const runStart = Date.now();
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.status).toBe('success');

		const starts = twilioRequests()
			.map((r) => Date.parse(r.startedAt))
			.sort((a, b) => a - b);
		expect(starts).toHaveLength(41);
		const early = starts.filter((start, n) => start - runStart < n * 50 - 1);
		expect(early).toEqual([]);
	});
});

describe('SMS Communication: bad input per item', () => {
	const long = 'x'.repeat(200);
	const items = [
		{ id: 'ok1', phone: phone(301), msg: 'Fine' },
		{ id: 'letters', phone: '+1415FLOWERS', msg: 'Fine' },
		{ id: 'national', phone: '(415) 555-0302', msg: 'Fine' },
		{ id: 'empty', phone: phone(303), msg: '' },
		{ id: 'long', phone: phone(304), msg: long },
		{ id: 'optout', phone: phone(305), msg: 'Fine', sms_opt_out: true },
		{ id: 'dnd', phone: phone(306), msg: 'Fine', dnd: 'true' },
		{ id: 'ok2', phone: phone(307), msg: 'Fine' },
	];
	const parameters = { message: '={{ $json.msg }}', options: { maxSegments: 1 } };

	it('fails or skips only the bad items under Continue (regular output); the others are sent', async () => {
		const wf = itemsInto(items, 'smsCommunication', parameters, {
			onError: 'continueRegularOutput',
		});
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.sms.map((m) => m.to)
				.sort(),
		).toEqual([phone(301), phone(307)]);

		const out = new Map(result.output('Node').map((o) => [o.json.id, o]));
		expect(out.get('letters')?.json.error).toBe("To entry '+1415FLOWERS' contains letters");
		expect(out.get('national')?.json.error).toBe(
			"To entry '(415) 555-0302' has no country code (start it with + or set a Default Country)",
		);
		expect(out.get('empty')?.json.error).toBe('Message is empty: write the text of the SMS');
		expect(out.get('long')?.json.error).toMatch(
			/^Message needs 2 SMS segments \(200 characters, GSM-7\) but Max Segments is 1/,
		);
		for (const id of ['optout', 'dnd']) {
			const skipped = out.get(id);
			expect(skipped?.json.error).toBeUndefined();
			expect(communicationOf(skipped!)).toMatchObject({ status: 'skipped', success: false });
		}
		expect(communicationOf(out.get('optout')!).warnings).toEqual([
			"Skipped: the participant does not want SMS ('sms_opt_out' is true), so nothing was sent.",
		]);
		expect(communicationOf(out.get('ok2')!).status).toBe('sent');
		expect(result.output('Node').map((o) => o.json.id)).toEqual(items.map((i) => i.id));
	});

	it('routes failed items to the error output, and Default Country fixes national numbers', async () => {
		const wf = itemsInto(
			items,
			'smsCommunication',
			{ ...parameters, options: { maxSegments: 1, defaultCountry: 'us' } },
			{ onError: 'continueErrorOutput' },
		);
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.output('Node', 0).map((o) => o.json.id)).toEqual([
			'ok1',
			'national',
			'optout',
			'dnd',
			'ok2',
		]);
		expect(result.output('Node', 1).map((o) => [o.json.id, o.pairedItem])).toEqual([
			['letters', { item: 1 }],
			['empty', { item: 3 }],
			['long', { item: 4 }],
		]);
		expect(
			sandbox
				.state()
				.sms.map((m) => m.to)
				.sort(),
		).toEqual([phone(301), phone(302), phone(307)]);
	});

	it('stops before sending anything when an item is bad and errors are not continued', async () => {
		const result = await twilioHarness(sandbox, sms()).run(
			itemsInto(items, 'smsCommunication', parameters),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe("To entry '+1415FLOWERS' contains letters");
		expect(sandbox.state().sms).toHaveLength(0);
	});
});

describe('SMS Communication: provider faults', () => {
	it('waits for Retry-After after a 429 and sends once (2 attempts)', async () => {
		sandbox.faults.set('twilio', { failNext: { count: 1, status: 429, retryAfter: 1 } });
		const started = Date.now();
		const result = await twilioHarness(sandbox, sms()).run(
			itemsInto([{ id: 'x', phone: phone(401) }], 'smsCommunication', { message: 'Once' }),
		);
		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(sandbox.state().sms).toHaveLength(1);
		expect(twilioRequests().map((r) => r.status)).toEqual([429, 201]);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
	});

	it('fails after Retry Count + 1 attempts on repeated 500s, in bounded time', async () => {
		sandbox.faults.set('twilio', { failNext: { count: 3, status: 500 } });
		const started = Date.now();
		const wf = itemsInto(
			[{ id: 'x', phone: phone(402) }],
			'smsCommunication',
			{ message: 'Nope', options: { retryCount: 2 } },
			{ onError: 'continueRegularOutput' },
		);
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(twilioRequests().map((r) => r.status)).toEqual([500, 500, 500]);
		const [out] = result.output('Node');
		expect(out.json.error).toMatch(
			/^Twilio is temporarily unavailable \(HTTP 500\)\. Twilio said: An internal server error has occurred \(code 20500\)/,
		);
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 3 });
	});

	it('does not retry a permanent refusal (21610 opted out via STOP)', async () => {
		sandbox.setSeed({ twilioOptedOut: [phone(403)] });
		try {
			const wf = itemsInto(
				[{ id: 'x', phone: phone(403) }],
				'smsCommunication',
				{ message: 'Hi' },
				{ onError: 'continueRegularOutput' },
			);
			const result = await twilioHarness(sandbox, sms()).run(wf);
			expect(twilioRequests()).toHaveLength(1);
			const [out] = result.output('Node');
			expect(out.json.error).toMatch(/opted out .* replying STOP \(21610\)/);
			expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 1 });
		} finally {
			sandbox.setSeed({ twilioOptedOut: [] });
		}
	});

	it('retries a dropped connection and sends once', async () => {
		sandbox.faults.set('twilio', { dropNext: 1 });
		const result = await twilioHarness(sandbox, sms()).run(
			itemsInto([{ id: 'x', phone: phone(404) }], 'smsCommunication', { message: 'Hi' }),
		);
		expect(result.status).toBe('success');
		expect(sandbox.state().sms).toHaveLength(1);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
	});

	it('fails in bounded time, without hanging, when the API is down', async () => {
		const port = await closedPort();
		const h = twilioHarness(sandbox, sms(), { baseUrl: `http://127.0.0.1:${port}` });
		const started = Date.now();
		const result = await h.run(
			itemsInto([{ id: 'x', phone: phone(405) }], 'smsCommunication', { message: 'Hi' }),
		);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			'Could not connect to the Twilio API (connection refused). Check the API Base URL of the Twilio credential.',
		);
	});

	it("n8n's Retry On Fail re-runs the node without sending any message twice", async () => {
		// Retry On Fail re-executes the node inside the same execution, so the default idempotency
		// keys (workflow + execution + node + item index) are the same as in the failed try.
		sandbox.faults.set('twilio', { failNext: { count: 1, status: 500 } });
		const items = [
			{ id: 'a', phone: phone(501) },
			{ id: 'b', phone: phone(502) },
			{ id: 'c', phone: phone(503) },
		];
		const wf = itemsInto(
			items,
			'smsCommunication',
			{ message: 'Only once', options: { retryCount: 0, maxConcurrentSends: 1 } },
			{
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 10,
			},
		);
		const result = await twilioHarness(sandbox, sms()).run(wf);
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.sms.map((m) => m.to)
				.sort(),
		).toEqual([phone(501), phone(502), phone(503)]);
		expect(twilioRequests().map((r) => r.status)).toEqual([500, 201, 201, 201]);
		const out = result.output('Node').map(communicationOf);
		expect(out.map((c) => c.status)).toEqual(['sent', 'sent', 'sent']);
		expect(out[1].warnings).toEqual([
			expect.stringMatching(/^Already sent earlier under idempotency key/),
		]);
	});

	it('never sends the same Idempotency Key twice across executions', async () => {
		const items = [
			{ id: 'a', phone: phone(601) },
			{ id: 'b', phone: phone(602) },
		];
		const wf = itemsInto(items, 'smsCommunication', {
			message: 'Once',
			options: { idempotencyKey: `={{ "reminder-${Date.now()}-" + $json.id }}` },
		});
		const h = twilioHarness(sandbox, sms());
		await h.run(wf);
		const second = await h.run(wf);
		expect(sandbox.state().sms).toHaveLength(2);
		expect(second.output('Node').map((o) => communicationOf(o).providerMessageId)).toEqual(
			sandbox.state().sms.map((m) => m.sid),
		);
	});
});

describe('Twilio credential', () => {
	const credential = (data: ICredentialDataDecryptedObject) => ({
		id: 'c1',
		name: 'Twilio',
		type: 'communicationTwilioApi',
		data,
	});

	it('passes with the right Auth Token or API Key', async () => {
		const h = twilioHarness(sandbox, sms());
		const ok = await h.testCredential(
			sms(),
			'communicationTwilioApiTest',
			credential(twilioCredentials(sandbox)),
		);
		expect(ok).toEqual({
			status: 'OK',
			message: "Connected to Twilio account 'Sandbox Account' (active)",
		});
		const { apiKeySid, apiKeySecret } = sandbox.credentials.twilio;
		const key = await h.testCredential(
			sms(),
			'communicationTwilioApiTest',
			credential(twilioCredentials(sandbox, { authType: 'apiKey', apiKeySid, apiKeySecret })),
		);
		expect(key.status).toBe('OK');
	});

	it("fails with Twilio's own message and never shows the token", async () => {
		const wrong = 'wrong-token-0123456789';
		const h = twilioHarness(sandbox, sms());
		const failed = await h.testCredential(
			sms(),
			'communicationTwilioApiTest',
			credential(twilioCredentials(sandbox, { authToken: wrong })),
		);
		expect(failed.status).toBe('Error');
		expect(failed.message).toContain('Twilio said: Authenticate (code 20003)');
		expect(failed.message).not.toContain(wrong);
	});

	it('keeps the Auth Token out of every output and error of a run', async () => {
		const wrong = 'wrong-token-abcdefghij';
		const h = twilioHarness(sandbox, sms(), { authToken: wrong });
		const result = await h.run(
			itemsInto(
				[{ id: 'x', phone: phone(701) }],
				'smsCommunication',
				{ message: 'Hi' },
				{ onError: 'continueRegularOutput' },
			),
		);
		const [out] = result.output('Node');
		expect(out.json.error).toMatch(/^Twilio refused the credentials \(20003\)/);
		const everything = JSON.stringify(result.run);
		expect(everything).not.toContain(wrong);
		expect(everything).not.toContain(
			Buffer.from(`${sandbox.credentials.twilio.accountSid}:${wrong}`).toString('base64'),
		);
	});
});
