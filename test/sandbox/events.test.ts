// The sandbox's providers hearing back: signed Twilio status callbacks (delivered or failed) after
// the configured delay, WhatsApp statuses (sent / delivered / read) signed with the app secret, and
// contacts' inbound messages posted as the providers post them; the inbox's reply buttons.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isMetaSignatureValid, isTwilioSignatureValid } from '../../nodes/shared/events/signatures';
import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson, sandboxTwilio } from './support';

interface Received {
	path: string;
	headers: IncomingMessage['headers'];
	raw: string;
}

let sandbox: Sandbox;
let receiver: Server;
let base: string;
let received: Received[] = [];
let arrived: (() => void) | undefined;

/** Resolves once `count` posts have arrived (no clock involved). */
async function posts(count: number): Promise<Received[]> {
	while (received.length < count) await new Promise<void>((resolve) => (arrived = resolve));
	return received;
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: { callbackDelayMs: 5 } });
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				headers: req.headers,
				raw: Buffer.concat(chunks).toString(),
			});
			res.writeHead(200).end('<Response/>');
			arrived?.();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	sandbox.setSeed({
		eventWebhooks: {
			twilioInbound: `${base}/twilio/inbound`,
			whatsapp: `${base}/whatsapp`,
			whatsappAppSecret: 'app-secret',
		},
	});
});
afterAll(async () => {
	await sandbox.stop();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
	sandbox.reset();
	received = [];
});

const form = (raw: string) => Object.fromEntries(new URLSearchParams(raw).entries());
const authToken = 'sandbox_twilio_auth_token'; // the sandbox's default Twilio auth token

it('posts signed sent and delivered callbacks, or failed for a seeded number', async () => {
	const client = sandboxTwilio(sandbox);
	const url = `${base}/twilio/status`;
	const ok = await client.messages.create({
		to: '+14155550123',
		from: '+15005550006',
		body: 'Hi',
		statusCallback: url,
	});
	const [sent, delivered] = await posts(2);
	expect([form(sent.raw).MessageStatus, form(delivered.raw).MessageStatus]).toEqual([
		'sent',
		'delivered',
	]);
	expect(form(delivered.raw)).toMatchObject({ MessageSid: ok.sid, To: '+14155550123' });
	expect(
		isTwilioSignatureValid(
			authToken,
			url,
			form(delivered.raw),
			String(delivered.headers['x-twilio-signature']),
		),
	).toBe(true);

	received = [];
	await client.messages.create({
		to: '+15550100430',
		from: '+15005550006',
		body: 'Hi',
		statusCallback: url,
	});
	const [, failed] = await posts(2);
	expect(form(failed.raw)).toMatchObject({ MessageStatus: 'failed', ErrorCode: '30003' });
});

it('posts WhatsApp statuses after a send, signed with the app secret', async () => {
	const { token, phoneNumberId } = sandbox.credentials.whatsapp;
	const sent = await postJson(
		`${sandbox.urls.whatsapp}/v21.0/${phoneNumberId}/messages`,
		{ messaging_product: 'whatsapp', to: '15550100200', type: 'text', text: { body: 'Hi' } },
		{ Authorization: `Bearer ${token}` },
	);
	expect(sent.status).toBe(200);
	const statuses = await posts(3);
	for (const post of statuses) {
		expect(
			isMetaSignatureValid('app-secret', post.raw, String(post.headers['x-hub-signature-256'])),
		).toBe(true);
	}
	const words = statuses.map((post) => JSON.parse(post.raw).entry[0].changes[0].value.statuses[0]);
	expect(words.map((status: { status: string }) => status.status)).toEqual([
		'sent',
		'delivered',
		'read',
	]);
	expect(words[2]).toMatchObject({ recipient_id: '15550100200' });
});

it("posts a contact's inbound SMS and WhatsApp message, signed, through the HTTP API", async () => {
	const sms = await postJson(`${sandbox.httpUrl}/_sandbox/inbound`, {
		channel: 'sms',
		from: '+14155550123',
		text: 'STOP',
	});
	expect(sms).toMatchObject({ status: 200, body: { url: `${base}/twilio/inbound`, status: 200 } });
	const [inbound] = await posts(1);
	const fields = form(inbound.raw);
	expect(fields).toMatchObject({ From: '+14155550123', Body: 'STOP', SmsStatus: 'received' });
	expect(
		isTwilioSignatureValid(
			authToken,
			`${base}/twilio/inbound`,
			fields,
			String(inbound.headers['x-twilio-signature']),
		),
	).toBe(true);

	await sandbox.inbound({ channel: 'whatsapp', from: '+14155550123', text: 'Yes' });
	const [, whatsapp] = await posts(2);
	expect(
		isMetaSignatureValid(
			'app-secret',
			whatsapp.raw,
			String(whatsapp.headers['x-hub-signature-256']),
		),
	).toBe(true);
	expect(JSON.parse(whatsapp.raw).entry[0].changes[0].value.messages[0]).toMatchObject({
		from: '14155550123',
		type: 'text',
		text: { body: 'Yes' },
	});

	const refused = await postJson(`${sandbox.httpUrl}/_sandbox/inbound`, {
		channel: 'fax',
		from: '+1',
		text: '',
	});
	expect(refused.status).toBe(400);
});

it('shows reply buttons on SMS cards in the inbox', async () => {
	await sandboxTwilio(sandbox).messages.create({
		to: '+14155550123',
		from: '+15005550006',
		body: 'Hi',
	});
	const page = await (await fetch(`${sandbox.httpUrl}/`)).text();
	expect(page).toContain('data-inbound="sms" data-from="+14155550123" data-text="STOP"');
	expect(page).toContain('>Reply</button>');
});
