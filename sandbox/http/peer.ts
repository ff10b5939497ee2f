// The contract between the HTTP server and each provider peer, plus body and field helpers.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { FormValue, HttpPeerName } from '../types';

export interface PeerRequest {
	method: string;
	/** Path below the peer's prefix, e.g. /2010-04-01/Accounts/AC.../Messages.json. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	/** How the body arrived: JSON object, urlencoded form, or nothing. */
	bodyKind: 'json' | 'form' | 'none';
	/** JSON object or form fields (repeated keys as arrays). Query fields are not merged in. */
	body: Record<string, unknown>;
}

export interface PeerResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	/** Provider error code for the request log (e.g. 21211, channel_not_found). */
	error?: string;
}

export interface HttpPeer {
	readonly name: HttpPeerName;
	handle(request: PeerRequest): PeerResponse | Promise<PeerResponse>;
	/** The provider's own answer for an injected 429/500/503. */
	failure(status: 429 | 500 | 503, retryAfter: number | undefined): PeerResponse;
	/** Forgets per-request memory such as rate-limit windows. */
	reset?(): void;
}

export class BodyError extends Error {}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > MAX_BODY_BYTES) throw new BodyError('Request body too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

/** Parses urlencoded pairs; a key that repeats becomes an array, in order. */
export function parseForm(params: URLSearchParams): Record<string, FormValue> {
	const fields: Record<string, FormValue> = {};
	for (const [key, value] of params) {
		const existing = fields[key];
		if (existing === undefined) fields[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else fields[key] = [existing, value];
	}
	return fields;
}

export function parseBody(
	contentType: string | undefined,
	raw: Buffer,
): Pick<PeerRequest, 'bodyKind' | 'body'> {
	if (raw.length === 0) return { bodyKind: 'none', body: {} };
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			throw new BodyError('Body is not valid JSON');
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw new BodyError('JSON body must be an object');
		}
		return { bodyKind: 'json', body: parsed as Record<string, unknown> };
	}
	// Clients that omit the content type (or send text/plain) still mean a form.
	return { bodyKind: 'form', body: parseForm(new URLSearchParams(raw.toString('utf8'))) };
}

/** A field as one string: the first of a repeated form field, numbers and booleans stringified. */
export function fieldString(fields: Record<string, unknown>, key: string): string | undefined {
	const value = fields[key];
	if (Array.isArray(value)) return value.length > 0 ? fieldString({ v: value[0] }, 'v') : undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

/** A field as a list of strings: repeated form fields or a JSON array. */
export function fieldList(fields: Record<string, unknown>, key: string): string[] {
	const value = fields[key];
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : [value];
	return list
		.filter(
			(entry): entry is string | number => typeof entry === 'string' || typeof entry === 'number',
		)
		.map(String);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

export function json(status: number, body: unknown, extra?: Partial<PeerResponse>): PeerResponse {
	return { status, body, ...extra };
}

/** The token of an `Authorization: Bearer ...` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
	return match?.[1].trim();
}
