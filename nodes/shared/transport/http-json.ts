// JSON over HTTP for the REST transports (Telegram, WhatsApp): a hard timeout, Retry-After parsing,
// and network failures turned into transient ProviderErrors that never echo the URL.
import { ProviderError } from '../errors';

export interface JsonRequest {
	method: 'GET' | 'POST';
	url: string;
	headers?: Record<string, string>;
	/** Sent as a JSON body. */
	body?: unknown;
	timeoutMs: number;
	/** Who we talk to, for messages: "Telegram", "WhatsApp Cloud API". */
	service: string;
}

export interface JsonResponse {
	status: number;
	/** Parsed JSON, or the raw text (shortened) when the answer is not JSON. */
	body: unknown;
	/** From a Retry-After header (seconds or HTTP date), if the server sent one. */
	retryAfterMs?: number;
}

const MAX_TEXT_BODY = 500;
// Errors a dropped or refused connection shows up as (undici and Node's net module).
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	'ENOTFOUND',
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(
	value: string | null | undefined,
	now = Date.now(),
): number | undefined {
	if (value === null || value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The first error code along an error's cause chain (fetch puts the socket's code in `cause`). */
export function causeCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== '') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Whether a request was given up by its timeout signal. */
export function isTimeout(error: unknown): boolean {
	const name = (error as { name?: unknown } | null)?.name;
	return name === 'TimeoutError' || name === 'AbortError';
}

const PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was dropped',
	UND_ERR_SOCKET: 'the connection was dropped',
	UND_ERR_CLOSED: 'the connection was dropped',
	EPIPE: 'the connection was dropped',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

/**
 * Words for a network error code. n8n replaces any error message that contains a raw code such
 * as ECONNREFUSED with a generic one that no longer names the provider, so messages use these.
 */
export function describeNetworkCode(code: string | undefined): string {
	return (code && PROBLEMS[code]) || 'the connection failed';
}

/** A failure before any HTTP answer: timeout, refused, reset. Always transient; never names the URL. */
export function networkError(service: string, error: unknown, timeoutMs: number): ProviderError {
	if (isTimeout(error)) {
		return new ProviderError(`${service} did not answer within ${Math.round(timeoutMs / 1000)} s`, {
			transient: true,
			code: 'timeout',
			description:
				'The request timed out. If this keeps happening, check the API Base URL in the credential or raise the Request Timeout option.',
		});
	}
	const code = causeCode(error);
	const known = code !== undefined && NETWORK_CODES.has(code);
	return new ProviderError(`Could not reach ${service}: ${describeNetworkCode(code)}`, {
		transient: known || code === undefined,
		code: 'network_error',
		description: `No answer arrived${code ? ` (${code})` : ''}. Check the API Base URL in the credential and your network.`,
	});
}

/** Sends one request; resolves with any HTTP answer (the caller maps provider errors), rejects only on network failure. */
export async function requestJson(request: JsonRequest): Promise<JsonResponse> {
	let response: Response;
	let text: string;
	try {
		response = await fetch(request.url, {
			method: request.method,
			headers: {
				accept: 'application/json',
				...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
				...request.headers,
			},
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			signal: AbortSignal.timeout(request.timeoutMs),
		});
		// The timeout covers the body too: a server that stalls mid-answer must not hang the item.
		text = await response.text();
	} catch (error) {
		throw networkError(request.service, error, request.timeoutMs);
	}
	let body: unknown = text;
	try {
		body = text === '' ? null : JSON.parse(text);
	} catch {
		body = text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}...` : text;
	}
	return {
		status: response.status,
		body,
		retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
	};
}

/** Joins a base URL and a path with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
