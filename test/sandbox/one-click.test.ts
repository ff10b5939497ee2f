// The inbox's Unsubscribe button: a received mail with List-Unsubscribe (an http/https URL) and
// List-Unsubscribe-Post: List-Unsubscribe=One-Click makes the sandbox POST the RFC 8058 body to
// that URL from its server, as Gmail and Yahoo do, and the card shows the HTTP status it got.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import nodemailer from 'nodemailer';

import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson } from './support';

interface Received {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

let sandbox: Sandbox;
let listener: Server;
let base: string;
let received: Received[] = [];

beforeAll(async () => {
	sandbox = await startSandbox();
	listener = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString(),
			});
			if (req.url?.startsWith('/moved')) res.writeHead(302, { Location: '/unsubscribed' }).end();
			else res.writeHead(202, { 'Content-Type': 'text/plain' }).end('unsubscribed');
		});
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await sandbox.stop();
	await new Promise<void>((resolve) => listener.close(() => resolve()));
});
beforeEach(() => {
	sandbox.reset();
	received = [];
});

/** Sends one mail through the sandbox's SMTP peer; returns its sandbox id. */
async function receive(headers: Record<string, string>, to = 'reader@example.com') {
	const transport = nodemailer.createTransport({
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		ignoreTLS: true,
	});
	await transport.sendMail({
		from: 'news@acme.test',
		to,
		subject: 'Spring news',
		text: 'News',
		headers,
	});
	transport.close();
	const mails = sandbox.state().mails;
	return mails[mails.length - 1];
}

const inbox = async () => await (await fetch(`${sandbox.httpUrl}/`)).text();

// Long enough for nodemailer to fold the header line; the sandbox reads it unfolded.
const token = `u1.${'a'.repeat(60)}.${'b'.repeat(43)}`;

it('POSTs List-Unsubscribe=One-Click to the header URL and shows the status on the card', async () => {
	const url = `${base}/webhook/events/unsubscribe?t=${token}`;
	const mail = await receive({
		'List-Unsubscribe': `<mailto:unsub@acme.test?subject=unsubscribe>, <${url}>`,
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
	});
	expect(await inbox()).toContain(`data-unsubscribe="${mail.id}"`);

	const answer = await postJson(`${sandbox.httpUrl}/_sandbox/unsubscribe`, { id: mail.id });
	expect(answer).toMatchObject({ status: 200, body: { url, status: 202 } });
	expect(received).toEqual([
		{
			method: 'POST',
			url: `/webhook/events/unsubscribe?t=${token}`,
			headers: expect.objectContaining({
				'content-type': 'application/x-www-form-urlencoded',
			}),
			body: 'List-Unsubscribe=One-Click',
		},
	]);
	// Nothing of the reader's session travels with it (RFC 8058: no cookies, no credentials).
	expect(received[0].headers.cookie).toBeUndefined();
	expect(received[0].headers.authorization).toBeUndefined();

	expect(sandbox.state().mails[0].oneClick).toMatchObject({ url, status: 202 });
	expect(await inbox()).toContain('→ HTTP 202');
});

it('also finds the mail by its Message-ID, and does not follow a redirect', async () => {
	const url = `${base}/moved?t=1`;
	const mail = await receive({
		'List-Unsubscribe': `<${url}>`,
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
	});
	expect(mail.messageId).toMatch(/^<.+>$/);
	await expect(sandbox.unsubscribe(String(mail.messageId))).resolves.toMatchObject({
		url,
		status: 302,
	});
	expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
		'POST /moved?t=1',
	]);
});

it('offers no button and posts nothing without one-click headers', async () => {
	const mailtoOnly = await receive({
		'List-Unsubscribe': '<mailto:unsub@acme.test>',
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
	});
	const withoutPost = await receive({ 'List-Unsubscribe': `<${base}/unsubscribe>` });
	const plain = await receive({});
	expect(await inbox()).not.toContain('data-unsubscribe="');

	for (const mail of [mailtoOnly, withoutPost, plain]) {
		const refused = await postJson(`${sandbox.httpUrl}/_sandbox/unsubscribe`, { id: mail.id });
		expect(refused.status).toBe(409);
	}
	const unknown = await postJson(`${sandbox.httpUrl}/_sandbox/unsubscribe`, { id: 'nope' });
	expect(unknown.status).toBe(404);
	const malformed = await postJson(`${sandbox.httpUrl}/_sandbox/unsubscribe`, {});
	expect(malformed.status).toBe(400);
	expect(received).toEqual([]);
});
