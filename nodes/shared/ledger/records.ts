// Shapes of the ledger's side records: participant profiles, manual tasks, call log, delivery
// events, rate counters, execution batches and the suppression list (the communications are in
// communications.ts).
import type { DeliveryStatus } from './delivery-status';
import type { JsonObject, JsonValue } from './json';

export interface ParticipantProfile {
	participantId: string;
	attributes: JsonObject;
	updatedAt: string | null;
}

/** One nested attribute write; applied by profile-paths.ts inside each backend's transaction. */
export interface ProfilePathWrite {
	/** Object keys from the profile root, e.g. ['address', 'city']; at least one. */
	path: string[];
	value: JsonValue;
	/**
	 * Write only when nothing is stored at `path` yet. Lets a caller seed a nested object
	 * (the item's `address`) without overwriting what another writer stored meanwhile.
	 */
	onlyIfMissing?: boolean;
}

export type TaskStatus = 'open' | 'completed' | 'deleted' | 'timed_out' | 'canceled';

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

/** A provider event to record: a status report, a reply, an opt-out (see LedgerEvents). */
export interface NewDeliveryEvent extends DeliveryEvent {
	/** The same key twice is recorded once; default `<providerMessageId>:<status>`. */
	dedupeKey?: string;
	channel?: string | null;
	/** The contact's address as the provider reported it (E.164 phone, email, chat id). */
	address?: string | null;
	participantId?: string | null;
	/** The communication the event is about, when the caller knows it already. */
	communicationId?: string | null;
}

/** What recording an event did. */
export interface RecordedDeliveryEvent {
	/** False when the same event (dedupe key) was recorded before: nothing changed. */
	recorded: boolean;
	/** The communication the event belongs to, when the ledger knows it. */
	communicationId: string | null;
	/** The message's delivery status after this event (it never moves backwards). */
	deliveryStatus: DeliveryStatus | null;
}

/** An event as listed with its communication. */
export interface CommunicationEvent extends DeliveryEvent {
	channel: string | null;
	address: string | null;
	participantId: string | null;
	communicationId: string | null;
}

export interface RateLimitResult {
	allowed: boolean;
	/** Hits counted in the current window, including this one when allowed. */
	count: number;
}

/** How closeTask ends an open task. */
export interface TaskClosing {
	status: Exclude<TaskStatus, 'open'>;
	outcome?: string | null;
	completedBy?: string | null;
	message?: string | null;
}

/** listTasks filters; both combine with AND. */
export interface TaskFilter {
	participantId?: string;
	status?: TaskStatus;
}

/** Per-execution batch records: what a waiting node keeps of its own run. */
export interface ExecutionBatch {
	executionId: string;
	nodeName: string;
	resumeUrl: string;
	payload: JsonObject;
	createdAt: string;
}

export type NewExecutionBatch = Omit<ExecutionBatch, 'createdAt'>;

/** The channels with a suppression list (a phone number's list is 'sms'). */
export type SuppressionChannel = 'sms' | 'email' | 'whatsapp' | 'telegram';

/** One opted-out address of a channel. */
export interface NewSuppression {
	channel: SuppressionChannel;
	/** Normalised by normaliseSuppressionAddress (E.164, lower-cased email, chat id). */
	address: string;
	/** 'stop_keyword' | 'unsubscribe' | 'bounce' | 'complaint' | 'manual' ... */
	reason: string;
	/** Where it came from, e.g. 'twilio', 'one_click', 'whatsapp'. */
	source?: string;
	at: Date;
}

export interface Suppression extends NewSuppression {
	createdAt: Date;
}
