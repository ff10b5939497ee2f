// One-click unsubscribe for email (RFC 8058): signed per-recipient links, the List-Unsubscribe
// headers, and the endpoint's handler: GET shows a confirmation form, only POST unsubscribes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { LedgerSettings, LedgerSuppressions, Suppression } from '../ledger/types';
import { readEventEndpoints } from './endpoints';
import { normaliseSuppressionAddress } from './suppression-address';

/** The ledger setting holding the signing secret (created on first use, never leaves the ledger). */
export const UNSUBSCRIBE_SECRET_SETTING = 'communication_events.unsubscribe_secret';
/** The Communication Events node's webhook path for unsubscribe links. */
export const UNSUBSCRIBE_PATH = 'unsubscribe';

const TOKEN_VERSION = 'u1';
const TOKEN_PARAMETER = 't';

async function storedSecret(ledger: LedgerSettings): Promise<Buffer | null> {
	const stored = await ledger.getSetting(UNSUBSCRIBE_SECRET_SETTING);
	const secret = stored?.secret;
	return typeof secret === 'string' && secret.length >= 43
		? Buffer.from(secret, 'base64url')
		: null;
}

/** The signing secret: random, created once and kept in the ledger every node shares. */
export async function unsubscribeSecret(ledger: LedgerSettings): Promise<Buffer> {
	const existing = await storedSecret(ledger);
	if (existing) return existing;
	await ledger.putSetting(UNSUBSCRIBE_SECRET_SETTING, {
		secret: randomBytes(32).toString('base64url'),
	});
	// Read back: when two processes create it at once, both use the one that was stored last.
	const created = await storedSecret(ledger);
	if (!created) throw new Error('The unsubscribe secret could not be stored in the ledger');
	return created;
}

function mac(secret: Buffer, address: string): Buffer {
	return createHmac('sha256', secret).update(`unsubscribe\nemail\n${address}`, 'utf8').digest();
}

/** A token naming one recipient, signed so that it cannot be made up or altered. */
export function unsubscribeToken(secret: Buffer, address: string): string {
	const normalised = normaliseSuppressionAddress('email', address);
	const name = Buffer.from(normalised, 'utf8').toString('base64url');
	return `${TOKEN_VERSION}.${name}.${mac(secret, normalised).toString('base64url')}`;
}

/** The recipient a token names, or null when it is malformed, forged or altered. */
export function verifyUnsubscribeToken(secret: Buffer, token: unknown): string | null {
	if (typeof token !== 'string' || token.length > 2000) return null;
	const [version, name, signature, ...rest] = token.split('.');
	if (version !== TOKEN_VERSION || !name || !signature || rest.length > 0) return null;
	const address = Buffer.from(name, 'base64url').toString('utf8');
	if (address === '' || Buffer.from(address, 'utf8').toString('base64url') !== name) return null;
	const expected = mac(secret, address);
	const given = Buffer.from(signature, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	return address;
}

/** The link for one token under the endpoint URL (its own query kept). */
export function unsubscribeUrl(endpoint: string, token: string): string {
	const url = new URL(endpoint);
	url.searchParams.set(TOKEN_PARAMETER, token);
	return url.toString();
}

/** The unsubscribe endpoint the events workflow published in the ledger, or null. */
export async function publishedUnsubscribeEndpoint(ledger: LedgerSettings): Promise<string | null> {
	const url = (await readEventEndpoints(ledger))?.unsubscribe;
	return url && /^https?:\/\//i.test(url) ? url : null;
}

export interface UnsubscribeLink {
	url: string;
	/** `List-Unsubscribe` and `List-Unsubscribe-Post`, ready for the message. */
	headers: Record<string, string>;
}

/** Builds each recipient's link and headers (one secret read per execution). */
export type UnsubscribeLinks = (address: string) => UnsubscribeLink;

export interface UnsubscribeSettings {
	/** Used when the events workflow has not published its endpoint. */
	configuredEndpoint?: string;
	/** Adds `<mailto:...>` to List-Unsubscribe when set. */
	mailto?: string;
}

/** The link builder, or null when no endpoint is known (then no header and no merge field). */
export async function unsubscribeLinks(
	ledger: LedgerSettings,
	settings: UnsubscribeSettings,
): Promise<UnsubscribeLinks | null> {
	const endpoint =
		(await publishedUnsubscribeEndpoint(ledger)) ?? (settings.configuredEndpoint?.trim() || null);
	if (!endpoint) return null;
	new URL(endpoint); // an invalid configured URL fails here, before any item is sent
	const secret = await unsubscribeSecret(ledger);
	const mailto = settings.mailto?.trim();
	return (address) => {
		const url = unsubscribeUrl(endpoint, unsubscribeToken(secret, address));
		const targets = [`<${url}>`];
		if (mailto) targets.push(`<mailto:${mailto}?subject=unsubscribe>`);
		return {
			url,
			headers: {
				'List-Unsubscribe': targets.join(', '),
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
			},
		};
	};
}

export interface UnsubscribeRequest {
	method: string;
	/** The request's query parameters (the token travels in `t`). */
	query: Record<string, unknown>;
}

export interface UnsubscribeResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** Set when this request put the address on the suppression list (POST with a valid token). */
	suppressed?: Suppression;
}

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);

function page(status: number, title: string, content: string): UnsubscribeResponse {
	const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1>${content}</body></html>`;
	return {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
		body,
	};
}

/**
 * The unsubscribe endpoint. GET (a person or a link scanner) only shows a form with a button; a
 * POST (the button, or the mail provider's RFC 8058 one-click request) with a valid token puts the
 * address on the email suppression list. A missing, forged or altered token gets 403 and changes
 * nothing.
 */
export async function handleUnsubscribeRequest(
	ledger: LedgerSettings & LedgerSuppressions,
	request: UnsubscribeRequest,
	now: Date,
): Promise<UnsubscribeResponse> {
	const token = request.query[TOKEN_PARAMETER];
	const address = verifyUnsubscribeToken(await unsubscribeSecret(ledger), token);
	if (!address || typeof token !== 'string')
		return page(403, 'Link not valid', '<p>This unsubscribe link is not valid.</p>');
	const method = request.method.toUpperCase();
	if (method === 'POST') {
		const suppressed = await ledger.suppress({
			channel: 'email',
			address,
			reason: 'unsubscribe',
			source: 'one_click',
			at: now,
		});
		const done = page(
			200,
			'Unsubscribed',
			`<p>${escapeHtml(address)} will not receive these emails any more.</p>`,
		);
		return { ...done, suppressed };
	}
	if (method !== 'GET' && method !== 'HEAD')
		return page(405, 'Not allowed', '<p>Use the button on the unsubscribe page.</p>');
	const action = `?${TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
	return page(
		200,
		'Unsubscribe',
		`<p>Stop sending emails to ${escapeHtml(address)}?</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
	);
}
