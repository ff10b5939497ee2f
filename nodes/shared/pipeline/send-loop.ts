// Sends a batch: bounded concurrency, optional rate, per-item retry with backoff and jitter,
// idempotency through the ledger, async mode; outcomes come back in input order.
import type {
	CommunicationRecord,
	JsonObject,
	LedgerSendLease,
	NewCommunication,
} from '../ledger/types';
import type { RetryDecision, SendSuccess } from '../transport/types';
import { BatchedLease } from './send-lease';
import { backoffDelay, defaultSleep, mapBounded, StartGate } from './send-pacing';
import { processShutdown, type ShutdownSignal } from './shutdown';

export { backoffDelay, mapBounded } from './send-pacing';

export type { RetryDecision, SendSuccess } from '../transport/types';

export interface SendTask<P> {
	itemIndex: number;
	payload: P;
	/** One key, one message: a key the ledger already holds as sent is not sent again. */
	idempotencyKey?: string;
	participantId: string;
	name: string;
	channel: string;
	workflowId?: string | null;
	executionId?: string | null;
	nodeName?: string | null;
}

export type SendOutcome =
	| {
			itemIndex: number;
			kind: 'sent';
			attempts: number;
			value: SendSuccess;
			sentAt: string;
			ledgerId?: string;
	  }
	| { itemIndex: number; kind: 'failed'; attempts: number; error: unknown; ledgerId?: string }
	/** Already sent under this idempotency key (or being sent elsewhere): not sent again. */
	| {
			itemIndex: number;
			kind: 'duplicate';
			attempts: 0;
			record: CommunicationRecord;
			busy: boolean;
	  }
	/** Async mode: accepted for background delivery. */
	| { itemIndex: number; kind: 'queued'; attempts: 0; ledgerId?: string };

/**
 * Thrown by a send that reached some recipients and failed others: the loop retries it when `reason` is
 * transient (the send must then only resend what is missing) and reports `delivered` once no retry is left.
 */
export class PartialDeliveryError extends Error {
	constructor(
		readonly delivered: SendSuccess,
		readonly reason: unknown,
	) {
		super(reason instanceof Error ? reason.message : 'Some recipients were not reached');
		this.name = 'PartialDeliveryError';
	}
}

export const SHUTDOWN_REASON =
	'Not delivered: n8n was shutting down before this background (Async) send started; a re-run sends it.';

/** The only part of the ledger the send loop uses: the send lease. */
export type SendLedger = LedgerSendLease;

export interface SendLoopOptions {
	concurrency: number;
	/** Start at most this many sends per second (0 or undefined: no limit). */
	maxPerSecond?: number;
	/** Retries after the first attempt for errors classify() marks transient. */
	retryCount: number;
	classify: (error: unknown) => RetryDecision;
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** A provider asking for a longer wait than this fails the item instead of stalling the run. */
	maxRetryAfterMs?: number;
	ledger?: SendLedger;
	workerId?: string;
	leaseMs?: number;
	/** Return `queued` at once and deliver in the background (requires a ledger for results). */
	async?: boolean;
	/** Async mode: once stopping, background sends not yet started are recorded failed, not sent. Default: the process's. */
	shutdown?: ShutdownSignal;
	/** Result to store in the ledger for a sent item (the node's communication object). */
	describeSent?: (task: SendTask<unknown>, outcome: SendOutcome) => JsonObject;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
}

export interface SendLoopRun {
	outcomes: SendOutcome[];
	/** Settles when background (async mode) delivery has finished; resolved at once otherwise. */
	background: Promise<SendOutcome[]>;
}

/** The ledger row a task's idempotency claim inserts. */
export function claimInput<P>(task: SendTask<P>): NewCommunication {
	return {
		idempotencyKey: task.idempotencyKey ?? '',
		participantId: task.participantId,
		name: task.name,
		channel: task.channel,
		workflowId: task.workflowId ?? null,
		executionId: task.executionId ?? null,
		nodeName: task.nodeName ?? null,
		itemIndex: task.itemIndex,
	};
}

export async function runSendLoop<P>(
	tasks: Array<SendTask<P>>,
	send: (payload: P, attempt: number, task: SendTask<P>) => Promise<SendSuccess>,
	options: SendLoopOptions,
): Promise<SendLoopRun> {
	const sleep = options.sleep ?? defaultSleep;
	const random = options.random ?? Math.random;
	const now = options.now ?? Date.now;
	const base = options.baseDelayMs ?? 500;
	const max = options.maxDelayMs ?? 10_000;
	const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
	const gate = new StartGate(options.maxPerSecond ? 1000 / options.maxPerSecond : 0, now, sleep);
	const { ledger } = options;
	const workerId = options.workerId ?? `worker-${process.pid}`;
	const leaseMs = options.leaseMs ?? 10 * 60_000;

	const attemptWithRetries = async (task: SendTask<P>): Promise<SendOutcome> => {
		let attempt = 0;
		for (;;) {
			attempt++;
			await gate.pass();
			try {
				const value = await send(task.payload, attempt, task);
				return {
					itemIndex: task.itemIndex,
					kind: 'sent',
					attempts: attempt,
					value,
					sentAt: new Date(now()).toISOString(),
				};
			} catch (error) {
				const partial = error instanceof PartialDeliveryError ? error : undefined;
				const decision = options.classify(partial ? partial.reason : error);
				const tooLong =
					decision.retryAfterMs !== undefined && decision.retryAfterMs > maxRetryAfter;
				if (!decision.retry || attempt > options.retryCount || tooLong) {
					if (partial)
						return {
							itemIndex: task.itemIndex,
							kind: 'sent',
							attempts: attempt,
							value: partial.delivered,
							sentAt: new Date(now()).toISOString(),
						};
					return { itemIndex: task.itemIndex, kind: 'failed', attempts: attempt, error };
				}
				await sleep(decision.retryAfterMs ?? backoffDelay(attempt, base, max, random));
			}
		}
	};

	const lease = ledger
		? new BatchedLease(
				ledger,
				tasks.map((task) => (task.idempotencyKey ? claimInput(task) : undefined)),
				{ workerId, leaseMs, now },
			)
		: undefined;

	const deliver = async (
		task: SendTask<P>,
		ledgerId?: string,
		abandoned?: SendOutcome,
	): Promise<SendOutcome> => {
		const outcome = abandoned ?? (await attemptWithRetries(task));
		if (lease && ledgerId) {
			lease.complete({
				id: ledgerId,
				status: outcome.kind === 'sent' ? (outcome.value.status ?? 'sent') : 'failed',
				result:
					options.describeSent?.(task as SendTask<unknown>, outcome) ??
					(abandoned ? { status: 'failed', error: SHUTDOWN_REASON } : null),
				providerMessageId:
					outcome.kind === 'sent' ? (outcome.value.providerMessageId ?? null) : null,
				attempts: outcome.attempts,
			});
		}
		return { ...outcome, ledgerId } as SendOutcome;
	};

	const claim = async (
		task: SendTask<P>,
		position: number,
	): Promise<SendOutcome | { claimed: string | undefined }> => {
		const claimOutcome = await lease?.claim(position);
		if (!claimOutcome) return { claimed: undefined };
		if (claimOutcome.state === 'claimed') return { claimed: claimOutcome.record.id };
		return {
			itemIndex: task.itemIndex,
			kind: 'duplicate',
			attempts: 0,
			record: claimOutcome.record,
			busy: claimOutcome.state === 'busy',
		};
	};

	if (!options.async) {
		const outcomes = await mapBounded(tasks, options.concurrency, async (task, position) => {
			const claimed = await claim(task, position);
			if ('kind' in claimed) return claimed;
			return await deliver(task, claimed.claimed);
		});
		await lease?.drain();
		return { outcomes, background: Promise.resolve(outcomes) };
	}

	// Async: claim synchronously (so a re-run still sees the keys), deliver in the background.
	const claims = await mapBounded(tasks, options.concurrency, claim);
	const outcomes: SendOutcome[] = claims.map((c, i) =>
		'kind' in c
			? c
			: { itemIndex: tasks[i].itemIndex, kind: 'queued', attempts: 0, ledgerId: c.claimed },
	);
	const pending = tasks.flatMap((task, i) => {
		const outcome = outcomes[i];
		return outcome.kind === 'queued' ? [{ task, ledgerId: outcome.ledgerId }] : [];
	});
	const shutdown = options.shutdown ?? processShutdown();
	const background = (async () => {
		const delivered = await mapBounded(
			pending,
			options.concurrency,
			// A send started after the process was told to stop could be cut off by its exit:
			// it is recorded as not delivered instead.
			async ({ task, ledgerId }) =>
				await deliver(
					task,
					ledgerId,
					shutdown.stopping
						? {
								itemIndex: task.itemIndex,
								kind: 'failed',
								attempts: 0,
								error: new Error(SHUTDOWN_REASON),
							}
						: undefined,
				),
		);
		await lease?.drain();
		return delivered;
	})();
	return { outcomes, background };
}
