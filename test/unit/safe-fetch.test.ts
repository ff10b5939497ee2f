import { Agent, createServer, type ClientRequestArgs, type Server } from 'node:http';
import { createConnection, createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { isPrivateAddress } from '../../nodes/EmailCommunication/private-address';
import {
	fetchAttachment,
	type ResolvedAddress,
	type SafeFetchOptions,
} from '../../nodes/EmailCommunication/safe-fetch';

describe('isPrivateAddress', () => {
	it.each([
		'8.8.8.8',
		'1.1.1.1',
		'93.184.216.34',
		'11.0.0.1',
		'172.32.0.1',
		'100.128.0.1',
		'192.169.0.1',
		'2606:4700:4700::1111',
		'2001:4860:4860::8888',
		'::ffff:8.8.8.8',
		'::ffff:808:808',
		'::FFFF:93.184.216.34',
		'64:ff9b::8.8.8.8',
		'64:ff9b::808:808',
		'2002:808:808::1',
	])('%s is public', (address) => {
		expect(isPrivateAddress(address)).toBe(false);
	});

	it.each([
		'127.0.0.1',
		'127.255.0.9',
		'10.1.2.3',
		'172.16.0.1',
		'172.31.255.255',
		'192.168.1.1',
		'169.254.169.254',
		'100.64.0.1',
		'0.0.0.0',
		'224.0.0.1',
		'255.255.255.255',
		'::1',
		'::',
		'fe80::1',
		'fc00::1',
		'fd12:3456::1',
		'ff02::1',
		// IPv4-mapped forms of private addresses
		'::ffff:127.0.0.1',
		'::ffff:7f00:1',
		'::ffff:10.0.0.1',
		'::ffff:a9fe:a9fe',
		'::FFFF:192.168.0.1',
		// deprecated IPv4-compatible forms are not routable
		'::127.0.0.1',
		'::8.8.8.8',
		// NAT64 (well-known prefix) of private addresses, and the local-use NAT64 prefix
		'64:ff9b::127.0.0.1',
		'64:ff9b::7f00:1',
		'64:ff9b::a9fe:a9fe',
		'64:ff9b::10.0.0.1',
		'64:ff9b:1::8.8.8.8',
		// 6to4 of private addresses
		'2002:7f00:1::1',
		'2002:a9fe:a9fe::1',
		'2002:c0a8:101::1',
		// Teredo
		'2001:0:4136:e378:8000:63bf:3fff:fdd2',
		'not-an-address',
	])('%s is private', (address) => {
		expect(isPrivateAddress(address)).toBe(true);
	});
});

/**
 * Plays the network for a test: the fetch resolves names through `resolveHost` (so the address
 * check sees the public addresses below) and this agent, instead of dialling the checked address,
 * records it and connects to the loopback test server. No traffic leaves the machine.
 */
class LoopbackNetwork extends Agent {
	readonly dialled: string[] = [];

	constructor(private readonly names: Record<string, string>) {
		super({ keepAlive: false });
	}

	readonly resolveHost = async (host: string): Promise<ResolvedAddress[]> => {
		const address = this.names[host];
		if (!address) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
		return [{ address, family: address.includes(':') ? 6 : 4 }];
	};

	createConnection(
		options: ClientRequestArgs,
		callback?: (error: Error | null, stream: Duplex) => void,
	): Duplex {
		// The address the fetch would dial is what its pinned lookup returns for the host.
		options.lookup?.(options.hostname ?? options.host ?? '', { all: true }, (error, result) => {
			const first = Array.isArray(result) ? (result[0] as { address?: string })?.address : result;
			if (!error && first) this.dialled.push(first);
		});
		const socket = createConnection({ host: '127.0.0.1', port: Number(options.port) });
		if (callback) socket.once('connect', () => callback(null, socket));
		return socket;
	}
}

let files: Server;
let port: number;

beforeAll(async () => {
	files = createServer((req, res) => {
		if (req.url === '/terms.pdf')
			res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-terms');
		else if (req.url === '/moved') res.writeHead(302, { location: '/terms.pdf' }).end();
		else if (req.url === '/to-internal')
			res.writeHead(302, { location: `http://intranet.acme.test:${port}/terms.pdf` }).end();
		else res.writeHead(404).end();
	});
	await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
	port = (files.address() as AddressInfo).port;
});

afterAll(async () => {
	files.closeAllConnections();
	await new Promise((r) => files.close(r));
});

const defaults = (network: LoopbackNetwork): SafeFetchOptions => ({
	maxBytes: 1024 * 1024,
	timeoutMs: 5000,
	allowPrivateHosts: false,
	resolveHost: network.resolveHost,
	agent: network,
});

describe('fetchAttachment: public hosts with the default options', () => {
	it('downloads from a host name that resolves to a public IPv4 address, dialling that address', async () => {
		const network = new LoopbackNetwork({ 'files.acme.test': '93.184.216.34' });
		const file = await fetchAttachment(
			`http://files.acme.test:${port}/terms.pdf`,
			defaults(network),
		);
		expect(file.content.toString()).toBe('%PDF-terms');
		expect(file.contentType).toBe('application/pdf');
		expect(file.fileName).toBe('terms.pdf');
		expect(network.dialled).toEqual(['93.184.216.34']);
	});

	it('follows a redirect on a public host', async () => {
		const network = new LoopbackNetwork({ 'files.acme.test': '8.8.4.4' });
		const file = await fetchAttachment(`http://files.acme.test:${port}/moved`, defaults(network));
		expect(file.finalUrl).toBe(`http://files.acme.test:${port}/terms.pdf`);
		expect(network.dialled).toEqual(['8.8.4.4', '8.8.4.4']);
	});

	it('refuses a redirect to a host that resolves to a private address, without dialling it', async () => {
		const network = new LoopbackNetwork({
			'files.acme.test': '8.8.4.4',
			'intranet.acme.test': '10.0.0.5',
		});
		await expect(
			fetchAttachment(`http://files.acme.test:${port}/to-internal`, defaults(network)),
		).rejects.toThrow(/points at a private, loopback or link-local address \(10\.0\.0\.5\)/);
		expect(network.dialled).toEqual(['8.8.4.4']);
	});

	it('refuses a host whose name resolves to an IPv4-mapped loopback address', async () => {
		const network = new LoopbackNetwork({ 'files.acme.test': '::ffff:127.0.0.1' });
		await expect(
			fetchAttachment(`http://files.acme.test:${port}/terms.pdf`, defaults(network)),
		).rejects.toThrow(/private, loopback or link-local address \(::ffff:127\.0\.0\.1\)/);
		expect(network.dialled).toEqual([]);
	});
});

describe('fetchAttachment: the Attachment Download Timeout covers the whole request', () => {
	const sockets = new Set<Socket>();
	let slow: ReturnType<typeof createNetServer>;
	let slowPort: number;

	beforeAll(async () => {
		// Answers with one header line every 300 ms (40 lines, about 12 s), then a short body. `/hop`
		// trickles a redirect to `/drip` in about 0.9 s, inside the deadline.
		slow = createNetServer((socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.once('data', (request) => {
				const redirect = request.toString().startsWith('GET /hop ');
				const lines = redirect
					? ['HTTP/1.1 302 Found', 'location: /drip\r\ncontent-length: 0\r\nconnection: close']
					: [
							'HTTP/1.1 200 OK',
							...Array.from({ length: 40 }, (_v, i) => `x-slow-${i}: ${i}`),
							'content-length: 2',
							'connection: close',
						];
				let next = 0;
				const timer = setInterval(() => {
					if (socket.destroyed) return clearInterval(timer);
					if (next < lines.length) {
						socket.write(`${lines[next++]}\r\n`);
						return;
					}
					clearInterval(timer);
					socket.end(redirect ? '\r\n' : '\r\nok');
				}, 300);
				socket.on('close', () => clearInterval(timer));
			});
		});
		await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
		slowPort = (slow.address() as AddressInfo).port;
	});

	afterAll(async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise((r) => slow.close(r));
	});

	const options = { maxBytes: 1024, timeoutMs: 1500, allowPrivateHosts: true };

	// The bound is generous on purpose: it separates "stopped by the deadline" from "waited for the
	// whole trickle" (about 12 s) without depending on the machine's speed.
	it('fails with the timeout error while the headers are still trickling in', async () => {
		const started = Date.now();
		await expect(fetchAttachment(`http://127.0.0.1:${slowPort}/drip`, options)).rejects.toThrow(
			/^Attachment URL 'http:\/\/127\.0\.0\.1:\d+\/drip' did not finish within 1500 ms \(Attachment Download Timeout\)$/,
		);
		expect(Date.now() - started).toBeLessThan(options.timeoutMs + 5000);
	}, 20_000);

	it('one deadline for all redirect hops: a slow redirect and a slow target together time out', async () => {
		const started = Date.now();
		// The error names the second hop: the redirect arrived, the deadline ran out on the target.
		await expect(fetchAttachment(`http://127.0.0.1:${slowPort}/hop`, options)).rejects.toThrow(
			/^Attachment URL 'http:\/\/127\.0\.0\.1:\d+\/drip' did not finish within 1500 ms/,
		);
		expect(Date.now() - started).toBeLessThan(options.timeoutMs + 5000);
	}, 20_000);

	it('a body that trickles in also times out', async () => {
		const server = createServer((_req, res) => {
			res.writeHead(200, { 'content-length': '100' });
			const timer = setInterval(() => res.write('x'), 300);
			res.on('close', () => clearInterval(timer));
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			const started = Date.now();
			const bodyPort = (server.address() as AddressInfo).port;
			await expect(
				fetchAttachment(`http://127.0.0.1:${bodyPort}/slow-body`, options),
			).rejects.toThrow(/did not finish within 1500 ms \(Attachment Download Timeout\)$/);
			expect(Date.now() - started).toBeLessThan(options.timeoutMs + 5000);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	});

	it('a host name that never resolves also times out', async () => {
		const started = Date.now();
		await expect(
			fetchAttachment('http://stuck.acme.test/file.pdf', {
				...options,
				allowPrivateHosts: false,
				resolveHost: async () => await new Promise<ResolvedAddress[]>(() => {}),
			}),
		).rejects.toThrow(/did not finish within 1500 ms/);
		expect(Date.now() - started).toBeLessThan(options.timeoutMs + 5000);
	});
});
