// How a provider's status word maps to a communication's delivery status, and the rank that
// keeps that status moving forward only (a late "sent" never overwrites "delivered").
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed' | 'bounced';

/** A status moves only to a strictly higher rank; failures and delivery share a rank. */
export const DELIVERY_STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
	sent: 1,
	delivered: 2,
	undelivered: 2,
	failed: 2,
	bounced: 2,
	read: 3,
};

const PROVIDER_WORDS: Readonly<Record<string, DeliveryStatus>> = {
	sent: 'sent',
	delivered: 'delivered',
	read: 'read',
	undelivered: 'undelivered',
	failed: 'failed',
	bounce: 'bounced',
	bounced: 'bounced',
};

/**
 * The delivery status a provider's word stands for, or null for words that say nothing about
 * delivery (queued, sending, received, replied, opted_out, complaint, ...).
 */
export function deliveryStatusOf(providerWord: string): DeliveryStatus | null {
	return PROVIDER_WORDS[providerWord.trim().toLowerCase()] ?? null;
}

/** The events counted per Communication Name next to the statuses. */
export const EVENT_COUNTS = ['delivered', 'read', 'bounced', 'replied', 'opted_out'] as const;
export type EventCount = (typeof EVENT_COUNTS)[number];

/** Status words of the events that are not delivery reports but count per communication. */
export const REPLIED = 'replied';
export const OPTED_OUT = 'opted_out';
