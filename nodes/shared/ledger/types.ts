// The communication ledger's contract: cross-execution state shared by every node, with an
// embedded SQLite backend and a PostgreSQL backend that must behave identically.
import type { ProfilePathWrite } from './profile-paths';

export type { ProfilePathWrite } from './profile-paths';

export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

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
	/** The communication result (SPEC 3.4) once terminal. */
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

export interface ParticipantProfile {
	participantId: string;
	attributes: JsonObject;
	updatedAt: string | null;
}

export type TaskStatus = 'open' | 'completed' | 'deleted' | 'timed_out';

export interface ManualTask {
	id: string;
	participantId: string;
	kind: 'sms' | 'call';
	status: TaskStatus;
	assignee: string | null;
	assignRule: string;
	message: string | null;
	outcome: string | null;
	completedBy: string | null;
	completedAt: string | null;
	workflowId: string | null;
	executionId: string | null;
	resumeUrl: string | null;
	data: JsonObject;
	createdAt: string;
	updatedAt: string;
}

export interface NewManualTask {
	/** Caller-chosen id (e.g. to sign a link to the task before storing it); default a random UUID. */
	id?: string;
	participantId: string;
	kind: 'sms' | 'call';
	assignee?: string | null;
	assignRule: string;
	message?: string | null;
	workflowId?: string | null;
	executionId?: string | null;
	resumeUrl?: string | null;
	data?: JsonObject;
}

export interface CallLogEntry {
	id: string;
	participantId: string;
	/** De-duplication key: one stored row per external call ID. */
	externalCallId: string | null;
	direction: 'inbound' | 'outbound';
	from: string | null;
	to: string | null;
	status: string | null;
	durationSeconds: number | null;
	recordingUrl: string | null;
	occurredAt: string;
	data: JsonObject;
	createdAt: string;
}

export type NewCallLogEntry = Omit<CallLogEntry, 'id' | 'createdAt'>;

export interface DeliveryEvent {
	providerMessageId: string;
	status: string;
	payload: JsonObject;
	receivedAt: string;
}

export interface CommunicationStats {
	name: string;
	counts: Partial<Record<CommunicationStatus | 'delivered', number>>;
}

export interface RateLimitResult {
	allowed: boolean;
	/** Hits counted in the current window, including this one when allowed. */
	count: number;
}

export interface CommunicationLedger extends BatchRecords {
	readonly backend: 'sqlite' | 'postgres';

	/** Creates or migrates the schema; safe to call many times and from many processes. */
	init(): Promise<void>;
	close(): Promise<void>;

	// Idempotent sends ----------------------------------------------------------------
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

	// Planned communications and dispatch ---------------------------------------------
	/** Stores a planned communication; an existing key is returned unchanged. */
	plan(input: NewCommunication): Promise<CommunicationRecord>;
	get(id: string): Promise<CommunicationRecord | null>;
	getByKey(idempotencyKey: string): Promise<CommunicationRecord | null>;
	/** Matching rows in creation order (all filters combine with AND). */
	list(query: CommunicationQuery): Promise<CommunicationRecord[]>;
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

	// Participant profiles -------------------------------------------------------------
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

	// Manual tasks ---------------------------------------------------------------------
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

	// Call log -------------------------------------------------------------------------
	/** Stores a call; a repeat external call ID returns the stored row with inserted=false. */
	logCall(entry: NewCallLogEntry): Promise<{ inserted: boolean; entry: CallLogEntry }>;
	/** Ordered by occurredAt. */
	listCalls(participantId: string): Promise<CallLogEntry[]>;

	// Notification rate counters -------------------------------------------------------
	/**
	 * Counts one hit for `key` in the sliding window (now - windowMs, now]; refused hits are
	 * not counted. Use one window length per key: older hits are pruned by it.
	 */
	hitRateLimit(key: string, limit: number, windowMs: number, now: Date): Promise<RateLimitResult>;

	// Delivery events and statistics ---------------------------------------------------
	recordDeliveryEvent(event: DeliveryEvent): Promise<void>;
	/** Ordered by receivedAt, then arrival. */
	listDeliveryEvents(providerMessageId: string): Promise<DeliveryEvent[]>;
	/**
	 * Counts per status for every name (or one), sorted by name; `delivered` counts the
	 * communications with a delivery event of status 'delivered'. Zero counts are omitted.
	 */
	statsByName(name?: string): Promise<CommunicationStats[]>;
}

// Per-execution batch records -------------------------------------------------------------
/** What a waiting node keeps of its own run: its resume URL and the outcomes it did not plan. */
export interface ExecutionBatch {
	executionId: string;
	nodeName: string;
	resumeUrl: string;
	payload: JsonObject;
	createdAt: string;
}

export interface BatchRecords {
	/** Stores a node's batch for an execution, replacing an earlier one of the same node. */
	saveBatch(batch: Omit<ExecutionBatch, 'createdAt'>): Promise<ExecutionBatch>;
	/** The node's batch in the execution, or null when it has none. */
	getBatch(executionId: string, nodeName: string): Promise<ExecutionBatch | null>;
}
