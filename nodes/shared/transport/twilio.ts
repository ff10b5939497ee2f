// Twilio client factory (SDK loaded lazily): credential settings, the API Base URL applied through
// the SDK's httpClient, explicit timeouts, no SDK retries, and the credential test.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import type { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

import { InputError, redactSecrets } from '../errors';

import { describeTwilioError, retryAfterMsFrom, TwilioApiError } from './twilio-errors';

export { classifyTwilioError, describeTwilioError, TwilioApiError } from './twilio-errors';

export const TWILIO_CREDENTIAL = 'communicationTwilioApi';
export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

export type TwilioClient = Twilio;

export interface TwilioSettings {
	accountSid: string;
	authType: 'authToken' | 'apiKey';
	authToken: string;
	apiKeySid: string;
	apiKeySecret: string;
	fromNumber: string;
	messagingServiceSid: string;
	baseUrl: string;
}

export interface TwilioClientOptions {
	/** Per-request timeout; a dead API fails the attempt instead of hanging. */
	timeoutMs?: number;
}

export const TWILIO_DEFAULT_TIMEOUT_MS = 15_000;
// Every Twilio API host (api, messaging, voice, regional edges) is served by the one base URL.
const TWILIO_HOST = /(^|\.)twilio\.com$/i;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export function twilioSettingsFrom(data: ICredentialDataDecryptedObject): TwilioSettings {
	return {
		accountSid: text(data.accountSid),
		authType: data.authType === 'apiKey' ? 'apiKey' : 'authToken',
		authToken: text(data.authToken),
		apiKeySid: text(data.apiKeySid),
		apiKeySecret: text(data.apiKeySecret),
		fromNumber: text(data.fromNumber),
		messagingServiceSid: text(data.messagingServiceSid),
		baseUrl: text(data.baseUrl) || TWILIO_DEFAULT_BASE_URL,
	};
}

/** Values that must never appear in an output, error or log. */
export function twilioSecrets(settings: TwilioSettings): string[] {
	return [settings.authToken, settings.apiKeySecret].filter(Boolean);
}

export function parseTwilioBaseUrl(raw: string): URL {
	if (!URL.canParse(raw))
		throw new InputError(`The API Base URL '${raw}' of the Twilio credential is not a URL`);
	const url = new URL(raw);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new InputError(
			`The API Base URL of the Twilio credential must start with https:// (got '${url.protocol}')`,
		);
	}
	return url;
}

/** The SDK's URL with its Twilio origin replaced by the base URL (whose path becomes a prefix). */
export function rewriteTwilioUri(uri: string, base: URL): string {
	const target = new URL(uri);
	if (!TWILIO_HOST.test(target.hostname)) return uri;
	const prefix = base.pathname.replace(/\/+$/, '');
	return `${base.origin}${prefix}${target.pathname}${target.search}`;
}

/** The credential's fields that Twilio would refuse anyway, checked before any request. */
export function checkTwilioCredentials(settings: TwilioSettings): void {
	if (!/^AC[0-9a-fA-F]{32}$/.test(settings.accountSid)) {
		throw new InputError(
			'The Account SID of the Twilio credential must look like AC followed by 32 hex characters',
		);
	}
	if (settings.authType === 'apiKey') {
		if (!settings.apiKeySid || !settings.apiKeySecret) {
			throw new InputError(
				'The Twilio credential uses an API Key: fill in API Key SID and API Key Secret',
			);
		}
	} else if (!settings.authToken) {
		throw new InputError('The Twilio credential has no Auth Token');
	}
}

type RequestClientClass = typeof RequestClient;

/** A RequestClient that sends to the base URL and turns error answers into TwilioApiError (with Retry-After). */
function createHttpClient(Base: RequestClientClass, base: URL, timeoutMs: number): RequestClient {
	class BaseUrlRequestClient extends Base {
		async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
			const response = await super.request<TData>({
				...opts,
				uri: rewriteTwilioUri(opts.uri, base),
				timeout: opts.timeout ?? timeoutMs,
			});
			if (response.statusCode >= 400) throw apiErrorFrom(response);
			return response;
		}
	}
	// autoRetry off: our send loop retries, with Retry-After and the node's Retry Count.
	return new BaseUrlRequestClient({ timeout: timeoutMs, autoRetry: false, keepAlive: true });
}

function apiErrorFrom(response: Response<unknown>): TwilioApiError {
	return twilioApiError(response.statusCode, response.body, response.headers);
}

/** An error answer of the Twilio API (body as text or parsed JSON) as a TwilioApiError with Retry-After. */
export function twilioApiError(
	status: number,
	answer: unknown,
	rawHeaders: unknown,
): TwilioApiError {
	let body: unknown = answer;
	if (typeof body === 'string') {
		const raw = body;
		try {
			body = JSON.parse(raw);
		} catch {
			body = { message: raw.slice(0, 200) };
		}
	}
	const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	const headers = (rawHeaders ?? {}) as Record<string, unknown>;
	const message =
		typeof fields.message === 'string' && fields.message ? fields.message : `HTTP ${status}`;
	const code = fields.code === undefined || fields.code === null ? Number.NaN : Number(fields.code);
	return new TwilioApiError(
		message,
		status,
		Number.isFinite(code) ? code : undefined,
		typeof fields.more_info === 'string' ? fields.more_info : undefined,
		retryAfterMsFrom(headers['retry-after'] ?? headers['Retry-After']),
	);
}

/** One client per execution; the SDK is loaded here, not when n8n loads the node. */
export async function createTwilioClient(
	settings: TwilioSettings,
	options: TwilioClientOptions = {},
): Promise<TwilioClient> {
	checkTwilioCredentials(settings);
	const base = parseTwilioBaseUrl(settings.baseUrl);
	const sdk = (await import('twilio')).default;
	const httpClient = createHttpClient(
		sdk.RequestClient,
		base,
		options.timeoutMs ?? TWILIO_DEFAULT_TIMEOUT_MS,
	);
	if (settings.authType === 'apiKey') {
		return sdk(settings.apiKeySid, settings.apiKeySecret, {
			accountSid: settings.accountSid,
			httpClient,
			autoRetry: false,
		});
	}
	return sdk(settings.accountSid, settings.authToken, { httpClient, autoRetry: false });
}

/** Credential test: fetch the account with the given credentials; Twilio's own message on failure. */
export async function testTwilioCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const settings = twilioSettingsFrom(credential.data ?? {});
	const secrets = twilioSecrets(settings);
	try {
		const client = await createTwilioClient(settings, { timeoutMs: 10_000 });
		const account = await client.api.v2010.accounts(settings.accountSid).fetch();
		return {
			status: 'OK',
			message: `Connected to Twilio account '${account.friendlyName}' (${account.status})`,
		};
	} catch (error) {
		const message =
			error instanceof InputError ? error.message : describeTwilioError(error).message;
		return { status: 'Error', message: redactSecrets(message, secrets) };
	}
}
