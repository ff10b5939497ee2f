// The consent check for every node that contacts a participant: `dnd` stops every channel, a
// per-channel flag (`email_opt_out`, `sms_opt_out`, ...) stops its own channel.
import type { IDataObject } from 'n8n-workflow';

import { optOutFlag } from '../recipients/phone-fields';

/** How a node reaches the participant; 'any' checks `dnd` only (the channel is not known). */
export type ConsentChannel = 'email' | 'sms' | 'whatsapp' | 'telegram' | 'slack' | 'voice' | 'any';

/** The flags each channel honours, in the order they are reported. */
export const CONSENT_FLAGS: Readonly<Record<ConsentChannel, readonly string[]>> = {
	email: ['dnd', 'email_opt_out'],
	sms: ['dnd', 'sms_opt_out'],
	whatsapp: ['dnd', 'whatsapp_opt_out'],
	telegram: ['dnd', 'telegram_opt_out'],
	slack: ['dnd', 'slack_opt_out'],
	voice: ['dnd', 'voice_opt_out', 'call_opt_out'],
	any: ['dnd'],
};

const UNWANTED: Record<Exclude<ConsentChannel, 'voice'>, string> = {
	email: 'email',
	sms: 'SMS',
	whatsapp: 'WhatsApp messages',
	telegram: 'Telegram messages',
	slack: 'Slack messages',
	any: 'to be contacted',
};

/**
 * Why the participant must not be contacted on `channel` (the skip reason of the item), or
 * undefined when nothing stops it. A flag counts when it is true, 1, 'true', '1' or 'yes'.
 */
export function consentRefusal(
	channel: ConsentChannel,
	participant: IDataObject,
): string | undefined {
	const flag = optOutFlag(participant, CONSENT_FLAGS[channel]);
	if (!flag) return undefined;
	if (channel === 'voice') {
		const wish = flag === 'dnd' ? 'does not want to be disturbed' : 'does not want calls';
		return `Skipped: the participant ${wish} ('${flag}' is true), so no call was made.`;
	}
	return `Skipped: the participant does not want ${UNWANTED[channel]} ('${flag}' is true), so nothing was sent.`;
}
