// Slack Web API peer: form or JSON bodies, bearer token, ok:false errors over HTTP 200 like Slack.
import type { SandboxStore } from '../store';
import type { PeerSecrets } from '../seed';
import type { SandboxSeed, SlackUserSeed } from '../types';
import {
	bearerToken,
	fieldString,
	isRecord,
	json,
	type HttpPeer,
	type PeerRequest,
	type PeerResponse,
} from '../http/peer';
import { paginate, SlackDirectory, type ConversationType } from './slack-directory';

type MethodResult =
	| { ok: true; body: Record<string, unknown>; result: Record<string, unknown> }
	| { ok: false; error: string };
type Method = (args: Record<string, unknown>) => MethodResult;

const CONVERSATION_TYPES: ConversationType[] = ['public_channel', 'private_channel', 'im', 'mpim'];

function failed(error: string): MethodResult {
	return { ok: false, error };
}

/** blocks arrive as a JSON string in forms and as an array in JSON bodies. */
function parseBlocks(value: unknown): { blocks?: unknown[]; error?: string } {
	if (value === undefined || value === '') return {};
	let blocks = value;
	if (typeof value === 'string') {
		try {
			blocks = JSON.parse(value);
		} catch {
			return { error: 'invalid_blocks_format' };
		}
	}
	if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format' };
	if (
		blocks.length > 50 ||
		!blocks.every((block) => isRecord(block) && typeof block.type === 'string')
	) {
		return { error: 'invalid_blocks' };
	}
	return { blocks };
}

export class SlackPeer implements HttpPeer {
	readonly name = 'slack';
	private directory: SlackDirectory;
	private directorySeed: string;
	private lastTs = 0;
	private readonly methods: Record<string, Method> = {
		'auth.test': () => this.authTest(),
		'chat.postMessage': (args) => this.postMessage(args),
		'users.lookupByEmail': (args) => this.lookupByEmail(args),
		'users.info': (args) => this.userInfo(args),
		'users.list': (args) => this.listUsers(args),
		'conversations.list': (args) => this.listConversations(args),
		'conversations.open': (args) => this.openConversation(args),
	};

	constructor(
		private readonly store: SandboxStore,
		private readonly secrets: PeerSecrets['slack'],
		private readonly seed: () => SandboxSeed,
	) {
		this.directorySeed = '';
		this.directory = this.currentDirectory();
	}

	failure(status: 429 | 500 | 503, retryAfter: number | undefined): PeerResponse {
		// Slack always names a wait on 429; its SDK gives up on a 429 without one.
		const wait = retryAfter ?? (status === 429 ? 1 : undefined);
		const headers = wait === undefined ? undefined : { 'Retry-After': String(wait) };
		const error =
			status === 429 ? 'ratelimited' : status === 503 ? 'service_unavailable' : 'internal_error';
		return json(status, { ok: false, error }, { headers, error });
	}

	handle(request: PeerRequest): PeerResponse {
		const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(request.path);
		if (!match)
			return json(404, { ok: false, error: 'unknown_method' }, { error: 'unknown_method' });
		const methodName = match[1];
		const args: Record<string, unknown> = Object.fromEntries(request.query);
		Object.assign(args, request.body);
		const token = bearerToken(request.headers) ?? fieldString(args, 'token');
		delete args.token;
		if (!token) return json(200, { ok: false, error: 'not_authed' }, { error: 'not_authed' });
		if (token !== this.secrets.token)
			return json(200, { ok: false, error: 'invalid_auth' }, { error: 'invalid_auth' });
		const method = this.methods[methodName];
		if (!method)
			return json(
				200,
				{ ok: false, error: 'unknown_method', req_method: methodName },
				{ error: 'unknown_method' },
			);

		this.directory = this.currentDirectory();
		const outcome = method(args);
		if (!outcome.ok)
			return json(200, { ok: false, error: outcome.error }, { error: outcome.error });
		this.store.addSlack({
			method: methodName,
			args,
			token,
			contentType:
				request.bodyKind === 'json' ? 'json' : request.bodyKind === 'form' ? 'form' : 'query',
			result: outcome.result,
			receivedAt: new Date().toISOString(),
		});
		return json(200, { ok: true, ...outcome.body });
	}

	private bot(): SlackUserSeed {
		return {
			id: this.secrets.botUserId,
			name: 'sandbox_bot',
			realName: 'Sandbox Bot',
			email: 'bot@example.com',
		};
	}

	// Rebuilt only when the seed changed, so paging through 5,000 channels stays cheap.
	private currentDirectory(): SlackDirectory {
		const seed = this.seed();
		const key = JSON.stringify([seed.slackChannels, seed.slackPrivateChannels, seed.slackUsers]);
		if (key !== this.directorySeed) {
			this.directorySeed = key;
			this.directory = new SlackDirectory(seed, this.secrets.teamId, this.bot());
		}
		return this.directory;
	}

	private authTest(): MethodResult {
		return {
			ok: true,
			body: {
				url: 'https://sandbox-team.slack.com/',
				team: 'Sandbox Team',
				user: 'sandbox_bot',
				team_id: this.secrets.teamId,
				user_id: this.secrets.botUserId,
				bot_id: 'B0SANDBOX',
				is_enterprise_install: false,
			},
			result: { userId: this.secrets.botUserId },
		};
	}

	/** Unique, increasing message timestamps in Slack's "seconds.micros" form. */
	private nextTs(): string {
		this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
		return `${Math.floor(this.lastTs / 1_000_000)}.${String(this.lastTs % 1_000_000).padStart(6, '0')}`;
	}

	private postMessage(args: Record<string, unknown>): MethodResult {
		const channel = this.directory.resolveChannel(fieldString(args, 'channel') ?? '');
		if (!channel) return failed('channel_not_found');
		const { blocks, error } = parseBlocks(args.blocks);
		if (error) return failed(error);
		const text = fieldString(args, 'text') ?? '';
		if (text === '' && !blocks && !args.attachments) return failed('no_text');
		if (text.length > 40_000) return failed('msg_too_long');
		const ts = this.nextTs();
		const threadTs = fieldString(args, 'thread_ts');
		const message: Record<string, unknown> = {
			user: this.secrets.botUserId,
			type: 'message',
			ts,
			bot_id: 'B0SANDBOX',
			app_id: 'A0SANDBOX',
			text,
			team: this.secrets.teamId,
			bot_profile: {
				id: 'B0SANDBOX',
				app_id: 'A0SANDBOX',
				name: 'Sandbox Bot',
				deleted: false,
				team_id: this.secrets.teamId,
			},
			...(blocks ? { blocks } : {}),
			...(threadTs ? { thread_ts: threadTs, parent_user_id: this.secrets.botUserId } : {}),
		};
		return {
			ok: true,
			body: { channel, ts, message },
			result: { channel, ts, threadTs: threadTs ?? null },
		};
	}

	private lookupByEmail(args: Record<string, unknown>): MethodResult {
		const email = fieldString(args, 'email');
		if (!email) return failed('invalid_arguments');
		const user = this.directory.findUserByEmail(email);
		return user
			? { ok: true, body: { user }, result: { userId: user.id } }
			: failed('users_not_found');
	}

	private userInfo(args: Record<string, unknown>): MethodResult {
		const user = this.directory.findUser(fieldString(args, 'user') ?? '');
		return user
			? { ok: true, body: { user }, result: { userId: user.id } }
			: failed('user_not_found');
	}

	private listUsers(args: Record<string, unknown>): MethodResult {
		const page = paginate(
			this.directory.users,
			(user) => user.seed.id,
			fieldString(args, 'limit'),
			fieldString(args, 'cursor'),
		);
		if (!page.ok) return failed(page.error);
		return {
			ok: true,
			body: {
				members: page.items.map((user) => user.json),
				cache_ts: Math.floor(Date.now() / 1000),
				response_metadata: { next_cursor: page.nextCursor },
			},
			result: { count: page.items.length, nextCursor: page.nextCursor },
		};
	}

	private listConversations(args: Record<string, unknown>): MethodResult {
		const typesText = fieldString(args, 'types') ?? 'public_channel';
		const types = typesText
			.split(',')
			.map((type) => type.trim())
			.filter(Boolean);
		if (types.some((type) => !CONVERSATION_TYPES.includes(type as ConversationType)))
			return failed('invalid_types');
		const matching = this.directory.conversations.filter((conversation) =>
			types.includes(conversation.type),
		);
		const page = paginate(
			matching,
			(conversation) => String(conversation.json.id),
			fieldString(args, 'limit'),
			fieldString(args, 'cursor'),
		);
		if (!page.ok) return failed(page.error);
		return {
			ok: true,
			body: {
				channels: page.items.map((conversation) => conversation.json),
				response_metadata: { next_cursor: page.nextCursor },
			},
			result: { count: page.items.length, nextCursor: page.nextCursor },
		};
	}

	private openConversation(args: Record<string, unknown>): MethodResult {
		const users = (fieldString(args, 'users') ?? '')
			.split(',')
			.map((user) => user.trim())
			.filter(Boolean);
		const channel = fieldString(args, 'channel');
		if (channel) {
			const id = this.directory.resolveChannel(channel);
			return id
				? { ok: true, body: { channel: { id } }, result: { channel: id } }
				: failed('channel_not_found');
		}
		if (users.length !== 1)
			return failed(users.length === 0 ? 'users_list_not_supplied' : 'invalid_arguments');
		const id = this.directory.dmFor(users[0]);
		return id
			? {
					ok: true,
					body: { no_op: true, already_open: true, channel: { id } },
					result: { channel: id },
				}
			: failed('user_not_found');
	}
}
