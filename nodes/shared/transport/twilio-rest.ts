// Twilio's REST API for the hot path (creating messages): a form POST with Basic auth over one
// keep-alive connection pool per client, with the credential's base URL, a timeout and the same
// errors as the SDK client (TwilioApiError for an error answer, Node's network error otherwise).
// HTTP_PROXY is honoured for https:// base URLs, as by the Twilio SDK.
import http from 'node:http';
import https from 'node:https';

import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	checkTwilioCredentials,
	parseTwilioBaseUrl,
	TWILIO_CREDENTIAL,
	TWILIO_DEFAULT_TIMEOUT_MS,
	twilioApiError,
	twilioSettingsFrom,
	type TwilioClientOptions,
	type TwilioSettings,
} from './twilio';

/** Form fields in order; undefined values are left out, arrays become repeated fields. */
export type TwilioForm = Array<[string, string | string[] | undefined]>;

export interface TwilioRest {
	/**
	 * POSTs a form to `Accounts/{AccountSid}/{resource}.json` (e.g. resource "Messages") and
	 * resolves with Twilio's JSON answer.
	 */
	postForm(resource: string, form: TwilioForm): Promise<Record<string, unknown>>;
}

// An answer bigger than this is not one of Twilio's: stop reading it.
const MAX_ANSWER_BYTES = 1024 * 1024;
const USER_AGENT = 'n8n-nodes-communication-actions';

function encodeForm(form: TwilioForm): string {
	const params = new URLSearchParams();
	for (const [name, value] of form) {
		if (value === undefined) continue;
		for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
	}
	return params.toString();
}

/** The connection pool; the proxy library is loaded only when a proxy is used, not when n8n loads the node. */
async function agentFor(base: URL): Promise<http.Agent> {
	if (base.protocol === 'http:') return new http.Agent({ keepAlive: true });
	const proxy = process.env.HTTP_PROXY;
	if (!proxy) return new https.Agent({ keepAlive: true });
	const { default: createHttpsProxyAgent } = await import('https-proxy-agent');
	return createHttpsProxyAgent(proxy) as unknown as http.Agent;
}

/** A client for one execution (or resume); its connections are reused across its requests. */
export function createTwilioRest(
	settings: TwilioSettings,
	options: TwilioClientOptions = {},
): TwilioRest {
	checkTwilioCredentials(settings);
	const base = parseTwilioBaseUrl(settings.baseUrl);
	const timeoutMs = options.timeoutMs ?? TWILIO_DEFAULT_TIMEOUT_MS;
	let agent: Promise<http.Agent> | undefined;
	const request = base.protocol === 'http:' ? http.request : https.request;
	const [user, password] =
		settings.authType === 'apiKey'
			? [settings.apiKeySid, settings.apiKeySecret]
			: [settings.accountSid, settings.authToken];
	const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	const prefix = `${base.pathname.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/`;

	return {
		async postForm(resource, form) {
			const body = encodeForm(form);
			const pool = await (agent ??= agentFor(base));
			return await new Promise<Record<string, unknown>>((resolvePromise, reject) => {
				const req = request(
					{
						protocol: base.protocol,
						hostname: base.hostname,
						port: base.port,
						path: `${prefix}${resource}.json`,
						method: 'POST',
						agent: pool,
						headers: {
							authorization,
							accept: 'application/json',
							'content-type': 'application/x-www-form-urlencoded',
							'content-length': Buffer.byteLength(body),
							'user-agent': USER_AGENT,
						},
					},
					(res) => {
						const chunks: Buffer[] = [];
						let size = 0;
						res.on('data', (chunk: Buffer) => {
							size += chunk.length;
							if (size > MAX_ANSWER_BYTES) {
								req.destroy(new Error('The Twilio API answered with more than 1 MB'));
								return;
							}
							chunks.push(chunk);
						});
						res.on('error', reject);
						res.on('end', () => {
							const text = Buffer.concat(chunks).toString('utf8');
							const status = res.statusCode ?? 0;
							if (status < 200 || status >= 300) {
								reject(twilioApiError(status, text, res.headers));
								return;
							}
							try {
								resolvePromise(JSON.parse(text) as Record<string, unknown>);
							} catch {
								reject(new Error(`The Twilio API answered HTTP ${status} with no JSON`));
							}
						});
					},
				);
				// No byte for this long, before or during the answer: give the attempt up.
				req.setTimeout(timeoutMs, () =>
					req.destroy(
						Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: 'ETIMEDOUT' }),
					),
				);
				req.on('error', reject);
				req.end(body);
			});
		},
	};
}

/** The node's Twilio credential and one REST client for it (an execution or a webhook call). */
export async function openTwilio(
	ctx: IExecuteFunctions | IWebhookFunctions,
): Promise<{ rest: TwilioRest; settings: TwilioSettings }> {
	const settings = twilioSettingsFrom(await ctx.getCredentials(TWILIO_CREDENTIAL));
	return { rest: createTwilioRest(settings), settings };
}
