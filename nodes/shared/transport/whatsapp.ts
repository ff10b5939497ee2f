// WhatsApp Cloud API (Graph) client: template messages and the phone-number fetch, with Graph
// error codes mapped to messages a user can act on and rate limits marked for retry.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { ProviderError, redactSecrets } from '../errors';
import { joinUrl, requestJson } from './http-json';
import type { WhatsAppMessage } from './whatsapp-message';
import { readTemplatePage, TEMPLATE_FIELDS, type TemplatePage } from './whatsapp-templates';

export const WHATSAPP_CREDENTIAL = 'communicationWhatsAppApi';
const SERVICE = 'WhatsApp Cloud API';
const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;
// Throughput, pair-rate, app and account rate limits: wait and try again.
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);
// Graph's own "temporary, retry" codes.
const TEMPORARY_CODES = new Set([1, 2, 131000, 131016]);

// An unknown account ID (100) or a token without whatsapp_business_management (10, 200).
const TEMPLATE_ACCESS_CODES = new Set([10, 100, 200]);
const TEMPLATE_ACCESS_MESSAGE =
	'Could not read the templates of the WhatsApp Business Account: check the account ID in the WhatsApp credential (WhatsApp Manager > Account tools) and that the token has the whatsapp_business_management permission';

export interface WhatsAppCredentials {
	accessToken: string;
	phoneNumberId: string;
	/** WhatsApp Business Account ID: needed to read message templates ('' when not set). */
	businessAccountId?: string;
	apiVersion: string;
	baseUrl: string;
}

interface GraphError {
	message?: string;
	code?: number;
	error_subcode?: number;
	is_transient?: boolean;
	error_data?: { details?: string };
}

export interface WhatsAppSendResult {
	messageId: string | null;
	waId: string | null;
	status: string | null;
}

export function whatsAppCredentials(data: ICredentialDataDecryptedObject): WhatsAppCredentials {
	const text = (value: unknown, fallback: string) =>
		typeof value === 'string' && value.trim() ? value.trim() : fallback;
	return {
		accessToken: text(data.accessToken, ''),
		phoneNumberId: text(data.phoneNumberId, ''),
		businessAccountId: text(data.businessAccountId, ''),
		apiVersion: text(data.apiVersion, 'v21.0'),
		baseUrl: text(data.baseUrl, 'https://graph.facebook.com'),
	};
}

function graphErrorOf(body: unknown): GraphError {
	if (typeof body !== 'object' || body === null) return {};
	const error = (body as { error?: unknown }).error;
	return typeof error === 'object' && error !== null ? (error as GraphError) : {};
}

function messageFor(
	code: number | undefined,
	subcode: number | undefined,
	details: string,
): string | undefined {
	switch (code) {
		case 190:
			return 'The WhatsApp access token is invalid or has expired: create a new token (a System User token does not expire) and update the WhatsApp credential';
		case 104:
			return 'No access token was sent: enter the access token in the WhatsApp credential';
		case 10:
		case 200:
		case 131005:
			return 'The access token lacks permission to send from this phone number: grant whatsapp_business_messaging to the token';
		case 100:
			return subcode === 33
				? 'The Phone Number ID in the WhatsApp credential does not exist or the token cannot use it: copy the ID from WhatsApp > API Setup'
				: undefined;
		case 132001:
			return `The template does not exist in this language or is not approved yet (${details}): check Template Name and Language Code against WhatsApp Manager`;
		case 132000:
			return `The number of template parameters does not match the template (${details}): add or remove Header / Body parameters so they match`;
		case 132005:
			return 'A template parameter is too long once filled in: shorten the merge-field values';
		case 132007:
			return "The filled-in template breaks WhatsApp's format policy: check the parameter values";
		case 132012:
			return `A template parameter has the wrong format (${details}): e.g. a header that expects media got text`;
		case 132015:
			return 'The template is paused because of low quality: edit it in WhatsApp Manager or use another one';
		case 132016:
			return 'The template is disabled: use another template';
		case 131008:
			return `A required template parameter is missing (${details})`;
		case 131009:
			return `A parameter value is not valid (${details})`;
		case 131026:
			return 'The recipient cannot receive WhatsApp messages: the number has no WhatsApp account, or they have not accepted the latest terms';
		case 131047:
			return 'More than 24 hours have passed since the contact last replied: only an approved template message can restart the conversation';
		case 131048:
			return 'WhatsApp limited this phone number because too many messages were blocked or reported as spam: check message quality before sending more';
		case 131051:
			return 'WhatsApp does not support this message type';
		case 130429:
			return 'WhatsApp Cloud API throughput limit reached';
		case 131056:
			return 'Too many messages to the same recipient in a short time (pair rate limit)';
		case 4:
		case 80007:
			return 'WhatsApp rate limit reached for this app or business account';
		default:
			return undefined;
	}
}

/** Maps a Graph error answer to a ProviderError: rate-limit and temporary codes are transient. */
export function whatsAppError(status: number, body: unknown, retryAfterMs?: number): ProviderError {
	const error = graphErrorOf(body);
	const code = typeof error.code === 'number' ? error.code : undefined;
	const details = error.error_data?.details ?? error.message ?? `HTTP ${status}`;
	const rateLimited = status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code));
	const transient =
		rateLimited ||
		status >= 500 ||
		error.is_transient === true ||
		(code !== undefined && TEMPORARY_CODES.has(code));
	const known = messageFor(code, error.error_subcode, details);
	const message =
		known ??
		(transient
			? `WhatsApp Cloud API is temporarily unavailable (${status})`
			: `WhatsApp refused the message: ${error.message ?? `HTTP ${status}`}`);
	return new ProviderError(message, {
		transient,
		retryAfterMs,
		httpCode: String(status),
		code: code ?? status,
		description:
			`Graph error${code === undefined ? '' : ` ${code}`}: ${error.message ?? ''}${error.error_data?.details ? ` (${error.error_data.details})` : ''}`.trim(),
	});
}

export class WhatsAppClient {
	constructor(
		private readonly credentials: WhatsAppCredentials,
		private readonly timeoutMs: number,
	) {}

	private async graph(method: 'GET' | 'POST', path: string, body?: IDataObject): Promise<unknown> {
		const { baseUrl, apiVersion, accessToken } = this.credentials;
		const response = await requestJson({
			method,
			url: joinUrl(baseUrl, `${apiVersion}/${path}`),
			headers: { authorization: `Bearer ${accessToken}` },
			body,
			timeoutMs: this.timeoutMs,
			service: SERVICE,
		});
		if (response.status >= 200 && response.status < 300) return response.body;
		throw whatsAppError(response.status, response.body, response.retryAfterMs);
	}

	/** POST /{phone-number-id}/messages: the one way a message is sent (messaging_product added). */
	async sendMessage(message: WhatsAppMessage): Promise<WhatsAppSendResult> {
		const body = (await this.graph(
			'POST',
			`${encodeURIComponent(this.credentials.phoneNumberId)}/messages`,
			{
				messaging_product: 'whatsapp',
				...message,
			},
		)) as {
			messages?: Array<{ id?: string; message_status?: string }>;
			contacts?: Array<{ wa_id?: string }>;
		} | null;
		const sent = body?.messages?.[0];
		return {
			messageId: sent?.id ?? null,
			waId: body?.contacts?.[0]?.wa_id ?? null,
			status: sent?.message_status ?? null,
		};
	}

	/** GET /{waba-id}/message_templates: one page, optionally filtered by name. */
	async listTemplates(page: {
		name?: string;
		after?: string;
		limit: number;
	}): Promise<TemplatePage> {
		const query = new URLSearchParams({ fields: TEMPLATE_FIELDS, limit: String(page.limit) });
		if (page.name) query.set('name', page.name);
		if (page.after) query.set('after', page.after);
		const waba = encodeURIComponent(this.credentials.businessAccountId ?? '');
		try {
			return readTemplatePage(await this.graph('GET', `${waba}/message_templates?${query}`));
		} catch (error) {
			const code = error instanceof ProviderError ? error.options.code : undefined;
			if (error instanceof ProviderError && TEMPLATE_ACCESS_CODES.has(Number(code)))
				throw new ProviderError(TEMPLATE_ACCESS_MESSAGE, error.options);
			throw error;
		}
	}

	async fetchPhoneNumber(): Promise<{
		id?: string;
		display_phone_number?: string;
		verified_name?: string;
	}> {
		return (await this.graph('GET', encodeURIComponent(this.credentials.phoneNumberId))) as {
			id?: string;
			display_phone_number?: string;
			verified_name?: string;
		};
	}
}

/** Credential test: fetch the configured business phone number. */
export async function testWhatsAppCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = whatsAppCredentials(credential.data ?? {});
	if (!credentials.accessToken) return { status: 'Error', message: 'Enter the access token' };
	if (!credentials.phoneNumberId) return { status: 'Error', message: 'Enter the Phone Number ID' };
	try {
		const phone = await new WhatsAppClient(
			credentials,
			CREDENTIAL_TEST_TIMEOUT_MS,
		).fetchPhoneNumber();
		const label = [phone.verified_name, phone.display_phone_number].filter(Boolean).join(', ');
		return { status: 'OK', message: `Connected${label ? ` to ${label}` : ''}` };
	} catch (error) {
		return {
			status: 'Error',
			message: redactSecrets((error as Error).message, [credentials.accessToken]),
		};
	}
}
