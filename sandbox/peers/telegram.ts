// Telegram Bot API peer: /bot<token>/getMe and /sendMessage with the API's ok/error_code/description bodies.
import type { SandboxStore } from '../store';
import type { PeerSecrets } from '../seed';
import type { SandboxSeed } from '../types';
import {
	fieldString,
	json,
	type HttpPeer,
	type PeerRequest,
	type PeerResponse,
} from '../http/peer';
import { checkParseMode } from './telegram-entities';

function telegramError(
	status: number,
	description: string,
	parameters?: Record<string, unknown>,
): PeerResponse {
	return json(
		status,
		{ ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
		{ error: description },
	);
}

function badRequest(description: string): PeerResponse {
	return telegramError(400, `Bad Request: ${description}`);
}

export class TelegramPeer implements HttpPeer {
	readonly name = 'telegram';
	private nextMessageId = 1;

	constructor(
		private readonly store: SandboxStore,
		private readonly secrets: PeerSecrets['telegram'],
		private readonly seed: () => SandboxSeed,
	) {}

	failure(status: 429 | 500 | 503, retryAfter: number | undefined): PeerResponse {
		if (status === 429) {
			// The Bot API tells the wait in the body, not in a Retry-After header.
			const wait = retryAfter ?? 1;
			return telegramError(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
		}
		return telegramError(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
	}

	handle(request: PeerRequest): PeerResponse {
		const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path);
		if (!match) return telegramError(404, 'Not Found');
		const [, token, method] = match;
		if (token !== this.secrets.token) return telegramError(401, 'Unauthorized');
		const args: Record<string, unknown> = Object.fromEntries(request.query);
		Object.assign(args, request.body);
		const methodName = method.toLowerCase();
		if (methodName === 'getme') return this.record(method, args, this.botUser());
		if (methodName === 'sendmessage') return this.sendMessage(method, args);
		return telegramError(404, 'Not Found');
	}

	private record(method: string, body: Record<string, unknown>, result: unknown): PeerResponse {
		this.store.addTelegram({ method, body, result, receivedAt: new Date().toISOString() });
		return json(200, { ok: true, result });
	}

	private botUser(): Record<string, unknown> {
		return {
			id: this.secrets.botId,
			is_bot: true,
			first_name: 'Sandbox Bot',
			username: this.secrets.botUsername,
			can_join_groups: true,
			can_read_all_group_messages: false,
			supports_inline_queries: false,
			can_connect_to_business: false,
			has_main_web_app: false,
		};
	}

	private chat(chatId: string): Record<string, unknown> {
		const id = Number(chatId);
		if (chatId.startsWith('-100')) return { id, title: 'Sandbox Supergroup', type: 'supergroup' };
		if (id < 0)
			return { id, title: 'Sandbox Group', type: 'group', all_members_are_administrators: true };
		return { id, first_name: 'Sandbox', last_name: `User ${chatId}`, type: 'private' };
	}

	private sendMessage(method: string, args: Record<string, unknown>): PeerResponse {
		const chatId = fieldString(args, 'chat_id')?.trim();
		const text = fieldString(args, 'text') ?? '';
		const seed = this.seed();
		if (!chatId) return badRequest('chat_id is empty');
		// The bot only knows numeric chats that started it; @usernames of users are never resolvable.
		if (!/^-?\d+$/.test(chatId) || seed.telegramUnknownChats.includes(chatId))
			return badRequest('chat not found');
		if (seed.telegramBlockedChats.includes(chatId))
			return telegramError(403, 'Forbidden: bot was blocked by the user');
		if (text.trim() === '') return badRequest('message text is empty');
		if (text.length > 4096) return badRequest('message is too long');
		const parseProblem = checkParseMode(fieldString(args, 'parse_mode'), text);
		if (parseProblem) return badRequest(parseProblem);
		const result = {
			message_id: this.nextMessageId++,
			from: this.botUser(),
			chat: this.chat(chatId),
			date: Math.floor(Date.now() / 1000),
			text,
		};
		return this.record(method, args, result);
	}
}
