// Posts Twilio-style status callbacks (signed like Twilio does) for messages and calls that asked for
// them, and the other providers' signed posts, a configurable delay step apart.
import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature: HMAC-SHA1 over the URL followed by the sorted POST parameters, keyed by the auth token.
 * The peer signs with its own implementation, never the node's check, so a mistake in either shows up as a
 * refused callback in the tests.
 */
export function twilioSignature(
	authToken: string,
	url: string,
	params: Record<string, string>,
): string {
	const data = Object.keys(params)
		.sort()
		.reduce((acc, key) => acc + key + params[key], url);
	return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export interface SignedPost {
	headers: Record<string, string>;
	body: string;
}

export class StatusCallbacks {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly controller = new AbortController();

	/** `stepMs`: the delay before the first post and between posts (the seed's callbackDelayMs). */
	constructor(
		private readonly authToken: string,
		private readonly stepMs: () => number,
	) {}

	/** Posts one callback per status, in order, a short step apart, so "delivered" follows "sent". */
	schedule(
		url: string,
		statuses: string[],
		params: (status: string) => Record<string, string>,
	): void {
		if (!/^https?:\/\//i.test(url)) return;
		statuses.forEach((status, index) => {
			this.after(index + 1, async () => {
				await this.deliver(url, this.twilioPost(url, params(status)));
			});
		});
	}

	/** A form POST signed with X-Twilio-Signature, as Twilio sends its webhooks. */
	twilioPost(url: string, params: Record<string, string>): SignedPost {
		return {
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				'X-Twilio-Signature': twilioSignature(this.authToken, url, params),
				'User-Agent': 'TwilioProxy/1.1',
			},
			body: new URLSearchParams(params).toString(),
		};
	}

	/** Runs `action` after `steps` delay steps; stop() cancels what has not run yet. */
	after(steps: number, action: () => Promise<unknown>): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void action();
		}, this.stepMs() * steps);
		this.timers.add(timer);
	}

	/**
	 * POSTs and returns the HTTP status, or 0 when nobody answered (providers do not retry either).
	 * With `redirect: 'manual'` a 3xx answer is returned as it came, not followed.
	 */
	async deliver(
		url: string,
		post: SignedPost,
		redirect: 'follow' | 'manual' = 'follow',
	): Promise<number> {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: post.headers,
				body: post.body,
				redirect,
				signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(5000)]),
			});
			await response.arrayBuffer();
			return response.status;
		} catch {
			return 0;
		}
	}

	stop(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.controller.abort();
	}
}
