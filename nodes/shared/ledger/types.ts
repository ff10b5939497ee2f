// The communication ledger's contract: cross-execution state shared by every node, with an
// embedded SQLite backend and a PostgreSQL backend that must behave identically.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** planned -> (claimed for dispatch) -> active -> sent | failed | canceled | expired | skipped */
export type CommunicationStatus =
	| 'planned'
	| 'active'
	| 'queued'
	| 'sent'
	| 'failed'
	| 'canceled'
	| 'expired'
	| 'skipped';

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
	/** ISO instant the communication is due (planned) or was sent. */
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
	attempts: number;
	providerMessageId: string | null;
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
	/** Already sent (or otherwise terminal and not retryable): do not send again. */
	| { state: 'done'; record: CommunicationRecord }
	/** Another worker holds a live lease on it right now. */
	| { state: 'busy'; record: CommunicationRecord };

export interface CommunicationQuery {
	participantId?: string;
	name?: string;
	statuses?: CommunicationStatus[];
	executionId?: string;
	limit?: number;
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

export interface CommunicationLedger {
	readonly backend: 'sqlite' | 'postgres';

	/** Creates or migrates the schema; safe to call many times and from many processes. */
	init(): Promise<void>;
	close(): Promise<void>;

	// Idempotent sends ----------------------------------------------------------------
	/**
	 * Takes the send lease for `input.idempotencyKey`, inserting the row when it is new.
	 * A row that is sent/skipped/canceled/expired is `done`; a failed row, or an active row
	 * whose lease is older than `leaseMs` (a crash between claim and send), is re-claimed.
	 */
	claimSend(input: NewCommunication, workerId: string, leaseMs: number): Promise<ClaimOutcome>;
	/** Ends the lease with a final (or queued) state and the result. */
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
	list(query: CommunicationQuery): Promise<CommunicationRecord[]>;
	/**
	 * For the dispatcher: atomically claims up to `limit` communications that need their
	 * execution woken: planned and due (scheduledFor <= now), planned and past expiresAt,
	 * or canceled since their last dispatch. Concurrent callers never get the same row.
	 * Sets dispatchedAt = now and claimedBy = workerId on the returned rows.
	 */
	claimDue(now: Date, workerId: string, limit: number): Promise<CommunicationRecord[]>;
	/** Cancels planned/active communications of a participant (optionally one name). */
	cancel(participantId: string, name?: string): Promise<CommunicationRecord[]>;
	/** Moves a planned communication to a terminal state, unless it already is terminal. */
	finish(
		id: string,
		status: CommunicationStatus,
		result?: JsonObject | null,
	): Promise<CommunicationRecord | null>;

	// Participant profiles -------------------------------------------------------------
	getProfile(participantId: string): Promise<ParticipantProfile>;
	/** Merges attributes (top-level keys) so concurrent writes of different keys both win. */
	updateProfile(participantId: string, attributes: JsonObject): Promise<ParticipantProfile>;

	// Manual tasks ---------------------------------------------------------------------
	createTask(input: NewManualTask): Promise<ManualTask>;
	getTask(id: string): Promise<ManualTask | null>;
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
	listCalls(participantId: string): Promise<CallLogEntry[]>;

	// Notification rate counters -------------------------------------------------------
	/** Counts one hit for `key` in a sliding window; refused hits are not counted. */
	hitRateLimit(key: string, limit: number, windowMs: number, now: Date): Promise<RateLimitResult>;

	// Delivery events and statistics ---------------------------------------------------
	recordDeliveryEvent(event: DeliveryEvent): Promise<void>;
	listDeliveryEvents(providerMessageId: string): Promise<DeliveryEvent[]>;
	statsByName(name?: string): Promise<CommunicationStats[]>;
}
