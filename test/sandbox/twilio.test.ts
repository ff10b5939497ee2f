// The Twilio peer answers the real twilio SDK (host swapped through httpClient) with Twilio's shapes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { startSandbox, type Sandbox } from '../../sandbox';
import { rejectionOf, sandboxTwilio } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

describe('Twilio peer', () => {
	it('fetches the account with Account SID + Auth Token and with an API key', async () => {
		const { accountSid, apiKeySid, apiKeySecret } = sandbox.credentials.twilio;
		const account = await sandboxTwilio(sandbox).api.v2010.accounts(accountSid).fetch();
		expect(account.sid).toBe(accountSid);
		expect(account.status).toBe('active');
		const viaKey = await sandboxTwilio(sandbox, apiKeySid, apiKeySecret)
			.api.v2010.accounts(accountSid)
			.fetch();
		expect(viaKey.sid).toBe(accountSid);
		expect(sandbox.state().requests.map((request) => request.path)).toEqual([
			`/twilio/2010-04-01/Accounts/${accountSid}.json`,
			`/twilio/2010-04-01/Accounts/${accountSid}.json`,
		]);
	});

	it('creates an MMS with two media URLs and records every form field', async () => {
		const client = sandboxTwilio(sandbox);
		const message = await client.messages.create({
			to: '+14155550123',
			from: sandbox.credentials.twilio.fromNumber,
			body: 'Your appointment is tomorrow at 10:00',
			mediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
			statusCallback: 'https://example.com/status',
		});
		expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
		expect(message.status).toBe('queued');
		expect(message.numSegments).toBe('1');
		expect(message.numMedia).toBe('2');
		expect(message.to).toBe('+14155550123');

		const [sms] = sandbox.state().sms;
		expect(sms).toMatchObject({
			sid: message.sid,
			to: '+14155550123',
			from: '+15005550006',
			body: 'Your appointment is tomorrow at 10:00',
			mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
			statusCallback: 'https://example.com/status',
			authUser: sandbox.credentials.twilio.accountSid,
			encoding: 'GSM-7',
		});
		expect(sms.fields.MediaUrl).toEqual(['https://example.com/a.png', 'https://example.com/b.png']);
		expect(sms.fields.StatusCallback).toBe('https://example.com/status');
	});

	it('counts UCS-2 segments and accepts a Messaging Service instead of From', async () => {
		const message = await sandboxTwilio(sandbox).messages.create({
			to: '+14155550123',
			messagingServiceSid: sandbox.credentials.twilio.messagingServiceSid,
			body: 'Привет! '.repeat(10),
		});
		expect(message.status).toBe('accepted');
		expect(message.numSegments).toBe('2');
		expect(sandbox.state().sms[0]).toMatchObject({ encoding: 'UCS-2', numSegments: 2, from: null });
	});

	it('creates a call with TwiML, machine detection and timeout', async () => {
		const twiml =
			'<Response><Say voice="alice">Hello &amp; welcome</Say><Pause length="1"/></Response>';
		const call = await sandboxTwilio(sandbox).calls.create({
			to: 'sip:+14155550123@sip.example.com;transport=tls',
			from: '+15005550006',
			twiml,
			machineDetection: 'Enable',
			timeout: 25,
		});
		expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
		expect(call.status).toBe('queued');
		const [record] = sandbox.state().calls;
		expect(record).toMatchObject({
			sid: call.sid,
			twiml,
			twimlValid: true,
			machineDetection: 'Enable',
			timeout: 25,
			url: null,
		});

		await sandboxTwilio(sandbox).calls.create({
			to: '+14155550123',
			from: '+15005550006',
			twiml: '<Response><Say>unclosed</Response>',
		});
		expect(sandbox.state().calls[1].twimlValid).toBe(false);

		const fetched = await sandboxTwilio(sandbox).calls(call.sid).fetch();
		expect(fetched.status).toBe('completed');
		expect(fetched.answeredBy).toBe('human');
	});

	it('rejects an invalid To with 21211 and a missing body with 21602', async () => {
		const client = sandboxTwilio(sandbox);
		const invalid = await rejectionOf(
			client.messages.create({ to: '12345', from: '+15005550006', body: 'x' }),
		);
		expect(invalid).toBeInstanceOf(twilio.RestException);
		expect(invalid).toMatchObject({
			status: 400,
			code: 21211,
			message: "The 'To' number 12345 is not a valid phone number.",
		});
		expect(invalid.moreInfo).toBe('https://www.twilio.com/docs/errors/21211');
		const noBody = await rejectionOf(
			client.messages.create({ to: '+14155550123', from: '+15005550006', body: '' }),
		);
		expect(noBody).toMatchObject({ status: 400, code: 21602 });
		expect(sandbox.state().sms).toHaveLength(0);
		expect(sandbox.state().requests.map((request) => request.error)).toEqual(['21211', '21602']);
	});

	it('answers wrong credentials with 401 / 20003', async () => {
		const error = await rejectionOf(
			sandboxTwilio(sandbox, sandbox.credentials.twilio.accountSid, 'wrong').messages.create({
				to: '+14155550123',
				from: '+15005550006',
				body: 'x',
			}),
		);
		expect(error).toMatchObject({ status: 401, code: 20003, message: 'Authenticate' });
		expect(sandbox.state().sms).toHaveLength(0);
	});

	it("answers an injected 429 with Twilio's body and Retry-After", async () => {
		sandbox.faults.set('twilio', { failNext: { count: 1, status: 429, retryAfter: 2 } });
		const error = await rejectionOf(
			sandboxTwilio(sandbox).messages.create({
				to: '+14155550123',
				from: '+15005550006',
				body: 'x',
			}),
		);
		expect(error).toMatchObject({ status: 429, code: 20429 });
		const raw = await fetch(
			`${sandbox.urls.twilio}/2010-04-01/Accounts/${sandbox.credentials.twilio.accountSid}.json`,
		);
		expect(raw.status).toBe(401);
		sandbox.faults.set('twilio', { failNext: { count: 1, status: 503, retryAfter: 2 } });
		const unavailable = await fetch(`${sandbox.urls.twilio}/2010-04-01/Accounts/x.json`);
		expect(unavailable.status).toBe(503);
		expect(unavailable.headers.get('retry-after')).toBe('2');
		expect(await unavailable.json()).toMatchObject({ code: 20503, status: 503 });
	});

	it('posts signed status callbacks: sent, then delivered', async () => {
		const received: Array<{ params: URLSearchParams; signature: string | undefined; url: string }> =
			[];
		const hook: Server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				received.push({
					params: new URLSearchParams(body),
					signature: req.headers['x-twilio-signature'] as string | undefined,
					url: req.url ?? '',
				});
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
		const callbackUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/status`;
		try {
			const message = await sandboxTwilio(sandbox).messages.create({
				to: '+14155550123',
				from: '+15005550006',
				body: 'x',
				statusCallback: callbackUrl,
			});
			for (let waited = 0; received.length < 2 && waited < 3000; waited += 50)
				await new Promise((resolve) => setTimeout(resolve, 50));
			expect(received.map((entry) => entry.params.get('MessageStatus'))).toEqual([
				'sent',
				'delivered',
			]);
			for (const entry of received) {
				expect(entry.params.get('MessageSid')).toBe(message.sid);
				const params = Object.fromEntries(entry.params);
				expect(
					twilio.validateRequest(
						sandbox.credentials.twilio.authToken,
						entry.signature ?? '',
						callbackUrl,
						params,
					),
				).toBe(true);
			}
		} finally {
			await new Promise((resolve) => hook.close(resolve));
		}
	});
});
