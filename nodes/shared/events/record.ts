// Records one parsed provider event in the ledger and applies what it means: delivery statuses,
// replies linked to the last message sent, STOP / START keywords on the suppression list, bounces,
// Telegram chats bound to participants, and Stop on Response.
import { OPTED_OUT, REPLIED } from '../ledger/delivery-status';
import type {
	LedgerEvents,
	LedgerProfiles,
	LedgerSends,
	LedgerSuppressions,
} from '../ledger/parts';
import type { NewDeliveryEvent, SuppressionChannel } from '../ledger/records';

import type { CommunicationEventItem, EventChannel, EventType, ParsedEvent } from './event';
import type { InboundReply } from './stop-on-response';
import { normaliseSuppressionAddress } from './suppression-address';

export type EventLedger = LedgerEvents &
	LedgerSuppressions &
	Pick<LedgerProfiles, 'updateProfile'> &
	Pick<LedgerSends, 'list'>;

export interface EventEffects {
	/** Cancels the planned communications of the participant who replied. */
	stopOnResponse?: (reply: InboundReply) => Promise<unknown>;
}

/** The word stored in the ledger for an inbound event; statistics count replied / opted_out. */
const LEDGER_WORD: Partial<Record<EventType, string>> = {
	reply: REPLIED,
	opt_out: OPTED_OUT,
	complaint: OPTED_OUT,
	opt_in: 'opted_in',
	help: 'help',
	bound: 'bound',
};

/** The events a contact's own message makes: Stop on Response treats them as a response. */
const RESPONSES: readonly EventType[] = ['reply', 'opt_out', 'help'];

function suppressionChannel(channel: EventChannel): SuppressionChannel | null {
	return channel === 'voice' ? null : channel;
}

function normalised(channel: EventChannel, address: string | null): string | null {
	const list = suppressionChannel(channel);
	if (!address || !list) return address;
	return normaliseSuppressionAddress(list, address);
}

function toItem(
	event: ParsedEvent,
	address: string | null,
	participantId: string | null,
	communicationId: string | null,
): CommunicationEventItem {
	const { type, channel, providerMessageId, status, text, at, raw } = event;
	return {
		type,
		channel,
		participantId,
		communicationId,
		providerMessageId,
		status,
		text,
		address,
		at,
		raw,
	};
}

/** The ledger row of an event; `status` is the word stored for it. */
function deliveryEvent(
	event: ParsedEvent,
	address: string | null,
	status: string,
): NewDeliveryEvent {
	return {
		providerMessageId: event.providerMessageId ?? event.dedupeKey,
		status,
		payload: event.raw,
		receivedAt: event.at,
		dedupeKey: event.dedupeKey,
		channel: event.channel,
		address,
	};
}

/** The participant's last sent communication on the channel: what a reply answers. */
async function lastSentTo(
	ledger: EventLedger,
	participantId: string,
	channel: EventChannel,
): Promise<string | null> {
	const sent = await ledger.list({ participantId, statuses: ['sent', 'queued'] });
	const match = sent.filter((row) => row.channel === channel).pop();
	return match?.id ?? null;
}

async function recordInbound(
	ledger: EventLedger,
	event: ParsedEvent,
	address: string | null,
	effects: EventEffects,
): Promise<CommunicationEventItem | null> {
	let participantId = event.participantId ?? null;
	if (!participantId && address) participantId = await ledger.participantAt(event.channel, address);
	const communicationId = participantId
		? await lastSentTo(ledger, participantId, event.channel)
		: null;
	const recorded = await ledger.recordDeliveryEvent({
		...deliveryEvent(event, address, LEDGER_WORD[event.type] ?? event.type),
		participantId,
		communicationId,
	});
	if (!recorded.recorded) return null;
	const at = new Date(event.at);
	const list = suppressionChannel(event.channel);
	if (event.type === 'bound' && participantId && address) {
		await ledger.bindAddress('telegram', address, participantId);
		await ledger.updateProfile(participantId, { telegram_id: address });
	}
	// STOP keywords arrive by SMS / WhatsApp; an email opt-out is already on the list.
	const keywordChannel = event.channel === 'sms' || event.channel === 'whatsapp';
	if (list && address && event.type === 'opt_out' && keywordChannel) {
		await ledger.suppress({
			channel: list,
			address,
			reason: 'stop_keyword',
			source: event.channel,
			at,
		});
	}
	if (list && address && event.type === 'opt_in') await ledger.unsuppress(list, address);
	const response = RESPONSES.includes(event.type) && event.channel !== 'email';
	if (address && response && effects.stopOnResponse) {
		await effects.stopOnResponse({
			channel: event.channel,
			address,
			participantId: participantId ?? undefined,
			receivedAt: at,
		});
	}
	return toItem(event, address, participantId, communicationId);
}

async function recordReport(
	ledger: EventLedger,
	event: ParsedEvent,
	address: string | null,
): Promise<CommunicationEventItem | null> {
	const recorded = await ledger.recordDeliveryEvent(
		deliveryEvent(event, address, LEDGER_WORD[event.type] ?? event.status),
	);
	if (!recorded.recorded) return null;
	// A report names the contact's address: remember whose it is, so their replies find them.
	if (address && recorded.participantId && event.channel !== 'voice') {
		await ledger.bindAddress(event.channel, address, recorded.participantId);
	}
	if (address && (event.type === 'bounce' || event.type === 'complaint')) {
		await ledger.suppress({
			channel: 'email',
			address,
			reason: event.type,
			source: 'email_webhook',
			at: new Date(event.at),
		});
	}
	return toItem(event, address, recorded.participantId, recorded.communicationId);
}

/**
 * Records the event once (a replay returns null and changes nothing) and returns the item the
 * trigger emits, with the participant and communication the ledger found.
 */
export async function recordEvent(
	ledger: EventLedger,
	event: ParsedEvent,
	effects: EventEffects = {},
): Promise<CommunicationEventItem | null> {
	const address = normalised(event.channel, event.address);
	const report = event.type === 'status' || event.type === 'bounce' || event.type === 'complaint';
	return report
		? await recordReport(ledger, event, address)
		: await recordInbound(ledger, event, address, effects);
}
