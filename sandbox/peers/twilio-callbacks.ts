// Posts Twilio-style status callbacks (signed like Twilio does) for messages and calls that asked for them.
import { createHmac } from 'node:crypto';

const STEP_MS = 100;

/** X-Twilio-Signature: HMAC-SHA1 over the URL followed by the sorted POST parameters, keyed by the auth token. */
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

export class StatusCallbacks {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly controller = new AbortController();

	constructor(private readonly authToken: string) {}

	/** Posts one callback per status, in order, a short step apart, so "delivered" follows "sent". */
	schedule(
		url: string,
		statuses: string[],
		params: (status: string) => Record<string, string>,
	): void {
		if (!/^https?:\/\//i.test(url)) return;
		statuses.forEach((status, index) => {
			const timer = setTimeout(
				() => {
					this.timers.delete(timer);
					void this.post(url, params(status));
				},
				STEP_MS * (index + 1),
			);
			this.timers.add(timer);
		});
	}

	private async post(url: string, params: Record<string, string>): Promise<void> {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'X-Twilio-Signature': twilioSignature(this.authToken, url, params),
					'User-Agent': 'TwilioProxy/1.1',
				},
				body: new URLSearchParams(params).toString(),
				signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(5000)]),
			});
			await response.arrayBuffer();
		} catch {
			// Twilio does not retry a failed status callback by default either.
		}
	}

	stop(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.controller.abort();
	}
}
