// The communication ledger's contract: cross-execution state shared by every node, with an
// embedded SQLite backend and a PostgreSQL backend that must behave identically.
import type { JsonObject } from './json';
import type {
	CallLogEntry,
	DeliveryEvent,
	ManualTask,
	NewCallLogEntry,
	NewManualTask,
	ParticipantProfile,
	ProfilePathWrite,
	RateLimitResult,
	TaskStatus,
} from './records';

export type { JsonObject, JsonValue } from './json';
export type * from './records';

/** planned -> (claimed for dispatch) -> active -> sent | failed | canceled | expired | skipped */
export type CommunicationStatus =
	'planned' | 'active' | 'queued' | 'sent' | 'failed' | 'canceled' | 'expired' | 'skipped';

export const TERMINAL_STATUSES: readonly CommunicationStatus[] = [
	'sent',
	'failed',
	'canceled',
	'expired',
	'skipped',
];

export interface CommunicationRecord {
	id: string;
	/** Unique across the ledger: one key, one message. */
	idempotencyKey: string;
	participantId: string;
	/** Communication Name (UPPER_SNAKE_CASE) or '' when the node has none. */
	name: string;
	channel: string;
	status: CommunicationStatus;
	workflowId: string | null;
	executionId: string | null;
	nodeName: string | null;
	itemIndex: number | null;
	/** Fully resolved payload of a planned communication (what to send, without secrets). */
	payload: JsonObject | null;
	/** The communication result (the output item's `communication` object) once terminal. */
	result: JsonObject | null;
	/** ISO instant the communication is due; a planned row without one is due at once. */
	scheduledFor: string | null;
	/** ISO instant after which a not-yet-sent communication is expired. */
	expiresAt: string | null;
	/** Signed URL that resumes the waiting execution that owns this communication. */
	resumeUrl: string | null;
	/** Who holds the send (or dispatch) lease and since when; null when nobody does. */
	claimedBy: string | null;
	claimedAt: string | null;
	/** Set when the dispatcher has woken the owning execution for the current state. */
	dispatchedAt: string | null;
	/** Total send attempts for this key: claimSend counts one per claim. */
	attempts: number;
	providerMessageId: string | null;
	/** ISO instant completeSend recorded status 'sent'. */
	sentAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface NewCommunication {
	idempotencyKey: string;
	participantId: string;
	name?: string;
	channel: string;
	workflowId?: string | null;
	executionId?: string | null;
	nodeName?: string | null;
	itemIndex?: number | null;
	payload?: JsonObject | null;
	scheduledFor?: string | null;
	expiresAt?: string | null;
	resumeUrl?: string | null;
}

/** Outcome of trying to take the send lease for an idempotency key. */
export type ClaimOutcome =
	/** The caller holds the lease and must send, then call completeSend. */
	| { state: 'claimed'; record: CommunicationRecord }
	/**
	 * Already sent, queued for background delivery, or otherwise terminal and not retryable
	 * (skipped, canceled, expired): do not send again.
	 */
	| { state: 'done'; record: CommunicationRecord }
	/** A worker (any worker, this one included) holds a live lease on it right now. */
	| { state: 'busy'; record: CommunicationRecord };

export interface CommunicationQuery {
	participantId?: string;
	name?: string;
	statuses?: CommunicationStatus[];
	workflowId?: string;
	executionId?: string;
	nodeName?: string;
	/** Only rows due at or before this ISO instant (overdue listings). */
	dueBefore?: string;
	limit?: number;
}

export interface ClaimDueOptions {
	/**
	 * Re-claims a still-planned row whose last dispatch is at least this old: the wake-up
	 * was lost (dispatcher crashed, execution not yet waiting). Omitted: never re-claimed.
	 */
	redispatchAfterMs?: number;
}

/** Statistics name of a communication recorded without a Communication Name or node name. */
export const UNNAMED_COMMUNICATION = '(no name)';

export interface CommunicationStats {
	name: string;
	counts: Partial<Record<CommunicationStatus | 'delivered', number>>;
}

// The ledger's parts, one per concern: code that needs one part takes only that interface.

/** The send lease: what a sender needs to send each idempotency key at most once. */
export interface LedgerSendLease {
	/**
	 * Takes the send lease for `input.idempotencyKey`, inserting the row when it is new.
	 * A row that is sent/queued/skipped/canceled/expired is `done`; a planned or failed row,
	 * or an active row whose lease is older than `leaseMs` (a crash between claim and send),
	 * is re-claimed. A claimed row is `active`, leased to `workerId`, attempts + 1; an
	 * existing row keeps its stored fields (the key identifies it, the input is ignored).
	 */
	claimSend(input: NewCommunication, workerId: string, leaseMs: number): Promise<ClaimOutcome>;
	/**
	 * Ends the lease with a final (or queued) state and the result. `attempts`, when given,
	 * is the provider attempts made under this lease (retries included): they replace the
	 * one attempt claimSend counted, so `record.attempts` stays the total across claims.
	 * A row already `sent` keeps that status (a late failure from a stale lease must not
	 * make it re-sendable). Rejects for an unknown id.
	 */
	completeSend(
		id: string,
		update: {
			status: CommunicationStatus;
			result?: JsonObject | null;
			providerMessageId?: string | null;
			attempts?: number;
		},
	): Promise<CommunicationRecord>;
}

/** Idempotent sends and the stored communications: claim, complete, plan, read, finish. */
export interface LedgerSends extends LedgerSendLease {
	/** Stores a planned communication; an existing key is returned unchanged. */
	plan(input: NewCommunication): Promise<CommunicationRecord>;
	get(id: string): Promise<CommunicationRecord | null>;
	getByKey(idempotencyKey: string): Promise<CommunicationRecord | null>;
	/** Matching rows in creation order (all filters combine with AND). */
	list(query: CommunicationQuery): Promise<CommunicationRecord[]>;
	/**
	 * Moves a not-yet-terminal communication to a terminal `status` and ends any lease.
	 * Returns null (and changes nothing) when the row is unknown or already terminal;
	 * rejects for a non-terminal `status`.
	 */
	finish(
		id: string,
		status: CommunicationStatus,
		result?: JsonObject | null,
	): Promise<CommunicationRecord | null>;
}

/** The dispatcher's part: claim what is due, release a failed wake-up, cancel. */
export interface LedgerDispatch {
	/**
	 * For the dispatcher: atomically claims up to `limit` communications that need their
	 * execution woken: planned and due (scheduledFor <= now), planned and past expiresAt,
	 * or canceled since their last dispatch. Concurrent callers never get the same row.
	 * Sets dispatchedAt = now and claimedBy = workerId on the returned rows; a dispatched row
	 * is not returned again for the same state (see `options` and releaseDispatch). Canceled
	 * rows without a resumeUrl have no execution to wake and are never returned.
	 */
	claimDue(
		now: Date,
		workerId: string,
		limit: number,
		options?: ClaimDueOptions,
	): Promise<CommunicationRecord[]>;
	/** Forgets a row's dispatch (the wake-up failed) so the next claimDue returns it again. */
	releaseDispatch(id: string): Promise<void>;
	/**
	 * Cancels planned/active communications of a participant (optionally one name) and
	 * returns the rows it changed; their dispatch is reset so the dispatcher wakes them.
	 */
	cancel(participantId: string, name?: string): Promise<CommunicationRecord[]>;
}

/** Participant profiles: read, merge top-level keys, write nested paths. */
export interface LedgerProfiles {
	/** An unknown participant has empty attributes and updatedAt null. */
	getProfile(participantId: string): Promise<ParticipantProfile>;
	/**
	 * Merges attributes (top-level keys) so concurrent writes of different keys both win.
	 * A given key's value is replaced whole (not deep-merged); null is stored as null.
	 */
	updateProfile(participantId: string, attributes: JsonObject): Promise<ParticipantProfile>;
	/**
	 * Applies nested writes (`['address', 'city']`) in order, in one atomic read-modify-write:
	 * siblings at every level survive, also when other writers update the same profile at the
	 * same time. Missing or non-object parents become objects. See profile-paths.ts.
	 */
	updateProfilePaths(
		participantId: string,
		writes: ProfilePathWrite[],
	): Promise<ParticipantProfile>;
}

/** Manual tasks (calls and SMS a team member handles). */
export interface LedgerTasks {
	createTask(input: NewManualTask): Promise<ManualTask>;
	getTask(id: string): Promise<ManualTask | null>;
	/** Oldest first. */
	listTasks(query: { participantId?: string; status?: TaskStatus }): Promise<ManualTask[]>;
	/** Closes an open task; returns null when it was not open (already closed). */
	closeTask(
		id: string,
		update: {
			status: Exclude<TaskStatus, 'open'>;
			outcome?: string | null;
			completedBy?: string | null;
			message?: string | null;
		},
	): Promise<ManualTask | null>;
}

/** The call log. */
export interface LedgerCallLog {
	/** Stores a call; a repeat external call ID returns the stored row with inserted=false. */
	logCall(entry: NewCallLogEntry): Promise<{ inserted: boolean; entry: CallLogEntry }>;
	/** Ordered by occurredAt. */
	listCalls(participantId: string): Promise<CallLogEntry[]>;
}

/** Notification rate counters. */
export interface LedgerLimits {
	/**
	 * Counts one hit for `key` in the sliding window (now - windowMs, now]; refused hits are
	 * not counted. Use one window length per key: older hits are pruned by it.
	 */
	hitRateLimit(key: string, limit: number, windowMs: number, now: Date): Promise<RateLimitResult>;
}

/** Delivery events from providers and the statistics built on them. */
export interface LedgerEvents {
	recordDeliveryEvent(event: DeliveryEvent): Promise<void>;
	/** Ordered by receivedAt, then arrival. */
	listDeliveryEvents(providerMessageId: string): Promise<DeliveryEvent[]>;
	/**
	 * Counts per status for every name (or one), sorted by name; `delivered` counts the
	 * communications with a delivery event of status 'delivered'. Zero counts are omitted.
	 * A communication without a Communication Name counts under the name of the node that
	 * recorded it, else UNNAMED_COMMUNICATION; the scheduler's batch rows are not counted.
	 */
	statsByName(name?: string): Promise<CommunicationStats[]>;
}

/** Per-execution batch records: what a waiting node keeps of its own run. */
export interface ExecutionBatch {
	executionId: string;
	nodeName: string;
	resumeUrl: string;
	payload: JsonObject;
	createdAt: string;
}

export interface LedgerBatches {
	/** Stores a node's batch for an execution, replacing an earlier one of the same node. */
	saveBatch(batch: Omit<ExecutionBatch, 'createdAt'>): Promise<ExecutionBatch>;
	/** The node's batch in the execution, or null when it has none. */
	getBatch(executionId: string, nodeName: string): Promise<ExecutionBatch | null>;
}

/** The whole ledger: every part, plus opening and closing the storage. */
export interface CommunicationLedger
	extends
		LedgerSends,
		LedgerDispatch,
		LedgerProfiles,
		LedgerTasks,
		LedgerCallLog,
		LedgerLimits,
		LedgerEvents,
		LedgerBatches {
	readonly backend: 'sqlite' | 'postgres';

	/** Creates or migrates the schema; safe to call many times and from many processes. */
	init(): Promise<void>;
	close(): Promise<void>;
}
