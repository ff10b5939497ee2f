// The mailbox provider's side of one-click unsubscribe (RFC 8058): which received mails offer it,
// and the POST Gmail and Yahoo make to the sender's URL when the reader clicks Unsubscribe.
import { isRecord } from './http/peer';
import type { StatusCallbacks } from './peers/twilio-callbacks';
import type { SandboxStore } from './store';
import type { OneClickResult, ReceivedMail } from './types';

/** The exact body (and form encoding) RFC 8058 prescribes for the one-click POST. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
export const ONE_CLICK_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A header's value as sent (the first one of that name), unfolded; undefined when absent. */
function headerValue(mail: ReceivedMail, name: string): string | undefined {
	const prefix = `${name.toLowerCase()}:`;
	const line = mail.headerLines.find((entry) => entry.toLowerCase().startsWith(prefix));
	return line
		?.slice(prefix.length)
		.replace(/\r?\n(?=[ \t])/g, '')
		.trim();
}

/**
 * The URL a one-click unsubscribe posts to: the first https/http URI of `List-Unsubscribe`, when
 * `List-Unsubscribe-Post` is `List-Unsubscribe=One-Click`; otherwise null (mailto: alone, or no
 * Post header, offers no one-click).
 */
export function oneClickUrl(mail: ReceivedMail): string | null {
	const post = headerValue(mail, 'List-Unsubscribe-Post');
	if (post?.toLowerCase() !== ONE_CLICK_BODY.toLowerCase()) return null;
	const list = headerValue(mail, 'List-Unsubscribe') ?? '';
	for (const [, uri] of list.matchAll(/<([^>]*)>/g)) {
		const candidate = uri.trim();
		if (/^https?:\/\//i.test(candidate) && URL.canParse(candidate)) return candidate;
	}
	return null;
}

/** Why no POST was made: an unknown mail (404) or one without one-click headers (409). */
export class OneClickRefusal extends Error {
	constructor(
		readonly status: 404 | 409,
		message: string,
	) {
		super(message);
	}
}

/**
 * Clicks Unsubscribe on a received mail (its sandbox id or Message-ID): POSTs the one-click body
 * from the server, as the mailbox provider does (no cookies, no credentials, redirects not
 * followed), and records the answer on the mail.
 */
export async function unsubscribeMail(
	store: SandboxStore,
	posts: StatusCallbacks,
	id: string,
): Promise<OneClickResult> {
	const mail = store.findMail(id);
	if (!mail) throw new OneClickRefusal(404, `No received mail '${id}'`);
	const url = oneClickUrl(mail);
	if (!url)
		throw new OneClickRefusal(
			409,
			'This mail has no https List-Unsubscribe URL with List-Unsubscribe-Post: List-Unsubscribe=One-Click',
		);
	const headers = { 'Content-Type': ONE_CLICK_CONTENT_TYPE, 'User-Agent': 'SandboxMailbox/1.0' };
	const status = await posts.deliver(url, { headers, body: ONE_CLICK_BODY }, 'manual');
	const result: OneClickResult = { url, status, postedAt: new Date().toISOString() };
	store.recordOneClick(mail.id, result);
	return result;
}

/** Validates the control API's body: `{ "id": "<sandbox mail id or Message-ID>" }`. */
export function parseUnsubscribeRequest(input: unknown): string {
	const id = isRecord(input) ? input.id : undefined;
	if (typeof id !== 'string' || id.trim() === '')
		throw new Error("unsubscribe body must be { id: '<mail id or Message-ID>' }");
	return id.trim();
}
