// Telegram Bot API client (getMe, sendMessage) and its errors as messages a user can act on.
// The bot token sits in the URL path, so nothing here ever puts a URL into an error.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { ProviderError, redactSecrets } from '../errors';
import { joinUrl, requestJson } from './http-json';

export const TELEGRAM_CREDENTIAL = 'communicationTelegramApi';
const SERVICE = 'Telegram';
const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

export interface TelegramCredentials {
	botToken: string;
	baseUrl: string;
}

export interface TelegramMessage {
	message_id: number;
	chat: { id: number | string; type?: string };
	date?: number;
}

/** sendMessage arguments this package uses. */
export interface TelegramOutgoing {
	chat_id: string;
	text: string;
	parse_mode?: 'MarkdownV2' | 'HTML';
	link_preview_options?: { is_disabled: boolean };
	disable_notification?: boolean;
	protect_content?: boolean;
}

export interface TelegramSendResult {
	chatId: string;
	messageId: number;
}

interface TelegramEnvelope {
	ok?: boolean;
	result?: unknown;
	error_code?: number;
	description?: string;
	parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export function telegramCredentials(data: ICredentialDataDecryptedObject): TelegramCredentials {
	const baseUrl =
		typeof data.baseUrl === 'string' && data.baseUrl.trim()
			? data.baseUrl.trim()
			: 'https://api.telegram.org';
	return { botToken: String(data.botToken ?? '').trim(), baseUrl };
}

function envelopeOf(body: unknown): TelegramEnvelope {
	return typeof body === 'object' && body !== null ? (body as TelegramEnvelope) : {};
}

/** Maps a Bot API refusal to a ProviderError; 429 and 5xx are transient. */
export function telegramError(
	status: number,
	body: unknown,
	headerRetryAfterMs?: number,
): ProviderError {
	const envelope = envelopeOf(body);
	const description =
		typeof envelope.description === 'string' ? envelope.description : `HTTP ${status}`;
	const code = envelope.error_code ?? status;
	const base = { httpCode: String(status), code, description: `Telegram answered: ${description}` };
	const lower = description.toLowerCase();
	if (status === 429) {
		const seconds = envelope.parameters?.retry_after;
		return new ProviderError('Telegram rate limit reached (429 Too Many Requests)', {
			...base,
			transient: true,
			// Some proxies send a Retry-After header instead of parameters.retry_after.
			retryAfterMs:
				typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : headerRetryAfterMs,
		});
	}
	if (status >= 500)
		return new ProviderError(`Telegram is temporarily unavailable (${status})`, {
			...base,
			transient: true,
		});
	if (status === 401) {
		return new ProviderError(
			'Telegram rejected the bot token (401 Unauthorized): check the token in the Telegram credential',
			{ ...base, transient: false },
		);
	}
	if (status === 404) {
		return new ProviderError(
			'Telegram answered 404 Not Found: check the bot token and the API Base URL in the Telegram credential',
			{ ...base, transient: false },
		);
	}
	if (status === 403 && lower.includes('blocked by the user')) {
		return new ProviderError(
			'The contact has blocked the bot: Telegram delivers nothing to them until they unblock it',
			{ ...base, transient: false },
		);
	}
	if (status === 403 && (lower.includes("can't initiate") || lower.includes('deactivated'))) {
		return new ProviderError(
			`Telegram refused the message: ${description}. The contact must start a conversation with the bot first.`,
			{ ...base, transient: false },
		);
	}
	if (lower.includes('chat not found')) {
		return new ProviderError(
			'Telegram does not know this chat: the contact must open the bot and press Start before it can message them (check the telegram_id)',
			{ ...base, transient: false },
		);
	}
	if (lower.includes("can't parse entities")) {
		return new ProviderError(
			`Telegram could not parse the message formatting: ${description.replace(/^Bad Request: /, '')}. Fix the markup in the Start Phrase / Welcome Text (escape reserved characters) or set Parse Mode to None.`,
			{ ...base, transient: false },
		);
	}
	const migratedTo = envelope.parameters?.migrate_to_chat_id;
	if (migratedTo !== undefined) {
		return new ProviderError(
			`The group became a supergroup: use chat ID ${migratedTo} from now on`,
			{ ...base, transient: false },
		);
	}
	return new ProviderError(`Telegram refused the message: ${description}`, {
		...base,
		transient: false,
	});
}

export class TelegramClient {
	constructor(
		private readonly credentials: TelegramCredentials,
		private readonly timeoutMs: number,
	) {}

	/** Calls one Bot API method with a JSON body; resolves with `result`, throws ProviderError. */
	async call<T>(method: string, body?: Record<string, unknown>): Promise<T> {
		const response = await requestJson({
			method: 'POST',
			url: joinUrl(this.credentials.baseUrl, `bot${this.credentials.botToken}/${method}`),
			body: body ?? {},
			timeoutMs: this.timeoutMs,
			service: SERVICE,
		});
		const envelope = envelopeOf(response.body);
		if (response.status === 200 && envelope.ok === true) return envelope.result as T;
		throw telegramError(response.status, response.body, response.retryAfterMs);
	}

	async getMe(): Promise<{ id: number; username?: string; first_name?: string }> {
		return await this.call('getMe');
	}

	async sendMessage(args: Record<string, unknown>): Promise<TelegramMessage> {
		return await this.call<TelegramMessage>('sendMessage', args);
	}
}

/** Sends one text message; the chat ID is the one Telegram answered with (a group may have moved). */
export async function sendTelegramMessage(
	client: TelegramClient,
	message: TelegramOutgoing,
): Promise<TelegramSendResult> {
	const sent = await client.sendMessage({ ...message });
	return { chatId: String(sent.chat?.id ?? message.chat_id), messageId: sent.message_id };
}

/** Credential test: getMe with the given token. */
export async function testTelegramCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = telegramCredentials(credential.data ?? {});
	if (!credentials.botToken)
		return { status: 'Error', message: 'Enter the bot token from @BotFather' };
	try {
		const bot = await new TelegramClient(credentials, CREDENTIAL_TEST_TIMEOUT_MS).getMe();
		return { status: 'OK', message: `Connected as @${bot.username ?? bot.first_name ?? bot.id}` };
	} catch (error) {
		return {
			status: 'Error',
			message: redactSecrets((error as Error).message, [credentials.botToken]),
		};
	}
}
