import { ProviderError } from '../../nodes/shared/errors';
import { parseHttpUrl, parseHttpUrlList } from '../../nodes/shared/http-url';
import { optOutFlag } from '../../nodes/shared/recipients/phone-fields';
import {
	classifyTwilioError,
	createTwilioClient,
	describeTwilioError,
	rewriteTwilioUri,
	TwilioApiError,
	twilioSecrets,
	twilioSettingsFrom,
} from '../../nodes/shared/transport/twilio';
import { retryAfterMsFrom } from '../../nodes/shared/transport/twilio-errors';

const apiError = (status: number, code?: number, retryAfterMs?: number) =>
	new TwilioApiError('Twilio text', status, code, undefined, retryAfterMs);

describe('rewriteTwilioUri', () => {
	const base = new URL('http://127.0.0.1:4010/twilio/');

	it('replaces any Twilio host with the base URL and keeps path and query', () => {
		expect(rewriteTwilioUri('https://api.twilio.com/2010-04-01/Accounts/AC1.json?x=1', base)).toBe(
			'http://127.0.0.1:4010/twilio/2010-04-01/Accounts/AC1.json?x=1',
		);
		expect(rewriteTwilioUri('https://api.sydney.au1.twilio.com/2010-04-01/Calls.json', base)).toBe(
			'http://127.0.0.1:4010/twilio/2010-04-01/Calls.json',
		);
	});

	it('leaves other hosts alone', () => {
		expect(rewriteTwilioUri('https://example.com/a', base)).toBe('https://example.com/a');
		expect(rewriteTwilioUri('https://nottwilio.com/a', base)).toBe('https://nottwilio.com/a');
	});
});

describe('classifyTwilioError', () => {
	it.each([
		['429 with Retry-After', apiError(429, 20429, 2000), { retry: true, retryAfterMs: 2000 }],
		['500', apiError(500, 20500), { retry: true, retryAfterMs: undefined }],
		['503', apiError(503), { retry: true, retryAfterMs: undefined }],
		['400 invalid number 21211', apiError(400, 21211), { retry: false, retryAfterMs: undefined }],
		['401 auth', apiError(401, 20003), { retry: false, retryAfterMs: undefined }],
		[
			'connection reset',
			Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
			{ retry: true },
		],
		[
			'timeout',
			Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED' }),
			{ retry: true },
		],
		['socket hang up', new Error('socket hang up'), { retry: true }],
		['programming error', new TypeError('x is undefined'), { retry: false }],
	])('%s', (_label, error, expected) => {
		expect(classifyTwilioError(error)).toEqual(expected);
	});

	it('keeps the decision of an already described error', () => {
		expect(classifyTwilioError(describeTwilioError(apiError(429, 20429, 1500)))).toEqual({
			retry: true,
			retryAfterMs: 1500,
		});
	});
});

describe('describeTwilioError', () => {
	it('says what to do for known codes and keeps Twilio’s own text', () => {
		const error = describeTwilioError(apiError(400, 21610));
		expect(error).toBeInstanceOf(ProviderError);
		expect(error.message).toMatch(
			/^The recipient has opted out .* \(21610\)\..* Twilio said: Twilio text \(code 21610\)$/,
		);
		expect(error.options).toMatchObject({ transient: false, httpCode: '400', code: 21610 });
	});

	it('describes network failures without the raw code in the message', () => {
		const error = describeTwilioError(
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
		);
		expect(error.message).toBe(
			'Could not connect to the Twilio API (connection refused). Check the API Base URL of the Twilio credential.',
		);
		expect(error.options).toMatchObject({
			transient: true,
			description: 'Network error code: ECONNREFUSED',
		});
	});
});

describe('retryAfterMsFrom', () => {
	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMsFrom('3')).toBe(3000);
		expect(retryAfterMsFrom(['1.5'])).toBe(1500);
		expect(retryAfterMsFrom(undefined)).toBeUndefined();
		const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
		expect(retryAfterMsFrom(inTwoSeconds)).toBeGreaterThan(0);
		expect(retryAfterMsFrom(inTwoSeconds)).toBeLessThanOrEqual(2000);
	});
});

describe('Twilio settings and client', () => {
	const sid = `AC${'a'.repeat(32)}`;

	it('defaults the base URL and lists only the secrets', () => {
		const settings = twilioSettingsFrom({
			accountSid: ` ${sid} `,
			authToken: 'token-1234',
			apiKeySecret: '',
		});
		expect(settings).toMatchObject({
			accountSid: sid,
			authType: 'authToken',
			baseUrl: 'https://api.twilio.com',
		});
		expect(twilioSecrets(settings)).toEqual(['token-1234']);
	});

	it.each([
		[{ accountSid: 'SK123', authToken: 't' }, /Account SID .* must look like AC/],
		[{ accountSid: sid, authToken: '' }, /has no Auth Token/],
		[
			{ accountSid: sid, authType: 'apiKey', apiKeySid: 'SK1' },
			/fill in API Key SID and API Key Secret/,
		],
		[{ accountSid: sid, authToken: 't', baseUrl: 'ftp://x' }, /must start with https:\/\//],
		[{ accountSid: sid, authToken: 't', baseUrl: 'not a url' }, /is not a URL/],
	])('refuses a misconfigured credential %#', async (data, message) => {
		await expect(createTwilioClient(twilioSettingsFrom(data))).rejects.toThrow(message);
	});
});

describe('URL and opt-out helpers', () => {
	it('reads link lists from text (commas inside URLs survive) and arrays', () => {
		expect(
			parseHttpUrlList(
				'Media',
				'https://a.example/x,y.jpg, https://b.example/z.png\nhttps://a.example/x,y.jpg',
			),
		).toEqual(['https://a.example/x,y.jpg', 'https://b.example/z.png']);
		expect(
			parseHttpUrlList('Media', ['https://a.example/1', { url: 'https://a.example/2' }, '']),
		).toEqual(['https://a.example/1', 'https://a.example/2']);
		expect(() => parseHttpUrlList('Media', 'https://ok.example, ftp://bad.example')).toThrow(
			"Media entry 'ftp://bad.example' must be an http or https link",
		);
		expect(() => parseHttpUrl('Link', 'javascript:alert(1)')).toThrow(
			"Link 'javascript:alert(1)' must be an http or https link",
		);
	});

	it('treats true, "true", "yes" and 1 as set', () => {
		expect(optOutFlag({ dnd: 'TRUE' }, ['dnd', 'sms_opt_out'])).toBe('dnd');
		expect(optOutFlag({ sms_opt_out: 1 }, ['dnd', 'sms_opt_out'])).toBe('sms_opt_out');
		expect(optOutFlag({ dnd: false, sms_opt_out: 'no' }, ['dnd', 'sms_opt_out'])).toBeUndefined();
	});
});
