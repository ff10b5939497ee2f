// Slack failures: which clear up on their own (retry), and what the user should do about the others.
import { ProviderError } from '../errors';
import { causeCode, describeNetworkCode, isTimeout } from './http-json';

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

/** One field of an unknown object (SDK errors and answers are untyped). */
export function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[key]
		: undefined;
}

/**
 * Turns whatever the SDK threw into a ProviderError; never includes the token or a URL. `messages`
 * words refusals (by Slack's error code) for the call at hand, before the general wording.
 */
export function slackError(error: unknown, messages: Record<string, string> = {}): ProviderError {
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
		const message =
			messages[platform] ?? PLATFORM_MESSAGES[platform] ?? `Slack refused the request: ${platform}`;
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
		if (original instanceof ProviderError) {
			// From our fetch (createSlackClient): already described, only the timeout is worded for Slack.
			return original.options.code === 'timeout'
				? new ProviderError('Slack did not answer in time', original.options)
				: original;
		}
		// Another fetch's error: the socket's code sits in its cause chain.
		const originalCode = causeCode(original) ?? '';
		const timedOut =
			isTimeout(original) ||
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
