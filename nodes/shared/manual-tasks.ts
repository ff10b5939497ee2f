// Manual tasks across executions: the per-task secret that guards the task page; the wait limit and
// cancellation, both closing tasks in the ledger and waking the waiting execution to continue.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type { CommunicationLedger, ManualTask } from './ledger/types';

/** A random token for a task link (only its hash is stored). */
export function newTaskToken(): string {
	return randomBytes(24).toString('base64url');
}

export function hashTaskToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function taskTokenMatches(presented: unknown, storedHash: unknown): boolean {
	if (typeof presented !== 'string' || presented === '' || typeof storedHash !== 'string')
		return false;
	const expected = Buffer.from(storedHash, 'hex');
	const actual = Buffer.from(hashTaskToken(presented), 'hex');
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The instant after which an open task times out, or null without a wait limit. */
export function taskDeadline(task: Pick<ManualTask, 'data'>): Date | null {
	const deadline = task.data.deadline;
	if (typeof deadline !== 'string') return null;
	const time = Date.parse(deadline);
	return Number.isNaN(time) ? null : new Date(time);
}

export function isOverdue(task: Pick<ManualTask, 'data' | 'status'>, now: Date): boolean {
	const deadline = taskDeadline(task);
	return task.status === 'open' && deadline !== null && deadline.getTime() <= now.getTime();
}

/** The waiting node a task belongs to: one wake-up serves all of its tasks. */
function waitingNodeOf(task: ManualTask): string {
	return `${task.executionId ?? task.resumeUrl}:${String(task.data.nodeId ?? '')}`;
}

export interface ExpiryAttempt {
	taskId: string;
	executionId: string | null;
	ok: boolean;
	/** The wake-up failed for too long: the task was closed as timed out without its execution. */
	givenUp: boolean;
	error?: string;
}

export interface ExpireOptions {
	/** How long after the deadline failed wake-ups are retried before the task is given up. */
	giveUpAfterMs?: number;
}

/**
 * For the dispatcher's poll: wakes the execution of every open task past its wait limit. The
 * woken node (its webhook) closes the task as timed out and continues the workflow, so a failed
 * wake-up leaves the task open and the next round tries again. `wake` must POST to the URL.
 */
export async function expireOverdueTasks(
	ledger: CommunicationLedger,
	now: Date,
	wake: (resumeUrl: string) => Promise<void>,
	options: ExpireOptions = {},
): Promise<ExpiryAttempt[]> {
	const giveUpAfterMs = options.giveUpAfterMs ?? 24 * 60 * 60_000;
	const overdue = (await ledger.listTasks({ status: 'open' })).filter((task) =>
		isOverdue(task, now),
	);
	const attempts: ExpiryAttempt[] = [];
	const woken = new Set<string>();
	for (const task of overdue) {
		if (!task.resumeUrl) continue;
		// One wake-up per waiting node: it expires all of its overdue tasks at once.
		const waiting = waitingNodeOf(task);
		if (woken.has(waiting)) continue;
		woken.add(waiting);
		try {
			await wake(task.resumeUrl);
			attempts.push({ taskId: task.id, executionId: task.executionId, ok: true, givenUp: false });
		} catch (error) {
			const late = now.getTime() - (taskDeadline(task)?.getTime() ?? now.getTime());
			const givenUp = late >= giveUpAfterMs;
			if (givenUp) await ledger.closeTask(task.id, { status: 'timed_out', outcome: 'timed_out' });
			attempts.push({
				taskId: task.id,
				executionId: task.executionId,
				ok: false,
				givenUp,
				error: (error as Error).message,
			});
		}
	}
	return attempts;
}

export interface CanceledTasks {
	count: number;
	ids: string[];
	/** One entry per waiting node that was woken to continue without the canceled tasks. */
	waitingExecutions: Array<{ executionId: string | null; resumed: boolean; error?: string }>;
}

export interface CancelTaskOptions {
	/** The closed tasks' outcome (default 'canceled'; 'replied' for Stop on Response). */
	outcome?: string;
	/** Closes only the open tasks this accepts (default: all of them). */
	only?: (task: ManualTask) => boolean;
}

/**
 * Closes the participant's open tasks as canceled, then wakes each waiting node once, as the
 * dispatcher does for an expired task: the node re-reads the ledger and continues once none of its
 * tasks is open (with other tasks still open, it keeps waiting). `wake` must POST to the URL.
 */
export async function cancelOpenTasks(
	ledger: CommunicationLedger,
	participantId: string,
	wake: (resumeUrl: string) => Promise<void>,
	options: CancelTaskOptions = {},
): Promise<CanceledTasks> {
	const closed: ManualTask[] = [];
	for (const task of await ledger.listTasks({ participantId, status: 'open' })) {
		if (options.only && !options.only(task)) continue;
		const outcome = options.outcome ?? 'canceled';
		const done = await ledger.closeTask(task.id, { status: 'canceled', outcome });
		if (done) closed.push(done);
	}
	const waitingExecutions: CanceledTasks['waitingExecutions'] = [];
	const woken = new Set<string>();
	for (const task of closed) {
		if (!task.resumeUrl || woken.has(waitingNodeOf(task))) continue;
		woken.add(waitingNodeOf(task));
		try {
			await wake(task.resumeUrl);
			waitingExecutions.push({ executionId: task.executionId, resumed: true });
		} catch (error) {
			waitingExecutions.push({
				executionId: task.executionId,
				resumed: false,
				error: (error as Error).message,
			});
		}
	}
	return { count: closed.length, ids: closed.map((t) => t.id), waitingExecutions };
}
