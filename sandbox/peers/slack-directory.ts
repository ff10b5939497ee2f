// The Slack workspace the peer serves: seeded users and conversations, and cursor pagination over them.
import type { SandboxSeed, SlackUserSeed } from '../types';

export type ConversationType = 'public_channel' | 'private_channel' | 'im' | 'mpim';

export interface Conversation {
	type: ConversationType;
	json: Record<string, unknown>;
}

const CREATED = 1_700_000_000;

function conversationId(prefix: string, index: number): string {
	return prefix + index.toString(36).toUpperCase().padStart(9, '0');
}

function channelJson(
	id: string,
	name: string,
	isPrivate: boolean,
	teamId: string,
	creator: string,
): Record<string, unknown> {
	return {
		id,
		name,
		is_channel: !isPrivate,
		is_group: isPrivate,
		is_im: false,
		is_mpim: false,
		is_private: isPrivate,
		created: CREATED,
		is_archived: false,
		is_general: name === 'general',
		unlinked: 0,
		name_normalized: name,
		is_shared: false,
		is_org_shared: false,
		is_pending_ext_shared: false,
		pending_shared: [],
		context_team_id: teamId,
		updated: CREATED * 1000,
		parent_conversation: null,
		creator,
		is_ext_shared: false,
		shared_team_ids: [teamId],
		pending_connected_team_ids: [],
		is_member: true,
		topic: { value: '', creator: '', last_set: 0 },
		purpose: { value: `Sandbox channel ${name}`, creator, last_set: CREATED },
		previous_names: [],
		num_members: 4,
	};
}

export function userJson(
	user: SlackUserSeed,
	teamId: string,
	isBot = false,
): Record<string, unknown> {
	return {
		id: user.id,
		team_id: teamId,
		name: user.name,
		deleted: false,
		real_name: user.realName,
		tz: 'Europe/Berlin',
		tz_label: 'Central European Time',
		tz_offset: 3600,
		profile: {
			real_name: user.realName,
			display_name: user.name,
			real_name_normalized: user.realName,
			display_name_normalized: user.name,
			email: user.email,
			team: teamId,
		},
		is_admin: false,
		is_owner: false,
		is_bot: isBot,
		is_app_user: false,
		updated: CREATED,
	};
}

export class SlackDirectory {
	readonly conversations: Conversation[] = [];
	readonly users: Array<{ seed: SlackUserSeed; json: Record<string, unknown> }> = [];
	private readonly byId = new Map<string, Conversation>();
	private readonly byName = new Map<string, Conversation>();
	private readonly dmByUser = new Map<string, string>();

	constructor(seed: SandboxSeed, teamId: string, bot: SlackUserSeed) {
		this.users.push({ seed: bot, json: userJson(bot, teamId, true) });
		for (const user of seed.slackUsers)
			this.users.push({ seed: user, json: userJson(user, teamId) });
		const creator = seed.slackUsers[0]?.id ?? bot.id;
		for (let index = 0; index < seed.slackChannels; index++) {
			const name =
				index === 0
					? 'general'
					: index === 1
						? 'random'
						: `channel-${String(index + 1).padStart(4, '0')}`;
			this.add({
				type: 'public_channel',
				json: channelJson(conversationId('C', index + 1), name, false, teamId, creator),
			});
		}
		for (let index = 0; index < seed.slackPrivateChannels; index++) {
			const name = `private-${String(index + 1).padStart(2, '0')}`;
			this.add({
				type: 'private_channel',
				json: channelJson(conversationId('G', index + 1), name, true, teamId, creator),
			});
		}
		seed.slackUsers.forEach((user, index) => {
			const id = conversationId('D', index + 1);
			this.dmByUser.set(user.id, id);
			this.add({
				type: 'im',
				json: {
					id,
					created: CREATED,
					is_archived: false,
					is_im: true,
					is_org_shared: false,
					context_team_id: teamId,
					updated: CREATED * 1000,
					user: user.id,
					is_user_deleted: false,
					priority: 0,
				},
			});
		});
	}

	private add(conversation: Conversation): void {
		this.conversations.push(conversation);
		this.byId.set(String(conversation.json.id), conversation);
		if (typeof conversation.json.name === 'string')
			this.byName.set(conversation.json.name, conversation);
	}

	/** Resolves what chat.postMessage accepts as channel: an ID, a #name, or a user ID (their DM). */
	resolveChannel(channel: string): string | undefined {
		const trimmed = channel.trim();
		const dm = this.dmByUser.get(trimmed);
		if (dm) return dm;
		if (this.byId.has(trimmed)) return trimmed;
		const named = this.byName.get(trimmed.replace(/^#/, ''));
		return named ? String(named.json.id) : undefined;
	}

	dmFor(userId: string): string | undefined {
		return this.dmByUser.get(userId);
	}

	findUserByEmail(email: string): Record<string, unknown> | undefined {
		const wanted = email.trim().toLowerCase();
		return this.users.find((user) => user.seed.email.toLowerCase() === wanted)?.json;
	}

	findUser(id: string): Record<string, unknown> | undefined {
		return this.users.find((user) => user.seed.id === id)?.json;
	}
}

export type PageResult<T> =
	{ ok: true; items: T[]; nextCursor: string } | { ok: false; error: string };

/** Slack-style paging: opaque base64 cursors, limit defaults to 100 and is capped at 1000. */
export function paginate<T>(
	items: T[],
	key: (item: T) => string,
	limitText: string | undefined,
	cursor: string | undefined,
): PageResult<T> {
	const requested =
		limitText === undefined || limitText === '' ? 100 : Number.parseInt(limitText, 10);
	if (!Number.isFinite(requested) || requested < 0) return { ok: false, error: 'invalid_limit' };
	const limit = requested === 0 ? 100 : Math.min(requested, 1000);
	let start = 0;
	if (cursor) {
		const decoded = Buffer.from(cursor, 'base64').toString('utf8');
		const match = /^next:(.+)$/.exec(decoded);
		start = match ? items.findIndex((item) => key(item) === match[1]) : -1;
		if (start < 0) return { ok: false, error: 'invalid_cursor' };
	}
	const page = items.slice(start, start + limit);
	const next = items[start + limit];
	return {
		ok: true,
		items: page,
		nextCursor: next ? Buffer.from(`next:${key(next)}`).toString('base64') : '',
	};
}
