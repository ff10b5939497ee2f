// One dispatcher round: claim due / expired / canceled communications in the ledger and wake
// their waiting executions through the resume URL (one call per execution and node), and wake
// the executions of manual tasks past their wait limit.
import type { CommunicationLedger, CommunicationRecord } from '../ledger/types';
import { expireOverdueTasks, type ExpiryAttempt } from '../manual-tasks';

export interface DispatchOptions {
	workerId: string;
	limit?: number;
	timeoutMs?: number;
	/** A wake-up that got lost is retried after this long. */
	redispatchAfterMs?: number;
}

export interface DispatchedExecution {
	resumeUrl: string;
	executionId: string | null;
	nodeName: string | null;
	communications: Array<{
		id: string;
		name: string;
		participantId: string;
		status: string;
		scheduledFor: string | null;
	}>;
	ok: boolean;
	httpStatus: number | null;
	error?: string;
}

// n8n's answers that mean the execution will never wait again: give its communications up.
const GONE =
	/does not exist|has finished|finished with error|could not find node|does not contain a waiting webhook/i;

function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.searchParams.has('signature')) parsed.searchParams.set('signature', '***');
		return parsed.toString();
	} catch {
		return '(invalid URL)';
	}
}

async function wake(
	url: string,
	timeoutMs: number,
): Promise<{ status: number | null; body: string; error?: string }> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'n8n-communication-dispatcher' },
			body: JSON.stringify({ dispatcher: true }),
			signal: AbortSignal.timeout(timeoutMs),
		});
		return { status: response.status, body: await response.text() };
	} catch (error) {
		return { status: null, body: '', error: (error as Error).message };
	}
}

export async function dispatchDue(
	ledger: CommunicationLedger,
	now: Date,
	options: DispatchOptions,
): Promise<DispatchedExecution[]> {
	const rows = await ledger.claimDue(now, options.workerId, options.limit ?? 100, {
		redispatchAfterMs: options.redispatchAfterMs ?? 5 * 60_000,
	});
	const byUrl = new Map<string, CommunicationRecord[]>();
	for (const row of rows) {
		if (!row.resumeUrl) continue;
		byUrl.set(row.resumeUrl, [...(byUrl.get(row.resumeUrl) ?? []), row]);
	}
	const dispatched: DispatchedExecution[] = [];
	for (const [url, group] of byUrl) {
		const answer = await wake(url, options.timeoutMs ?? 30_000);
		const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
		if (!ok) {
			if (answer.status !== null && GONE.test(answer.body)) {
				for (const row of group) {
					await ledger.finish(row.id, 'failed', {
						error: 'The waiting execution no longer exists, so this communication was not sent.',
					});
				}
			} else {
				for (const row of group) await ledger.releaseDispatch(row.id);
			}
		}
		dispatched.push({
			resumeUrl: redactUrl(url),
			executionId: group[0].executionId,
			nodeName: group[0].nodeName,
			communications: group.map((r) => ({
				id: r.id,
				name: r.name,
				participantId: r.participantId,
				status: r.status,
				scheduledFor: r.scheduledFor,
			})),
			ok,
			httpStatus: answer.status,
			...(ok ? {} : { error: answer.error ?? answer.body.slice(0, 500) }),
		});
	}
	return dispatched;
}

/** Wakes a waiting execution (e.g. a Manual Action node); rejects unless it answers 2xx. */
export async function wakeWaitingExecution(url: string, timeoutMs = 30_000): Promise<void> {
	const answer = await wake(url, timeoutMs);
	if (answer.status === null || answer.status >= 300) {
		throw new Error(answer.error ?? `The waiting execution answered HTTP ${answer.status}`);
	}
}

/** Communications first, then manual tasks past their wait limit. */
export async function dispatchRound(
	ledger: CommunicationLedger,
	now: Date,
	options: DispatchOptions,
): Promise<{ communications: DispatchedExecution[]; tasks: ExpiryAttempt[] }> {
	const communications = await dispatchDue(ledger, now, options);
	const tasks = await expireOverdueTasks(
		ledger,
		now,
		async (url) => await wakeWaitingExecution(url, options.timeoutMs),
	);
	return { communications, tasks };
}
