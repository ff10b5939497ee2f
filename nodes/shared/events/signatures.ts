// Provider request signatures: Twilio's X-Twilio-Signature, WhatsApp's X-Hub-Signature-256 and
// Telegram's secret-token header, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

function sameText(given: string | undefined, expected: string): boolean {
	if (typeof given !== 'string') return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Twilio's signature: base64 HMAC-SHA1 (auth token) of the full URL Twilio called followed by
 * every POST parameter, sorted by name, as name + value.
 */
export function twilioSignature(
	authToken: string,
	url: string,
	params: Record<string, string>,
): string {
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + key + params[key], url);
	return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function isTwilioSignatureValid(
	authToken: string,
	url: string,
	params: Record<string, string>,
	signature: string | undefined,
): boolean {
	if (!authToken) return false;
	return sameText(signature, twilioSignature(authToken, url, params));
}

/** Meta's signature header: `sha256=` + hex HMAC-SHA256 (app secret) of the raw body. */
export function metaSignature(appSecret: string, rawBody: Buffer | string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function isMetaSignatureValid(
	appSecret: string,
	rawBody: Buffer | string,
	signature: string | undefined,
): boolean {
	if (!appSecret) return false;
	return sameText(signature?.toLowerCase(), metaSignature(appSecret, rawBody));
}

/** Telegram sends the secret given to setWebhook back in X-Telegram-Bot-Api-Secret-Token. */
export function isTelegramSecretValid(secret: string, header: string | undefined): boolean {
	if (!secret) return false;
	return sameText(header, secret);
}

/** The URL Twilio signed: the public base URL (behind a reverse proxy) with the request's path. */
export function publicUrlOf(requestUrl: string, publicBaseUrl: string | undefined): string {
	const base = publicBaseUrl?.trim();
	if (!base) return requestUrl;
	const request = new URL(requestUrl);
	const publicUrl = new URL(base);
	const basePath = publicUrl.pathname.replace(/\/+$/, '');
	return `${publicUrl.origin}${basePath}${request.pathname}${request.search}`;
}
