// The one shape every provider event takes on its way out of the Communication Events trigger.
import type { JsonObject } from '../ledger/json';

export type EventChannel = 'sms' | 'voice' | 'whatsapp' | 'telegram' | 'email';

/**
 * status: a delivery report; reply: an inbound message; opt_out / opt_in / help: a keyword;
 * bound: a Telegram chat bound to its participant; bounce / complaint: reported email problems.
 */
export const EVENT_TYPES = [
	'status',
	'reply',
	'opt_out',
	'opt_in',
	'help',
	'bound',
	'bounce',
	'complaint',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface CommunicationEventItem {
	type: EventType;
	channel: EventChannel;
	participantId: string | null;
	communicationId: string | null;
	/** The provider's ID of the message (outbound for reports, inbound for replies). */
	providerMessageId: string | null;
	/** The provider's own status word (delivered, read, received, ...). */
	status: string;
	/** The text of an inbound message, else null. */
	text: string | null;
	/** The contact's address as the provider gave it. */
	address: string | null;
	/** When the provider says it happened, else when it arrived (ISO). */
	at: string;
	raw: JsonObject;
}

/** What a provider parser returns: an event before the ledger knows whose it is. */
export type ParsedEvent = Omit<CommunicationEventItem, 'participantId' | 'communicationId'> & {
	participantId?: string | null;
	/** De-duplication key: the same provider report twice is recorded once. */
	dedupeKey: string;
};
