// Twilio failures: which are worth a retry, and what the user should do about the others.
import { ProviderError } from '../errors';
import type { RetryDecision } from '../send-types';

/** A non-2xx answer from the Twilio API, with the fields our retry logic needs. */
export class TwilioApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly code: number | undefined,
		readonly moreInfo: string | undefined,
		readonly retryAfterMs: number | undefined,
	) {
		super(message);
		this.name = 'TwilioApiError';
	}
}

interface NetworkErrorShape {
	code?: unknown;
	message?: unknown;
	response?: unknown;
}

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_NETWORK',
]);

// What to do for the Twilio codes users actually meet; Twilio's own text follows in the message.
const FRIENDLY_MESSAGES: Record<number, string> = {
	20003:
		'Twilio refused the credentials (20003). Check the Account SID and the Auth Token or API Key in the Twilio credential.',
	20404:
		'Twilio does not know this resource (20404). Check the Account SID in the Twilio credential.',
	20429:
		'Twilio is rate limiting this account (20429). Lower Max Per Second or Max Concurrent Sends.',
	21211:
		"The 'To' number is not a valid phone number for Twilio (21211). Check the contact's number.",
	21212:
		"The 'From' number is not a valid phone number or sender ID (21212). Check From or the credential's default From number.",
	21408:
		'Sending to this country or region is not enabled for the account (21408). Enable it under Messaging/Voice Geographic Permissions in the Twilio console.',
	21602: 'The message body is empty (21602). Fill in Message or add a media URL.',
	21603:
		"Twilio needs a 'From' number or a Messaging Service (21603). Set one in the node or the credential.",
	21606:
		"The 'From' number cannot send SMS to this destination (21606). Use an SMS-capable Twilio number or a Messaging Service.",
	21610:
		'The recipient has opted out of messages from this sender by replying STOP (21610). Do not send again; they can opt back in by replying START.',
	21612:
		"Twilio cannot route a message between this 'From' and 'To' (21612). Check that the From number can reach the destination.",
	21614: "The 'To' number is not a mobile number that can receive SMS (21614).",
	21617: 'The message is longer than 1,600 characters (21617). Shorten it.',
	21620:
		'Twilio could not use a media URL (21620). Media URLs must be public http(s) links to supported files.',
	21205: 'Twilio refused the TwiML URL (21205). It must be a public http(s) URL.',
	21213: "Twilio needs a 'From' number for calls (21213). Set one in the node or the credential.",
	21215:
		'Calls to this number are not enabled for the account (21215). Enable the region under Voice Geographic Permissions in the Twilio console.',
	21216: 'Twilio cannot call this number (21216): it is blocked or not reachable.',
};

export function retryAfterMsFrom(header: unknown): number | undefined {
	const text = Array.isArray(header)
		? String(header[0] ?? '')
		: typeof header === 'string'
			? header
			: '';
	if (!text.trim()) return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** 429, 5xx, timeouts and dropped or refused connections are worth another attempt. */
export function classifyTwilioError(error: unknown): RetryDecision {
	if (error instanceof ProviderError)
		return { retry: error.transient, retryAfterMs: error.options.retryAfterMs };
	if (error instanceof TwilioApiError) {
		const transient = error.status === 429 || error.status >= 500;
		return { retry: transient, retryAfterMs: transient ? error.retryAfterMs : undefined };
	}
	const e = (error ?? {}) as NetworkErrorShape;
	if (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) return { retry: true };
	if (typeof e.message === 'string' && /socket hang up|timeout|network error/i.test(e.message))
		return { retry: true };
	return { retry: false };
}

function networkMessage(e: NetworkErrorShape): string {
	const code = typeof e.code === 'string' ? e.code : '';
	if (code === 'ECONNREFUSED')
		return 'Could not connect to the Twilio API (connection refused). Check the API Base URL of the Twilio credential.';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(e.message ?? ''))) {
		return 'The Twilio API did not answer in time.';
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
		return 'The Twilio API host could not be resolved. Check the API Base URL of the Twilio credential.';
	if (code === 'ECONNRESET' || /socket hang up/i.test(String(e.message ?? ''))) {
		return 'The connection to the Twilio API was dropped before it answered.';
	}
	return `The request to the Twilio API failed: ${typeof e.message === 'string' && e.message ? e.message : 'unknown error'}`;
}

/** Maps anything the Twilio client threw to a ProviderError that says what to fix. */
export function describeTwilioError(error: unknown): ProviderError {
	if (error instanceof ProviderError) return error;
	const { retry, retryAfterMs } = classifyTwilioError(error);
	if (error instanceof TwilioApiError) {
		const friendly = error.code === undefined ? undefined : FRIENDLY_MESSAGES[error.code];
		const twilioSays = `Twilio said: ${error.message}${error.code === undefined ? '' : ` (code ${error.code})`}`;
		const message =
			friendly ??
			(retry
				? `Twilio is temporarily unavailable (HTTP ${error.status}).`
				: `Twilio refused the request (HTTP ${error.status}).`);
		return new ProviderError(`${message} ${twilioSays}`, {
			transient: retry,
			retryAfterMs,
			httpCode: String(error.status),
			code: error.code,
			description: error.moreInfo ? `More information: ${error.moreInfo}` : undefined,
		});
	}
	const e = (error ?? {}) as NetworkErrorShape;
	// The network code goes to the description: as `code`, n8n would replace our message with a generic one.
	const description = typeof e.code === 'string' ? `Network error code: ${e.code}` : undefined;
	return new ProviderError(networkMessage(e), { transient: retry, description });
}
