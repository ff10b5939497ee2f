// Follows a placed call until it is known who answered (person, machine, nobody).
import { describeTwilioError, type TwilioClient } from '../shared/transport/twilio';

import type { CallPayload } from './calls';

export type AnsweredBy = 'human' | 'machine' | 'no-answer' | 'unknown';

interface CallSnapshot {
	status: string;
	answeredBy: string | null;
}

export interface WatchOptions {
	pollIntervalMs?: number;
	/** How long after the call's own ring timeout we keep watching (detection and greetings take time). */
	graceMs?: number;
	sleep?: (ms: number) => Promise<void>;
}

const NOT_ANSWERED = new Set(['busy', 'no-answer', 'failed', 'canceled']);
const FINISHED = new Set(['completed', ...NOT_ANSWERED]);
const MAX_POLL_ERRORS = 3;
const sleepFor = async (ms: number) =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Twilio's AnsweredBy (human, machine_end_beep, fax ...) and call status, in the output's terms. */
export function classifyAnswer(snapshot: CallSnapshot): AnsweredBy {
	const raw = (snapshot.answeredBy ?? '').toLowerCase();
	if (raw === 'human') return 'human';
	if (raw.startsWith('machine') || raw === 'fax') return 'machine';
	if (NOT_ANSWERED.has(snapshot.status)) return 'no-answer';
	return 'unknown';
}

function messageOf(error: unknown): string {
	return describeTwilioError(error).message;
}

/** Polls the call resource; never throws (the call exists, so a retry would ring again). */
export async function watchCall(
	client: TwilioClient,
	sid: string,
	payload: CallPayload,
	options: WatchOptions,
	warnings: string[],
): Promise<CallSnapshot> {
	const sleep = options.sleep ?? sleepFor;
	const deadline = Date.now() + payload.request.timeout * 1000 + (options.graceMs ?? 60_000);
	const detecting = payload.request.machineDetection !== undefined;
	let last: CallSnapshot = { status: 'queued', answeredBy: null };
	let errors = 0;
	for (;;) {
		try {
			const call = await client.calls(sid).fetch();
			last = { status: call.status, answeredBy: call.answeredBy ?? null };
			errors = 0;
			if (last.answeredBy || FINISHED.has(last.status)) return last;
			// Without detection, "in progress" is all we will learn: somebody answered.
			if (!detecting && last.status === 'in-progress') return last;
		} catch (error) {
			if (++errors >= MAX_POLL_ERRORS) {
				warnings.push(`Could not follow the call to see who answered: ${messageOf(error)}`);
				return last;
			}
		}
		if (Date.now() >= deadline) {
			warnings.push('Stopped waiting before it was known who answered the call.');
			return last;
		}
		await sleep(options.pollIntervalMs ?? 1000);
	}
}
