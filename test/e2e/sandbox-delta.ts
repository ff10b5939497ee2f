// What reached the sandbox between two state snapshots (its lists only grow until a reset).
import type { SandboxState } from '../../sandbox/types';

export interface SandboxDelta {
	mails: SandboxState['mails'];
	sms: SandboxState['sms'];
	calls: SandboxState['calls'];
	slack: SandboxState['slack'];
	telegram: SandboxState['telegram'];
	whatsapp: SandboxState['whatsapp'];
	requests: SandboxState['requests'];
	/** Messages of any channel plus HTTP requests to any peer. */
	total: number;
}

function after<T>(before: T[], now: T[]): T[] {
	// A reset in between empties the lists: then everything now present is new.
	return now.length >= before.length ? now.slice(before.length) : now;
}

export function sandboxDelta(before: SandboxState, now: SandboxState): SandboxDelta {
	const delta = {
		mails: after(before.mails, now.mails),
		sms: after(before.sms, now.sms),
		calls: after(before.calls, now.calls),
		slack: after(before.slack, now.slack),
		telegram: after(before.telegram, now.telegram),
		whatsapp: after(before.whatsapp, now.whatsapp),
		requests: after(before.requests, now.requests),
	};
	const total = Object.values(delta).reduce((sum, list) => sum + list.length, 0);
	return { ...delta, total };
}
