// An HTTPS proxy on 127.0.0.1 for n8n's HTTPS_PROXY support: it terminates TLS for api.twilio.com only
// (with a throw-away certificate n8n trusts through NODE_EXTRA_CA_CERTS) and forwards to the sandbox's
// Twilio peer. This is how a TLS-inspecting corporate proxy works; the built-in Twilio node runs unchanged.
import {
	Agent,
	createServer,
	request,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';

const INTERCEPTED_HOST = 'api.twilio.com';

export interface TwilioProxyStats {
	/** CONNECT tunnels opened (each costs the client a TLS handshake). */
	tunnels: number;
	requests: number;
	refused: number;
	/** Per request: milliseconds the proxy added on top of the sandbox's own answer time. */
	overheadMs: number[];
}

export interface TwilioProxy {
	url: string;
	/** PEM of the certificate to trust (NODE_EXTRA_CA_CERTS). */
	caPem: string;
	stats: TwilioProxyStats;
	resetStats(): void;
	close(): Promise<void>;
}

function interceptCertificate(): { key: string; cert: string } {
	const pems = generate([{ name: 'commonName', value: INTERCEPTED_HOST }], {
		days: 2,
		keySize: 2048,
		algorithm: 'sha256',
		extensions: [
			{ name: 'basicConstraints', cA: true, critical: true },
			{ name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{ name: 'subjectAltName', altNames: [{ type: 2, value: INTERCEPTED_HOST }] },
		],
	});
	return { key: pems.private, cert: pems.cert };
}

/** `sandboxTwilioUrl` is the sandbox's Twilio base, e.g. http://127.0.0.1:PORT/twilio. */
export async function startTwilioProxy(sandboxTwilioUrl: string): Promise<TwilioProxy> {
	const upstream = new URL(sandboxTwilioUrl);
	const prefix = upstream.pathname.replace(/\/+$/, '');
	const { key, cert } = interceptCertificate();
	const agent = new Agent({ keepAlive: true, maxSockets: 64 });
	const stats: TwilioProxyStats = { tunnels: 0, requests: 0, refused: 0, overheadMs: [] };

	// Decrypted requests from inside the tunnels go to the sandbox unchanged (auth header included).
	const forward = (req: IncomingMessage, res: ServerResponse): void => {
		const received = performance.now();
		stats.requests++;
		let sent = received;
		const outgoing = request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: `${prefix}${req.url ?? '/'}`,
				headers: { ...req.headers, host: upstream.host },
				agent,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on('end', () => {
					const total = performance.now() - received;
					const upstreamMs = performance.now() - sent;
					stats.overheadMs.push(Math.max(0, total - upstreamMs));
				});
			},
		);
		outgoing.on('error', () => res.destroy());
		req.pipe(outgoing);
		req.on('end', () => (sent = performance.now()));
	};
	const inner = createServer(forward);

	const proxy: Server = createServer((_req, res) => {
		// Plain-HTTP proxying is not needed: only HTTPS to api.twilio.com is expected.
		stats.refused++;
		res.writeHead(403).end('This bench proxy only tunnels api.twilio.com:443');
	});
	proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
		const [host, port] = (req.url ?? '').split(':');
		if (host !== INTERCEPTED_HOST || port !== '443') {
			// Nothing leaves the machine: every other destination is refused.
			stats.refused++;
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		stats.tunnels++;
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		const tls = new TLSSocket(socket, { isServer: true, key, cert });
		tls.on('error', () => socket.destroy());
		inner.emit('connection', tls);
	});
	await new Promise<void>((resolvePromise) => proxy.listen(0, '127.0.0.1', resolvePromise));
	const { port } = proxy.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		caPem: cert,
		stats,
		resetStats: () => {
			stats.tunnels = 0;
			stats.requests = 0;
			stats.refused = 0;
			stats.overheadMs = [];
		},
		close: async () => {
			agent.destroy();
			proxy.closeAllConnections();
			inner.closeAllConnections();
			await new Promise<void>((resolvePromise) => proxy.close(() => resolvePromise()));
		},
	};
}
