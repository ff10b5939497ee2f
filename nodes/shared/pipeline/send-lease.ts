// The send loop's ledger traffic in batches: a chunk of keys is claimed in one transaction just
// before it is sent, and finished leases are ended together, by count or by age.
import type {
	ClaimOutcome,
	LedgerSendLease,
	NewCommunication,
	SendCompletionOf,
} from '../ledger/types';

/** Keys claimed per transaction, and leases ended per transaction at most. */
export const LEASE_BATCH = 50;

/** A finished send waits at most this long (checked when the next one finishes) for its batch. */
export const COMPLETION_MAX_AGE_MS = 200;

export interface LeaseOptions {
	workerId: string;
	leaseMs: number;
	now: () => number;
	batch?: number;
}

/**
 * Claims are taken per chunk of the run's keys, so a chunk is leased only shortly before its sends
 * and a crash leaves its keys leased (never re-sent before the lease ends). A key that already
 * came up earlier in the run is claimed on its own at its turn, after the pending completions are
 * stored, so it sees its first send's outcome as the one-by-one claims did.
 */
export class BatchedLease {
	private readonly chunks = new Map<number, Promise<Array<ClaimOutcome | undefined>>>();

	private readonly repeated: boolean[];

	private pending: SendCompletionOf[] = [];

	private oldestPending = 0;

	private stored: Promise<void> = Promise.resolve();

	private failure: { error: unknown } | undefined;

	private readonly batch: number;

	constructor(
		private readonly ledger: LedgerSendLease,
		private readonly inputs: Array<NewCommunication | undefined>,
		private readonly options: LeaseOptions,
	) {
		this.batch = options.batch ?? LEASE_BATCH;
		const seen = new Set<string>();
		this.repeated = inputs.map((input) => {
			if (!input) return false;
			const again = seen.has(input.idempotencyKey);
			seen.add(input.idempotencyKey);
			return again;
		});
	}

	/** The claim of the task at `position`; undefined for a task without a key. */
	async claim(position: number): Promise<ClaimOutcome | undefined> {
		const input = this.inputs[position];
		if (!input) return undefined;
		if (this.repeated[position]) {
			await this.flush();
			return await this.ledger.claimSend(input, this.options.workerId, this.options.leaseMs);
		}
		const chunk = Math.floor(position / this.batch);
		let claims = this.chunks.get(chunk);
		if (!claims) {
			claims = this.claimChunk(chunk);
			this.chunks.set(chunk, claims);
		}
		const outcomes = await claims;
		const offset = position - chunk * this.batch;
		const outcome = outcomes[offset];
		// Each position is read once: let the claimed rows go as the run moves on.
		outcomes[offset] = undefined;
		return outcome;
	}

	private async claimChunk(chunk: number): Promise<Array<ClaimOutcome | undefined>> {
		const start = chunk * this.batch;
		const positions: number[] = [];
		for (let p = start; p < Math.min(start + this.batch, this.inputs.length); p++)
			if (this.inputs[p] && !this.repeated[p]) positions.push(p);
		const outcomes = await this.ledger.claimSends(
			positions.map((p) => this.inputs[p] as NewCommunication),
			this.options.workerId,
			this.options.leaseMs,
		);
		const byOffset = new Array<ClaimOutcome | undefined>(this.batch);
		positions.forEach((p, i) => (byOffset[p - start] = outcomes[i]));
		return byOffset;
	}

	/** Queues the end of a lease; stored with the batch it joins (see drain for errors). */
	complete(completion: SendCompletionOf): void {
		if (this.pending.length === 0) this.oldestPending = this.options.now();
		this.pending.push(completion);
		const old = this.options.now() - this.oldestPending >= COMPLETION_MAX_AGE_MS;
		if (this.pending.length >= this.batch || old) void this.flush();
	}

	/** Stores every queued completion; rejects with the first storing error of the run. */
	async drain(): Promise<void> {
		await this.flush();
		if (this.failure) throw this.failure.error;
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length > 0) {
			this.stored = this.stored.then(async () => {
				try {
					await this.ledger.completeSends(batch);
				} catch (error) {
					this.failure ??= { error };
				}
			});
		}
		await this.stored;
	}
}
