// Every sending node as the fault suite sees it: how to build it against a sandbox, one participant per
// item with a distinct recipient, and what the peer recorded as accepted (the only ground truth).
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { EmailCommunication } from '../../../nodes/EmailCommunication/EmailCommunication.node';
import { InternalNotification } from '../../../nodes/InternalNotification/InternalNotification.node';
import { ReviewRequest } from '../../../nodes/ReviewRequest/ReviewRequest.node';
import { SlackMessage } from '../../../nodes/SlackMessage/SlackMessage.node';
import { SmsCommunication } from '../../../nodes/SmsCommunication/SmsCommunication.node';
import { TelegramCommunication } from '../../../nodes/TelegramCommunication/TelegramCommunication.node';
import { VoiceCommunication } from '../../../nodes/VoiceCommunication/VoiceCommunication.node';
import { WhatsAppCommunication } from '../../../nodes/WhatsAppCommunication/WhatsAppCommunication.node';
import type { HttpPeerName, Sandbox, SandboxState } from '../../../sandbox';
import { chatCredentials } from '../../support/chat-engine';
import type { TeamMemberJson } from '../../support/team-engine';
import { teamCredentials } from '../../support/team-engine';

export type PeerName = HttpPeerName | 'smtp';

export interface ChannelSpec {
	label: string;
	peer: PeerName;
	type: string;
	node: () => INodeType;
	credentials: (sandbox: Sandbox) => Record<string, ICredentialDataDecryptedObject>;
	parameters: INode['parameters'];
	/** Participant i; its recipient must differ from every other participant's. */
	item: (i: number) => Record<string, unknown>;
	/** Recipients an output item reports as delivered (several for a team notification). */
	reportedSent: (item: INodeExecutionData) => string[];
	/** Recipients the peer accepted a message for, one entry per message. */
	received: (state: SandboxState) => string[];
}

const phone = (i: number): string => `+1415555${String(1000 + i).padStart(4, '0')}`;
const digits = (value: string): string => value.replace(/\D/g, '');

function communication(item: INodeExecutionData): Record<string, unknown> {
	const value = item.json.communication;
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** One recipient per item: the item's `to` when its result says sent. */
function sentTo(normalize: (value: string) => string = (value) => value) {
	return (item: INodeExecutionData): string[] => {
		const result = communication(item);
		const to = Array.isArray(result.to) ? result.to.map(String) : [];
		return result.status === 'sent' ? to.slice(0, 1).map(normalize) : [];
	};
}

/** Every credential any node here needs, all pointing at the one sandbox. */
function allCredentials(sandbox: Sandbox): Record<string, ICredentialDataDecryptedObject> {
	return { ...chatCredentials(sandbox), ...teamCredentials(sandbox, TEAM) };
}

export const TEAM: TeamMemberJson[] = Array.from({ length: 6 }, (_v, i) => ({
	id: `member-${i}`,
	name: `Member ${i}`,
	email: `member${i}@team.example`,
	phone: `+1202555${String(2000 + i).padStart(4, '0')}`,
	access: 'all' as const,
}));

export const EMAIL: ChannelSpec = {
	label: 'Email Communication',
	peer: 'smtp',
	type: 'emailCommunication',
	node: () => new EmailCommunication(),
	credentials: allCredentials,
	parameters: {
		toEmail: '={{ $json.email }}',
		subject: 'Update {{ id }}',
		emailFormat: 'text',
		text: 'Hello {{ id }}',
	},
	item: (i) => ({ id: `e${i}`, email: `person${i}@example.com` }),
	reportedSent: sentTo((value) => value.toLowerCase()),
	received: (state) =>
		state.mails.flatMap((mail) => mail.envelope.to.map((to) => to.toLowerCase())),
};

export const SMS: ChannelSpec = {
	label: 'SMS Communication',
	peer: 'twilio',
	type: 'smsCommunication',
	node: () => new SmsCommunication(),
	credentials: allCredentials,
	parameters: { message: 'Hello {{ id }}' },
	item: (i) => ({ id: `s${i}`, phone: phone(i) }),
	reportedSent: sentTo(),
	received: (state) => state.sms.map((sms) => sms.to),
};

export const VOICE: ChannelSpec = {
	label: 'Voice Communication',
	peer: 'twilio',
	type: 'voiceCommunication',
	node: () => new VoiceCommunication(),
	credentials: allCredentials,
	parameters: {
		operation: 'outboundCall',
		sipServer: 'sip.example.com',
		sipParameters: '',
		twiml: '<Response><Say>Hello</Say></Response>',
		callTimeout: 25,
	},
	item: (i) => ({ id: `v${i}`, phone: phone(i) }),
	reportedSent: sentTo(),
	received: (state) => state.calls.map((call) => /^sip:([^@]+)@/.exec(call.to)?.[1] ?? call.to),
};

export const SLACK: ChannelSpec = {
	label: 'Slack Message',
	peer: 'slack',
	type: 'slackMessage',
	node: () => new SlackMessage(),
	credentials: allCredentials,
	parameters: {
		sendTo: 'publicChannel',
		channel: { __rl: true, mode: 'id', value: '={{ $json.channel }}' },
		messageType: 'text',
		text: 'Alert {{ id }}',
	},
	item: (i) => ({
		id: `k${i}`,
		channel: `C${(i + 2).toString(36).toUpperCase().padStart(9, '0')}`,
	}),
	reportedSent: sentTo(),
	received: (state) =>
		state.slack
			.filter((record) => record.method === 'chat.postMessage')
			.map((record) => String(record.args.channel)),
};

export const TELEGRAM: ChannelSpec = {
	label: 'Telegram Communication',
	peer: 'telegram',
	type: 'telegramCommunication',
	node: () => new TelegramCommunication(),
	credentials: allCredentials,
	parameters: { startPhrase: 'Hello {{ id }}' },
	item: (i) => ({ id: `t${i}`, telegram_id: String(700_000 + i) }),
	reportedSent: sentTo(),
	received: (state) =>
		state.telegram
			.filter((record) => record.method.toLowerCase() === 'sendmessage')
			.map((record) => String(record.body.chat_id)),
};

export const WHATSAPP: ChannelSpec = {
	label: 'WhatsApp Communication',
	peer: 'whatsapp',
	type: 'whatsAppCommunication',
	node: () => new WhatsAppCommunication(),
	credentials: allCredentials,
	parameters: { templateName: 'hello_world', languageCode: 'en_US' },
	item: (i) => ({ id: `w${i}`, phone: phone(i) }),
	reportedSent: sentTo(digits),
	received: (state) =>
		state.whatsapp
			.filter((record) => record.messageId !== null && record.path.endsWith('/messages'))
			.map((record) => digits(String(record.body.to))),
};

/** One notification item reaches every team member by SMS: per-recipient results. */
export const TEAM_SMS: ChannelSpec = {
	label: 'Internal Notification (SMS)',
	peer: 'twilio',
	type: 'internalNotification',
	node: () => new InternalNotification(),
	credentials: allCredentials,
	parameters: {
		channel: 'sms',
		toUserTypes: ['particularUsers'],
		particularUsers: '={{ $json.members }}',
		message: 'Lead {{ id }} for {{ recipient.name }}',
	},
	// Item i notifies members 2i and 2i+1, so no member is notified twice by design.
	item: (i) => ({
		id: `n${i}`,
		members: [TEAM[(2 * i) % TEAM.length].id, TEAM[(2 * i + 1) % TEAM.length].id],
	}),
	reportedSent: (item) => {
		const recipients = communication(item).recipients;
		if (!Array.isArray(recipients)) return [];
		return recipients
			.filter(
				(entry): entry is Record<string, unknown> =>
					typeof entry === 'object' && entry !== null && entry.status === 'sent',
			)
			.map((entry) => String(entry.address));
	},
	received: (state) => state.sms.map((sms) => sms.to),
};

export const REVIEW_EMAIL: ChannelSpec = {
	label: 'Review Request (email)',
	peer: 'smtp',
	type: 'reviewRequest',
	node: () => new ReviewRequest(),
	credentials: allCredentials,
	parameters: { operation: 'send', reviewType: 'email' },
	item: (i) => ({
		id: `r${i}`,
		first_name: `F${i}`,
		email: `reviewer${i}@example.com`,
		owner: TEAM[0].email,
	}),
	reportedSent: sentTo((value) => value.toLowerCase()),
	received: EMAIL.received,
};

export const REVIEW_SMS: ChannelSpec = {
	label: 'Review Request (SMS)',
	peer: 'twilio',
	type: 'reviewRequest',
	node: () => new ReviewRequest(),
	credentials: allCredentials,
	parameters: { operation: 'send', reviewType: 'sms' },
	item: (i) => ({ id: `q${i}`, first_name: `F${i}`, phone: phone(500 + i), owner: TEAM[0].email }),
	reportedSent: sentTo(),
	received: SMS.received,
};
