// Slack Web API client (@slack/web-api, loaded lazily): no SDK retries (our send loop retries and
// honours Retry-After exactly), a request timeout, and Slack errors as messages a user can act on.
import type { Logger, LogLevel, WebAPICallResult, WebClient } from '@slack/web-api';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { redactSecrets } from '../errors';
import { networkError } from './http-json';
import { field, slackError } from './slack-errors';

export { slackError } from './slack-errors';

export const SLACK_CREDENTIAL = 'communicationSlackApi';
const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

export interface SlackCredentials {
	botToken: string;
	baseUrl: string;
}

export interface SlackPostResult {
	channel: string;
	ts: string;
}

export type SlackPage = { items: Array<Record<string, unknown>>; nextCursor: string };

const silentLogger = (): Logger => ({
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
	setLevel: () => undefined,
	getLevel: () => 'error' as LogLevel,
	setName: () => undefined,
});

export function slackCredentials(data: ICredentialDataDecryptedObject): SlackCredentials {
	const baseUrl =
		typeof data.baseUrl === 'string' && data.baseUrl.trim()
			? data.baseUrl.trim()
			: 'https://slack.com/api/';
	return { botToken: String(data.botToken ?? '').trim(), baseUrl };
}

export class SlackClient {
	private readonly userIdsByEmail = new Map<string, Promise<string>>();

	constructor(private readonly web: WebClient) {}

	/** One Web API call; `messages` words Slack's refusals (by error code) for this call. */
	private async call(
		method: string,
		args: Record<string, unknown> = {},
		messages: Record<string, string> = {},
	): Promise<WebAPICallResult> {
		try {
			return await this.web.apiCall(method, args);
		} catch (error) {
			throw slackError(error, messages);
		}
	}

	async authTest(): Promise<{ team?: string; user?: string; teamId?: string }> {
		const result = await this.call('auth.test');
		return {
			team: field(result, 'team') as string,
			user: field(result, 'user') as string,
			teamId: field(result, 'team_id') as string,
		};
	}

	async postMessage(args: Record<string, unknown>): Promise<SlackPostResult> {
		const result = await this.call('chat.postMessage', args);
		return {
			channel: String(field(result, 'channel') ?? args.channel ?? ''),
			ts: String(field(result, 'ts') ?? ''),
		};
	}

	/** The user ID for an email (users.lookupByEmail), looked up once per client and email. */
	async userIdByEmail(email: string): Promise<string> {
		const key = email.trim().toLowerCase();
		let pending = this.userIdsByEmail.get(key);
		if (!pending) {
			pending = this.lookupByEmail(email);
			this.userIdsByEmail.set(key, pending);
			// A transient failure must not stay cached: the retry looks the email up again.
			pending.catch(() => this.userIdsByEmail.delete(key));
		}
		return await pending;
	}

	private async lookupByEmail(email: string): Promise<string> {
		const result = await this.call(
			'users.lookupByEmail',
			{ email },
			{
				users_not_found: `No Slack user has the email address '${email}': check the address or invite them to the workspace`,
			},
		);
		return String(field(field(result, 'user'), 'id'));
	}

	async listConversations(
		types: string[],
		cursor: string | undefined,
		limit: number,
	): Promise<SlackPage> {
		const result = await this.call('conversations.list', {
			types: types.join(','),
			exclude_archived: true,
			limit,
			...(cursor ? { cursor } : {}),
		});
		const channels = field(result, 'channels');
		return {
			items: Array.isArray(channels) ? (channels as Array<Record<string, unknown>>) : [],
			nextCursor: String(result.response_metadata?.next_cursor ?? ''),
		};
	}

	async listUsers(cursor: string | undefined, limit: number): Promise<SlackPage> {
		const result = await this.call('users.list', { limit, ...(cursor ? { cursor } : {}) });
		const members = field(result, 'members');
		return {
			items: Array.isArray(members) ? (members as Array<Record<string, unknown>>) : [],
			nextCursor: String(result.response_metadata?.next_cursor ?? ''),
		};
	}
}

/** One client per execution: SDK retries off (rate-limited calls rejected at once), bounded timeout. */
export async function createSlackClient(
	credentials: SlackCredentials,
	timeoutMs: number,
): Promise<SlackClient> {
	const { WebClient: Client } = await import('@slack/web-api');
	const web = new Client(credentials.botToken, {
		slackApiUrl: credentials.baseUrl,
		retryConfig: { retries: 0 },
		rejectRateLimitedCalls: true,
		timeout: timeoutMs,
		logger: silentLogger(),
		// A failure before any answer becomes our network error here, with the socket's code read
		// from fetch's cause chain (the SDK would keep only "fetch failed" for errors of another realm).
		fetch: async (url, init) => {
			try {
				return await fetch(url, init);
			} catch (error) {
				throw networkError('Slack', error, timeoutMs);
			}
		},
	});
	return new SlackClient(web);
}

/** Credential test: auth.test with the given token. */
export async function testSlackCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = slackCredentials(credential.data ?? {});
	if (!credentials.botToken) return { status: 'Error', message: 'Enter the bot token (xoxb-...)' };
	try {
		const client = await createSlackClient(credentials, CREDENTIAL_TEST_TIMEOUT_MS);
		const who = await client.authTest();
		return {
			status: 'OK',
			message: `Connected to ${who.team ?? 'Slack'} as ${who.user ?? 'the bot'}`,
		};
	} catch (error) {
		return {
			status: 'Error',
			message: redactSecrets((error as Error).message, [credentials.botToken]),
		};
	}
}
