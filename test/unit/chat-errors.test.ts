// Provider error mapping for Slack, Telegram and WhatsApp: message, retry decision and wait.
import { parseRetryAfter } from '../../nodes/shared/transport/http-json';
import { retryDecisionFor } from '../../nodes/shared/transport/retry';
import { slackError } from '../../nodes/shared/transport/slack';
import { telegramError } from '../../nodes/shared/transport/telegram';
import { whatsAppError } from '../../nodes/shared/transport/whatsapp';

const graph = (
	code: number,
	details = 'details from Meta',
	extra: Record<string, unknown> = {},
) => ({
	error: {
		message: `(#${code}) Title`,
		type: 'OAuthException',
		code,
		error_data: { messaging_product: 'whatsapp', details },
		...extra,
	},
});

describe('whatsAppError', () => {
	it.each([
		[
			400,
			132001,
			false,
			'The template does not exist in this language or is not approved yet (details from Meta)',
		],
		[
			400,
			132000,
			false,
			'The number of template parameters does not match the template (details from Meta)',
		],
		[400, 131026, false, 'The recipient cannot receive WhatsApp messages'],
		[400, 131047, false, 'More than 24 hours have passed since the contact last replied'],
		[401, 190, false, 'The WhatsApp access token is invalid or has expired'],
		[400, 132015, false, 'The template is paused'],
		[400, 131008, false, 'A required template parameter is missing (details from Meta)'],
		[429, 130429, true, 'WhatsApp Cloud API throughput limit reached'],
		[400, 131056, true, 'Too many messages to the same recipient in a short time'],
		[400, 4, true, 'WhatsApp rate limit reached for this app or business account'],
		[400, 80007, true, 'WhatsApp rate limit reached for this app or business account'],
		[500, 131000, true, 'WhatsApp Cloud API is temporarily unavailable (500)'],
		[400, 999999, false, 'WhatsApp refused the message: (#999999) Title'],
	])('HTTP %i code %i: transient %s, "%s"', (status, code, transient, message) => {
		const error = whatsAppError(status, graph(code));
		expect(error.message).toContain(message);
		expect(retryDecisionFor(error)).toEqual({ retry: transient, retryAfterMs: undefined });
		expect(error.options.code).toBe(code);
	});

	it('passes a Retry-After wait through and treats is_transient as retryable', () => {
		expect(retryDecisionFor(whatsAppError(429, graph(130429), 2000))).toEqual({
			retry: true,
			retryAfterMs: 2000,
		});
		expect(
			retryDecisionFor(whatsAppError(400, graph(12345, 'x', { is_transient: true }))).retry,
		).toBe(true);
	});

	it('copes with a non-Graph body (a proxy page)', () => {
		const error = whatsAppError(502, '<html>Bad gateway</html>');
		expect(error.message).toBe('WhatsApp Cloud API is temporarily unavailable (502)');
		expect(error.transient).toBe(true);
	});
});

describe('telegramError', () => {
	const body = (error_code: number, description: string, parameters?: Record<string, unknown>) => ({
		ok: false,
		error_code,
		description,
		parameters,
	});

	it.each([
		[403, 'Forbidden: bot was blocked by the user', false, 'The contact has blocked the bot'],
		[
			403,
			"Forbidden: bot can't initiate conversation with a user",
			false,
			'must start a conversation with the bot first',
		],
		[400, 'Bad Request: chat not found', false, 'Telegram does not know this chat'],
		[
			400,
			'Bad Request: can\'t parse entities: Unsupported start tag "x"',
			false,
			'Telegram could not parse the message formatting',
		],
		[401, 'Unauthorized', false, 'Telegram rejected the bot token (401 Unauthorized)'],
		[502, 'Bad Gateway', true, 'Telegram is temporarily unavailable (502)'],
		[
			400,
			'Bad Request: message is too long',
			false,
			'Telegram refused the message: Bad Request: message is too long',
		],
	])('HTTP %i "%s": transient %s', (status, description, transient, message) => {
		const error = telegramError(status, body(status, description));
		expect(error.message).toContain(message);
		expect(error.transient).toBe(transient);
	});

	it('waits parameters.retry_after seconds on 429, else a Retry-After header', () => {
		expect(
			retryDecisionFor(
				telegramError(429, body(429, 'Too Many Requests: retry after 7', { retry_after: 7 })),
			),
		).toEqual({ retry: true, retryAfterMs: 7000 });
		expect(retryDecisionFor(telegramError(429, 'slow down', 3000))).toEqual({
			retry: true,
			retryAfterMs: 3000,
		});
	});

	it('names the new chat ID of a group that became a supergroup', () => {
		expect(
			telegramError(
				400,
				body(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
					migrate_to_chat_id: -1001234,
				}),
			).message,
		).toContain('-1001234');
	});
});

describe('slackError', () => {
	const platform = (error: string, extra: Record<string, unknown> = {}) =>
		Object.assign(new Error(`An API error occurred: ${error}`), {
			code: 'slack_webapi_platform_error',
			data: { ok: false, error, ...extra },
		});

	it.each([
		['channel_not_found', false, 'Slack channel not found'],
		['not_in_channel', false, 'The Slack app is not a member of this channel'],
		['invalid_auth', false, 'Slack rejected the bot token (invalid_auth)'],
		['token_revoked', false, 'Slack rejected the bot token (token_revoked)'],
		['internal_error', true, 'Slack is temporarily unavailable (internal_error)'],
		['something_new', false, 'Slack refused the request: something_new'],
	])('%s: transient %s', (code, transient, message) => {
		const error = slackError(platform(code));
		expect(error.message).toContain(message);
		expect(error.transient).toBe(transient);
	});

	it('names the missing scope', () => {
		expect(slackError(platform('missing_scope', { needed: 'users:read.email' })).message).toContain(
			"'users:read.email'",
		);
	});

	it('maps the SDK rate-limit error to its exact wait', () => {
		const limited = Object.assign(new Error('A rate-limit has been reached'), {
			code: 'slack_webapi_rate_limited_error',
			retryAfter: 3,
		});
		expect(retryDecisionFor(slackError(limited))).toEqual({ retry: true, retryAfterMs: 3000 });
	});

	it('treats HTTP 5xx and request errors as transient, other HTTP errors as final', () => {
		const http = (statusCode: number) =>
			Object.assign(new Error('HTTP'), { code: 'slack_webapi_http_error', statusCode });
		expect(slackError(http(503)).transient).toBe(true);
		expect(slackError(http(404)).transient).toBe(false);
		const reset = Object.assign(new Error('A request error occurred: socket hang up'), {
			code: 'slack_webapi_request_error',
			original: { code: 'ECONNRESET' },
		});
		expect(slackError(reset).message).toBe('Could not reach Slack: the connection was dropped');
		expect(slackError(reset).transient).toBe(true);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates, ignores garbage', () => {
		const now = Date.parse('2025-01-01T00:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(null, now)).toBeUndefined();
	});
});
