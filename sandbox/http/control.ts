// The sandbox's own HTTP API (/_sandbox/...) and the inbox page: state, reset, faults and seed over HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../faults';
import { parseSeedPatch } from '../seed';
import { parseInboundMessage } from '../peers/events';
import { OneClickRefusal, parseUnsubscribeRequest } from '../one-click';
import {
	PEERS,
	type InboundMessage,
	type OneClickResult,
	type SandboxSeed,
	type SandboxState,
} from '../types';
import { renderInboxFragment, renderInboxPage } from '../inbox/page';
import { isRecord, readBody } from './peer';

export interface SandboxControl {
	state(): SandboxState;
	version(): number;
	reset(): void;
	faults: Faults;
	getSeed(): SandboxSeed;
	setSeed(patch: Partial<SandboxSeed>): void;
	inbound(message: InboundMessage): Promise<{ url: string; status: number } | null>;
	unsubscribe(id: string): Promise<OneClickResult>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store',
	});
	res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, html: string, nonce?: string): void {
	// Mail HTML is rendered in a sandboxed srcdoc iframe, which inherits this policy: no scripts, no remote loads.
	const script = nonce ? `'nonce-${nonce}'` : "'none'";
	res.writeHead(200, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
		'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${script}; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'`,
		'X-Content-Type-Options': 'nosniff',
	});
	res.end(html);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const raw = await readBody(req);
	return raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
}

function applyFaults(faults: Faults, input: unknown): void {
	if (!isRecord(input)) throw new Error('faults body must be an object');
	// Same shape as the code API: { peer, faults } mirrors faults.set(peer, faults) ...
	if (input.peer !== undefined) {
		faults.setFromInput(input.peer, input.faults ?? {});
		return;
	}
	// ... { clear: true | peer } mirrors faults.clear(); { twilio: {...}, smtp: {...} } sets several.
	if (input.clear !== undefined) {
		const peer = PEERS.find((name) => name === input.clear);
		if (input.clear !== true && !peer)
			throw new Error(`Unknown sandbox peer '${String(input.clear)}'`);
		faults.clear(peer);
	}
	for (const [peer, knobs] of Object.entries(input)) {
		if (peer === 'clear') continue;
		const name = PEERS.find((candidate) => candidate === peer);
		if (name && knobs === null) faults.clear(name);
		else faults.setFromInput(peer, knobs);
	}
}

function slackSeedPatch(input: unknown): Partial<SandboxSeed> {
	if (!isRecord(input)) throw new Error('slack seed body must be an object');
	const patch: Record<string, unknown> = {};
	if (input.channels !== undefined) patch.slackChannels = input.channels;
	if (input.privateChannels !== undefined) patch.slackPrivateChannels = input.privateChannels;
	if (input.users !== undefined) patch.slackUsers = input.users;
	return parseSeedPatch(patch);
}

/** Handles /, /_sandbox/...; returns false for paths that belong to the peers. */
export async function handleControl(
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	control: SandboxControl,
): Promise<boolean> {
	const method = req.method ?? 'GET';
	try {
		if (path === '/' && method === 'GET') {
			const { html, nonce } = renderInboxPage(control.state());
			sendHtml(res, html, nonce);
		} else if (path === '/favicon.ico') {
			res.writeHead(204).end();
		} else if (path === '/_sandbox/inbox' && method === 'GET') {
			sendHtml(res, renderInboxFragment(control.state()));
		} else if (path === '/_sandbox/version' && method === 'GET') {
			send(res, 200, { version: control.version() });
		} else if (path === '/_sandbox/state' && method === 'GET') {
			send(res, 200, control.state());
		} else if (path === '/_sandbox/reset' && method === 'POST') {
			control.reset();
			send(res, 200, { ok: true });
		} else if (path === '/_sandbox/faults' && (method === 'GET' || method === 'POST')) {
			if (method === 'POST') applyFaults(control.faults, await readJson(req));
			send(res, 200, control.faults.all());
		} else if (path === '/_sandbox/seed' && (method === 'GET' || method === 'POST')) {
			if (method === 'POST') control.setSeed(parseSeedPatch(await readJson(req)));
			send(res, 200, control.getSeed());
		} else if (path === '/_sandbox/inbound' && method === 'POST') {
			const delivered = await control.inbound(parseInboundMessage(await readJson(req)));
			send(
				res,
				delivered ? 200 : 409,
				delivered ?? { error: 'No eventWebhooks URL for this channel in the seed' },
			);
		} else if (path === '/_sandbox/unsubscribe' && method === 'POST') {
			send(res, 200, await control.unsubscribe(parseUnsubscribeRequest(await readJson(req))));
		} else if (path === '/_sandbox/slack/seed' && method === 'POST') {
			control.setSeed(slackSeedPatch(await readJson(req)));
			send(res, 200, control.getSeed());
		} else if (path === '/' || path.startsWith('/_sandbox/')) {
			send(res, path === '/' ? 405 : 404, { error: `No sandbox endpoint ${method} ${path}` });
		} else {
			return false;
		}
	} catch (error) {
		if (error instanceof OneClickRefusal) send(res, error.status, { error: error.message });
		else send(res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
	return true;
}
