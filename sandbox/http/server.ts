// One HTTP server for every API peer: routes by prefix, counts concurrency honestly, applies fault knobs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from '../faults';
import type { SandboxStore } from '../store';
import type { HttpPeerName } from '../types';
import { sleep } from '../sleep';
import { handleControl, type SandboxControl } from './control';
import { BodyError, parseBody, readBody, type HttpPeer, type PeerResponse } from './peer';

/** URL prefix of each peer; the rest of the path is the provider's own. */
export const PEER_PREFIXES: Record<HttpPeerName, string> = {
	twilio: '/twilio',
	slack: '/slack',
	telegram: '/telegram',
	whatsapp: '/whatsapp',
};

export interface SandboxHttpServer {
	server: Server;
	port: number;
	close(): Promise<void>;
}

function peerFor(path: string): HttpPeerName | undefined {
	return (Object.keys(PEER_PREFIXES) as HttpPeerName[]).find(
		(peer) => path === PEER_PREFIXES[peer] || path.startsWith(`${PEER_PREFIXES[peer]}/`),
	);
}

function writeResponse(res: ServerResponse, response: PeerResponse): void {
	const body = JSON.stringify(response.body);
	res.writeHead(response.status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(body)),
		...response.headers,
	});
	res.end(body);
}

export async function startHttpServer(options: {
	host: string;
	port: number;
	peers: Record<HttpPeerName, HttpPeer>;
	store: SandboxStore;
	faults: Faults;
	control: SandboxControl;
}): Promise<SandboxHttpServer> {
	const { store, faults, peers, control } = options;
	const stopping = new AbortController();

	const wait = (ms: number): Promise<void> => sleep(ms, stopping.signal);

	async function handlePeer(
		req: IncomingMessage,
		res: ServerResponse,
		peerName: HttpPeerName,
		url: URL,
	): Promise<void> {
		const startedAt = new Date().toISOString();
		const end = store.begin(peerName);
		let error: string | null = null;
		res.on('close', () => {
			end();
			store.logRequest({
				peer: peerName,
				method: req.method ?? 'GET',
				path: url.pathname,
				status: res.writableFinished ? res.statusCode : 0,
				error,
				startedAt,
				endedAt: new Date().toISOString(),
			});
		});

		let response: PeerResponse;
		try {
			const raw = await readBody(req);
			await wait(faults.latencyMs(peerName));
			if (stopping.signal.aborted) return void req.socket.destroy();
			const decision = faults.nextHttpFault(peerName);
			if (decision.kind === 'drop') {
				error = 'dropped';
				req.socket.destroy();
				return;
			}
			const peer = peers[peerName];
			if (decision.kind === 'fail') {
				response = peer.failure(decision.status, decision.retryAfter);
			} else {
				const { bodyKind, body } = parseBody(req.headers['content-type'], raw);
				response = await peer.handle({
					method: req.method ?? 'GET',
					path: url.pathname.slice(PEER_PREFIXES[peerName].length) || '/',
					query: url.searchParams,
					headers: req.headers,
					bodyKind,
					body,
				});
			}
		} catch (caught) {
			const message = caught instanceof Error ? caught.message : String(caught);
			if (!(caught instanceof BodyError))
				console.error(`[sandbox] ${peerName} peer failed:`, caught);
			response = {
				status: caught instanceof BodyError ? 400 : 500,
				body: { error: message },
				error: message,
			};
		}
		error = response.error ?? null;
		writeResponse(res, response);
	}

	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
		const peerName = peerFor(url.pathname);
		const work = peerName
			? handlePeer(req, res, peerName, url)
			: handleControl(req, res, url.pathname, control).then((handled) => {
					if (!handled)
						writeResponse(res, { status: 404, body: { error: `Nothing at ${url.pathname}` } });
				});
		work.catch((caught) => {
			console.error('[sandbox] request failed:', caught);
			res.destroy();
		});
	});
	// Clients in tests and benchmarks open many keep-alive sockets; never let an idle one stall shutdown.
	server.keepAliveTimeout = 5_000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});

	return {
		server,
		port: (server.address() as AddressInfo).port,
		close: () =>
			new Promise<void>((resolve) => {
				stopping.abort();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
