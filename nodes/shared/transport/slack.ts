// Slack Web API client (@slack/web-api, loaded lazily): no SDK retries (our send loop retries and
// honours Retry-After exactly), a request timeout, and Slack errors as messages a user can act on.
import type { Logger, LogLevel, WebAPICallResult, WebClient } from '@slack/web-api';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { ProviderError, redactSecrets } from '../errors';
import { describeNetworkCode } from './http-json';

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

// Slack answers these over HTTP 200 with ok:false; they clear up on their own.
const TRANSIENT_PLATFORM_ERRORS = new Set([
	'ratelimited',
	'internal_error',
	'fatal_error',
	'service_unavailable',
	'request_timeout',
]);
const AUTH_ERRORS = new Set([
	'invalid_auth',
	'not_authed',
	'account_inactive',
	'token_revoked',
	'token_expired',
	'no_permission',
]);
const PLATFORM_MESSAGES: Record<string, string> = {
	channel_not_found:
		'Slack channel not found: check the channel; for a private channel, invite the app first (/invite @your-app)',
	not_in_channel: 'The Slack app is not a member of this channel: invite it with /invite @your-app',
	is_archived: 'The Slack channel is archived: unarchive it or pick another channel',
	user_not_found: 'Slack user not found: check the user ID',
	users_not_found: 'No Slack user has this email address',
	user_disabled: 'The Slack user is deactivated',
	cannot_dm_bot: 'Slack does not allow direct messages to a bot user',
	messages_tab_disabled:
		"The user's Messages tab for this app is disabled, so the app cannot send them direct messages",
	invalid_blocks: "Slack rejected the Block Kit JSON: check it in Slack's Block Kit Builder",
	invalid_blocks_format:
		'Slack rejected the Block Kit JSON: blocks must be an array of block objects',
	msg_too_long: 'The message is too long for Slack (40,000 characters at most)',
	no_text: 'The message is empty: enter text or blocks',
	restricted_action: 'A workspace setting stops the app from posting in this channel',
	team_access_not_granted: 'The token has no access to this workspace',
};

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

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[key]
		: undefined;
}

/** Turns whatever the SDK threw into a ProviderError; never includes the token or a URL. */
export function slackError(error: unknown): ProviderError {
	if (error instanceof ProviderError) return error;
	const code = field(error, 'code');
	if (code === 'slack_webapi_rate_limited_error') {
		const seconds = Number(field(error, 'retryAfter'));
		return new ProviderError('Slack rate limit reached (429)', {
			transient: true,
			retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined,
			httpCode: '429',
			code: 'ratelimited',
		});
	}
	if (code === 'slack_webapi_platform_error') {
		const platform = String(field(field(error, 'data'), 'error') ?? 'unknown_error');
		const needed = field(field(error, 'data'), 'needed');
		const options = { httpCode: '200', code: platform, description: `Slack answered: ${platform}` };
		if (TRANSIENT_PLATFORM_ERRORS.has(platform)) {
			return new ProviderError(`Slack is temporarily unavailable (${platform})`, {
				...options,
				transient: true,
			});
		}
		if (AUTH_ERRORS.has(platform)) {
			return new ProviderError(
				`Slack rejected the bot token (${platform}): check the token in the Slack credential`,
				{ ...options, transient: false },
			);
		}
		if (platform === 'missing_scope') {
			const scope = typeof needed === 'string' ? ` '${needed}'` : '';
			return new ProviderError(
				`The Slack app lacks the scope${scope}: add it under OAuth & Permissions and reinstall the app`,
				{ ...options, transient: false },
			);
		}
		const message = PLATFORM_MESSAGES[platform] ?? `Slack refused the request: ${platform}`;
		return new ProviderError(message, { ...options, transient: false });
	}
	if (code === 'slack_webapi_http_error') {
		const status = Number(field(error, 'statusCode'));
		return new ProviderError(`Slack answered HTTP ${status}`, {
			transient: status >= 500 || status === 408,
			httpCode: String(status),
			code: status,
			description: status === 404 ? 'Check the API Base URL in the Slack credential' : undefined,
		});
	}
	if (code === 'slack_webapi_request_error') {
		const original = field(error, 'original');
		const originalCode = String(field(original, 'code') ?? '');
		const timedOut =
			originalCode === 'ECONNABORTED' ||
			originalCode === 'ETIMEDOUT' ||
			/timeout/i.test(String(field(original, 'message') ?? ''));
		return new ProviderError(
			timedOut
				? 'Slack did not answer in time'
				: `Could not reach Slack: ${describeNetworkCode(originalCode)}`,
			{
				transient: true,
				code: timedOut ? 'timeout' : 'network_error',
				description: `No answer arrived${originalCode ? ` (${originalCode})` : ''}. Check the API Base URL in the Slack credential and your network; raise the Request Timeout option if Slack is slow.`,
			},
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	// A 429 without a usable Retry-After: wait with our own backoff.
	if (/rate limit|retry header/i.test(message)) {
		return new ProviderError('Slack rate limit reached (429)', {
			transient: true,
			httpCode: '429',
			code: 'ratelimited',
		});
	}
	return new ProviderError(
		`Slack request failed: ${message.replace(/\(url: [^)]*\)/g, '').trim()}`,
		{ transient: false },
	);
}

export class SlackClient {
	private readonly userIdsByEmail = new Map<string, Promise<string>>();

	constructor(private readonly web: WebClient) {}

	private async call(
		method: string,
		args: Record<string, unknown> = {},
	): Promise<WebAPICallResult> {
		try {
			return await this.web.apiCall(method, args);
		} catch (error) {
			throw slackError(error);
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
		try {
			const result = await this.call('users.lookupByEmail', { email });
			return String(field(field(result, 'user'), 'id'));
		} catch (error) {
			if (error instanceof ProviderError && error.options.code === 'users_not_found') {
				throw new ProviderError(
					`No Slack user has the email address '${email}': check the address or invite them to the workspace`,
					error.options,
				);
			}
			throw error;
		}
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
