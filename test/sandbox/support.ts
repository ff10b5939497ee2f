// Helpers the sandbox tests share: a Twilio SDK client pointed at the sandbox, and error inspection.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type { Sandbox } from '../../sandbox';

/** Swaps Twilio's public host for the sandbox, the way the node's transport does. */
export class SandboxRequestClient extends RequestClient {
	constructor(private readonly baseUrl: string) {
		super({ timeout: 5_000 });
	}

	request<TData>(opts: RequestClient.RequestOptions<TData>) {
		return super.request<TData>({
			...opts,
			uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.baseUrl),
		});
	}
}

export function sandboxTwilio(sandbox: Sandbox, user?: string, pass?: string): twilio.Twilio {
	const { accountSid, authToken } = sandbox.credentials.twilio;
	return twilio(user ?? accountSid, pass ?? authToken, {
		accountSid,
		httpClient: new SandboxRequestClient(sandbox.urls.twilio),
	});
}

/** Awaits a promise expected to reject and returns the rejection for assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
	try {
		await promise;
	} catch (error) {
		return error as Record<string, unknown>;
	}
	throw new Error('Expected the promise to reject');
}

export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return {
		status: response.status,
		headers: response.headers,
		body: (await response.json()) as Record<string, unknown>,
	};
}
