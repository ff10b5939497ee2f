// The ledger's parts, one per concern: code that needs one part takes only that interface.
import type {
	ClaimDueOptions,
	ClaimOutcome,
	CommunicationQuery,
	CommunicationRecord,
	CommunicationStats,
	CommunicationStatus,
	NewCommunication,
	SendCompletion,
	SendCompletionOf,
} from './communications';
import type { DeliveryStatus } from './delivery-status';
import type { JsonObject } from './json';
import type * as Records from './records';
import type * as Templates from './templates';

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
	completeSend(id: string, update: SendCompletion): Promise<CommunicationRecord>;
	/**
	 * claimSend for several keys in one transaction: the same outcome per key, in input order, as
	 * claiming them one after the other (a key repeated in `inputs` is claimed once, then busy).
	 */
	claimSends(
		inputs: NewCommunication[],
		workerId: string,
		leaseMs: number,
	): Promise<ClaimOutcome[]>;
	/** completeSend for several leases in one transaction; rejects (storing none) for an unknown id. */
	completeSends(completions: SendCompletionOf[]): Promise<void>;
}

/** Idempotent sends and the stored communications: claim, complete, plan, read, finish. */
export interface LedgerSends extends LedgerSendLease {
	/** Stores a planned communication; an existing key is returned unchanged. */
	plan(input: NewCommunication): Promise<CommunicationRecord>;
	/** plan for several communications in one transaction; the records in input order. */
	planMany(inputs: NewCommunication[]): Promise<CommunicationRecord[]>;
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
	/**
	 * When the earliest planned communication that has not been dispatched falls due, strictly
	 * after `now` (what is due already is for claimDue); null when there is none. The dispatcher
	 * wakes at that moment instead of waiting for its next poll.
	 */
	nextDueAfter(now: Date): Promise<Date | null>;
	/** Forgets a row's dispatch (the wake-up failed) so the next claimDue returns it again. */
	releaseDispatch(id: string): Promise<void>;
	/**
	 * Cancels planned/active communications of a participant (optionally one name) and
	 * returns the rows it changed; their dispatch is reset so the dispatcher wakes them.
	 * `result`, when given, becomes the canceled rows' result (e.g. why they were canceled).
	 */
	cancel(participantId: string, name?: string, result?: JsonObject): Promise<CommunicationRecord[]>;
}

/** Participant profiles: read, merge top-level keys, write nested paths. */
export interface LedgerProfiles {
	/** An unknown participant has empty attributes and updatedAt null. */
	getProfile(participantId: string): Promise<Records.ParticipantProfile>;
	/**
	 * Merges attributes (top-level keys) so concurrent writes of different keys both win.
	 * A given key's value is replaced whole (not deep-merged); null is stored as null.
	 */
	updateProfile(participantId: string, attributes: JsonObject): Promise<Records.ParticipantProfile>;
	/**
	 * Applies nested writes (`['address', 'city']`) in order, in one atomic read-modify-write:
	 * siblings at every level survive, also when other writers update the same profile at the
	 * same time. Missing or non-object parents become objects. See profile-paths.ts.
	 */
	updateProfilePaths(
		participantId: string,
		writes: Records.ProfilePathWrite[],
	): Promise<Records.ParticipantProfile>;
}

/** Manual tasks (calls and SMS a team member handles). */
export interface LedgerTasks {
	createTask(input: Records.NewManualTask): Promise<Records.ManualTask>;
	getTask(id: string): Promise<Records.ManualTask | null>;
	/** Oldest first. */
	listTasks(query: Records.TaskFilter): Promise<Records.ManualTask[]>;
	/** Closes an open task; returns null when it was not open (already closed). */
	closeTask(id: string, update: Records.TaskClosing): Promise<Records.ManualTask | null>;
}

/** The call log. */
export interface LedgerCallLog {
	/** Stores a call; a repeat external call ID returns the stored row with inserted=false. */
	logCall(
		entry: Records.NewCallLogEntry,
	): Promise<{ inserted: boolean; entry: Records.CallLogEntry }>;
	/** Ordered by occurredAt. */
	listCalls(participantId: string): Promise<Records.CallLogEntry[]>;
}

/** Notification rate counters. */
export interface LedgerLimits {
	/**
	 * Counts one hit for `key` in the sliding window (now - windowMs, now]; refused hits are
	 * not counted. Use one window length per key: older hits are pruned by it.
	 */
	hitRateLimit(
		key: string,
		limit: number,
		windowMs: number,
		now: Date,
	): Promise<Records.RateLimitResult>;
}

/** Delivery events from providers and the statistics built on them. */
export interface LedgerEvents {
	/**
	 * Records a provider event once per dedupe key; a replay records nothing and changes nothing.
	 * A delivery word (sent, delivered, read, undelivered, failed, bounced) moves the message's
	 * delivery status forward only (see delivery-status.ts); other words are only recorded.
	 */
	recordDeliveryEvent(event: Records.NewDeliveryEvent): Promise<Records.RecordedDeliveryEvent>;
	/** Ordered by receivedAt, then arrival. */
	listDeliveryEvents(providerMessageId: string): Promise<Records.DeliveryEvent[]>;
	/** A communication's events: its message's reports and the events linked to it, in order. */
	listCommunicationEvents(communicationId: string): Promise<Records.CommunicationEvent[]>;
	/** The forward-only delivery status of a provider message, null before any report. */
	deliveryStatus(providerMessageId: string): Promise<DeliveryStatus | null>;
	/**
	 * Counts per status for every name (or one), sorted by name, plus the events: `delivered`
	 * (delivered or read), `read`, `bounced`, `replied` and `opted_out` communications. Zero
	 * counts are omitted. A communication without a Communication Name counts under the name of
	 * the node that recorded it, else UNNAMED_COMMUNICATION; batch rows are not counted.
	 */
	statsByName(name?: string): Promise<CommunicationStats[]>;
	/** Remembers which participant a provider address (channel + address) belongs to. */
	bindAddress(channel: string, address: string, participantId: string): Promise<void>;
	/** The participant last bound to the address, or null. */
	participantAt(channel: string, address: string): Promise<string | null>;
}

/** Small named settings records (e.g. the events workflow's public URLs). */
export interface LedgerSettings {
	getSetting(key: string): Promise<JsonObject | null>;
	/** Replaces the record. */
	putSetting(key: string, value: JsonObject): Promise<void>;
	deleteSetting(key: string): Promise<void>;
}

export interface LedgerBatches {
	/** Stores a node's batch for an execution, replacing an earlier one of the same node. */
	saveBatch(batch: Records.NewExecutionBatch): Promise<Records.ExecutionBatch>;
	/** The node's batch in the execution, or null when it has none. */
	getBatch(executionId: string, nodeName: string): Promise<Records.ExecutionBatch | null>;
}

/** The suppression list: addresses that opted out of a channel. */
export interface LedgerSuppressions {
	/** Idempotent: suppressing an address again keeps the first entry and returns it. */
	suppress(entry: Records.NewSuppression): Promise<Records.Suppression>;
	/** Removes it; true when something was removed. */
	unsuppress(channel: Records.SuppressionChannel, address: string): Promise<boolean>;
	/** One round trip for many addresses (the send hot path): the suppressed ones, by address. */
	suppressedAmong(
		channel: Records.SuppressionChannel,
		addresses: string[],
	): Promise<Map<string, Records.Suppression>>;
}

/**
 * Saved message templates. Every save is a new immutable version (1, 2, ...). A deleted template
 * is gone for every reader: soft delete keeps its rows (hidden, its name free again), hard delete
 * removes them. Names are unique per channel among live templates, compared case-insensitively.
 */
export interface LedgerTemplates {
	/** Stores version 1; rejects a name or ID already taken. */
	createTemplate(input: Templates.NewTemplate): Promise<Templates.StoredTemplate>;
	/** Stores the next version of a live template (optionally renamed); rejects an unknown one. */
	saveTemplateVersion(
		id: string,
		input: Templates.TemplateVersionInput & { name?: string },
	): Promise<Templates.StoredTemplate>;
	/** The latest version, or `version`; null for an unknown, deleted or missing version. */
	getTemplate(id: string, version?: number): Promise<Templates.StoredTemplate | null>;
	/** Live templates by name (then ID), one page at a time. */
	listTemplates(query: Templates.TemplateQuery): Promise<Templates.TemplatePage>;
	/** True when a live (soft) or any (hard) template was deleted. */
	deleteTemplate(id: string, mode: 'soft' | 'hard'): Promise<boolean>;
	/** What the nodes recorded as sent from templates, per version, language and status. */
	statsByTemplate(templateId?: string): Promise<Templates.TemplateStats[]>;
}
