// The lean Twilio REST client against real local servers: what it sends, and every way an answer
// can go wrong (slow, not JSON, too big, an error answer, a proxy in the way).
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { ProviderError } from '../../nodes/shared/errors';
import { twilioSettingsFrom, type TwilioSettings } from '../../nodes/shared/transport/twilio';
import { createTwilioRest } from '../../nodes/shared/transport/twilio-rest';
import { sendTwilioSms } from '../../nodes/shared/transport/twilio-sms';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const KEY = `SK${'2'.repeat(32)}`;

interface Seen {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

async function serve(
	answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<{ url: string; seen: Seen[]; connections: () => number; close: () => Promise<void> }> {
	const seen: Seen[] = [];
	let connections = 0;
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			seen.push({ method: req.method, url: req.url, headers: req.headers, body });
			answer(req, res, body);
		});
	});
	server.on('connection', () => connections++);
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		connections: () => connections,
		close: async () => {
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}

const settings = (baseUrl: string, extra: Record<string, string> = {}): TwilioSettings =>
	twilioSettingsFrom({ accountSid: ACCOUNT, authToken: 'token-secret', baseUrl, ...extra });

const json = (res: http.ServerResponse, status: number, body: unknown, headers = {}) => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
};

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
	try {
		await promise;
	} catch (error) {
		return error as ProviderError;
	}
	throw new Error('Expected the promise to reject');
}

/** Why one short text to a fixed number fails against `baseUrl`. */
async function failureOfText(baseUrl: string, timeoutMs?: number): Promise<ProviderError> {
	return await rejection(
		sendTwilioSms(createTwilioRest(settings(baseUrl), { timeoutMs }), {
			to: '+14155550123',
			from: '+14155550100',
			body: 'x',
		}),
	);
}

describe('Twilio REST client', () => {
	it('posts the message as a form with Basic auth under the base URL path, repeating MediaUrl', async () => {
		const server = await serve((_req, res) =>
			json(res, 201, { sid: 'SM1', status: 'queued', num_segments: '2' }),
		);
		try {
			const rest = createTwilioRest(
				settings(`${server.url}/proxy/twilio/`, {
					authType: 'apiKey',
					apiKeySid: KEY,
					apiKeySecret: 'key-secret',
				}),
			);
			const sent = await sendTwilioSms(rest, {
				to: '+14155550123',
				from: '+14155550100',
				body: 'Hi & bye',
				mediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
			});
			expect(sent).toEqual({ sid: 'SM1', status: 'queued', numSegments: 2 });
			const [request] = server.seen;
			expect(request.method).toBe('POST');
			expect(request.url).toBe(`/proxy/twilio/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
			expect(request.headers.authorization).toBe(
				`Basic ${Buffer.from(`${KEY}:key-secret`).toString('base64')}`,
			);
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
			const form = new URLSearchParams(request.body);
			expect(form.get('To')).toBe('+14155550123');
			expect(form.get('Body')).toBe('Hi & bye');
			expect(form.getAll('MediaUrl')).toEqual([
				'https://example.com/a.png',
				'https://example.com/b.png',
			]);
			// Fields without a value are left out.
			expect(form.has('MessagingServiceSid')).toBe(false);
			expect(form.has('StatusCallback')).toBe(false);
		} finally {
			await server.close();
		}
	});

	it('reuses its connection for the next request', async () => {
		const server = await serve((_req, res) => json(res, 201, { sid: 'SM1', status: 'queued' }));
		try {
			const rest = createTwilioRest(settings(server.url));
			for (let i = 0; i < 3; i++) {
				await rest.postForm('Messages', [['To', '+14155550123']]);
			}
			expect(server.seen).toHaveLength(3);
			expect(server.connections()).toBe(1);
		} finally {
			await server.close();
		}
	});

	it("maps Twilio's error answer, with Retry-After, to the same errors as before", async () => {
		const server = await serve((_req, res) =>
			json(
				res,
				429,
				{
					code: 20429,
					message: 'Too Many Requests',
					more_info: 'https://www.twilio.com/docs/errors/20429',
				},
				{ 'retry-after': '2' },
			),
		);
		try {
			const error = await failureOfText(server.url);
			expect(error).toBeInstanceOf(ProviderError);
			expect(error.message).toMatch(/rate limiting this account \(20429\)/);
			expect(error.transient).toBe(true);
			expect(error.options.retryAfterMs).toBe(2000);
		} finally {
			await server.close();
		}
	});

	it('gives up an attempt the API does not answer within the timeout, as transient', async () => {
		const server = await serve(() => undefined);
		try {
			const started = Date.now();
			const error = await failureOfText(server.url, 300);
			expect(Date.now() - started).toBeLessThan(3000);
			expect(error.message).toBe('The Twilio API did not answer in time.');
			expect(error.transient).toBe(true);
		} finally {
			await server.close();
		}
	});

	it('refuses a success answer that is not JSON, and one that is far too big, without a retry', async () => {
		const notJson = await serve((_req, res) => {
			res.writeHead(201, { 'content-type': 'text/html' });
			res.end('<html>captive portal</html>');
		});
		const huge = await serve((_req, res) => {
			res.writeHead(201, { 'content-type': 'application/json' });
			res.end(`{"sid":"${'x'.repeat(2 * 1024 * 1024)}"}`);
		});
		try {
			for (const server of [notJson, huge]) {
				const error = await failureOfText(server.url);
				expect(error).toBeInstanceOf(ProviderError);
				expect(error.message).toMatch(
					/^The request to the Twilio API failed: The Twilio API answered/,
				);
				// The message may have been created: a retry could send it twice.
				expect(error.transient).toBe(false);
			}
		} finally {
			await notJson.close();
			await huge.close();
		}
	});

	it('goes through HTTP_PROXY for an https:// base URL, as the Twilio SDK does', async () => {
		const firstLines: string[] = [];
		const proxy = net.createServer((socket) => {
			socket.once('data', (chunk: Buffer) => {
				firstLines.push(chunk.toString().split('\r\n')[0]);
				socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			});
		});
		proxy.listen(0, '127.0.0.1');
		await once(proxy, 'listening');
		const before = process.env.HTTP_PROXY;
		process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		try {
			const error = await failureOfText('https://api.twilio.example');
			expect(error).toBeInstanceOf(ProviderError);
			expect(firstLines).toEqual(['CONNECT api.twilio.example:443 HTTP/1.1']);
		} finally {
			if (before === undefined) delete process.env.HTTP_PROXY;
			else process.env.HTTP_PROXY = before;
			proxy.close();
		}
	});
});
