// The Communication Events trigger's description: one webhook per provider role, the providers
// and event types to use, and the credentials that verify each provider's requests.
import type {
	INodeCredentialDescription,
	INodeProperties,
	IWebhookDescription,
} from 'n8n-workflow';

import { EVENT_TYPES } from '../shared/events/event';

/**
 * Each provider role's method and path below the node's webhook URL. n8n names webhooks only
 * 'default' or 'setup' (the verification GET), so a request's role is told by its path.
 */
export const EVENT_WEBHOOKS = {
	twilioStatus: { name: 'default', httpMethod: 'POST', path: 'twilio/status' },
	twilioInbound: { name: 'default', httpMethod: 'POST', path: 'twilio/inbound' },
	whatsappSetup: { name: 'setup', httpMethod: 'GET', path: 'whatsapp' },
	whatsapp: { name: 'default', httpMethod: 'POST', path: 'whatsapp' },
	telegram: { name: 'default', httpMethod: 'POST', path: 'telegram' },
	email: { name: 'default', httpMethod: 'POST', path: 'email' },
	unsubscribePage: { name: 'setup', httpMethod: 'GET', path: 'unsubscribe' },
	unsubscribe: { name: 'default', httpMethod: 'POST', path: 'unsubscribe' },
} as const;

export type EventWebhookName = keyof typeof EVENT_WEBHOOKS;

export const EVENT_WEBHOOK_NAMES = Object.keys(EVENT_WEBHOOKS) as EventWebhookName[];

export const eventsWebhooks: IWebhookDescription[] = EVENT_WEBHOOK_NAMES.map((role) => ({
	...EVENT_WEBHOOKS[role],
	responseMode: 'onReceived',
}));

/** The role of a request: the webhook whose method matches and whose path ends its URL path. */
export function webhookRoleOf(method: string, urlPath: string): EventWebhookName | null {
	const path = urlPath.split('?')[0].replace(/\/+$/, '');
	return (
		EVENT_WEBHOOK_NAMES.find(
			(role) =>
				EVENT_WEBHOOKS[role].httpMethod === method.toUpperCase() &&
				path.endsWith(`/${EVENT_WEBHOOKS[role].path}`),
		) ?? null
	);
}

/**
 * The node's URL for each role, from n8n's URL of its first 'default' webhook (which ends in the
 * Twilio status path).
 */
export function webhookUrlsFrom(firstDefaultUrl: string): Record<EventWebhookName, string> {
	const base = firstDefaultUrl.slice(
		0,
		firstDefaultUrl.length - EVENT_WEBHOOKS.twilioStatus.path.length,
	);
	const urls = {} as Record<EventWebhookName, string>;
	for (const role of EVENT_WEBHOOK_NAMES) urls[role] = `${base}${EVENT_WEBHOOKS[role].path}`;
	return urls;
}

const EVENT_LABELS: Record<(typeof EVENT_TYPES)[number], string> = {
	status: 'Delivery Status (Sent, Delivered, Read, Failed)',
	reply: 'Reply',
	opt_out: 'Opt-Out (STOP, UNSUBSCRIBE, ...)',
	opt_in: 'Opt-In (START, UNSTOP)',
	help: 'HELP',
	bound: 'Telegram Chat Bound (/start)',
	bounce: 'Email Bounce',
	complaint: 'Email Complaint',
};

const showFor = (provider: string) => ({ show: { providers: [provider] } });

export const eventsCredentials: INodeCredentialDescription[] = [
	{
		name: 'communicationTwilioApi',
		displayName: 'Twilio (verifies its callbacks with the auth token)',
		required: true,
		displayOptions: showFor('twilio'),
		testedBy: 'communicationTwilioApiTest',
	},
	{
		name: 'communicationWhatsAppApi',
		displayName: 'WhatsApp Cloud (verifies its webhooks with the app secret)',
		required: true,
		displayOptions: showFor('whatsapp'),
		testedBy: 'communicationWhatsAppApiTest',
	},
	{
		name: 'communicationTelegramApi',
		displayName: 'Telegram (verifies updates with the webhook secret token)',
		required: true,
		displayOptions: showFor('telegram'),
		testedBy: 'communicationTelegramApiTest',
	},
	{
		name: 'communicationLedgerApi',
		displayName: 'Communication Ledger (optional; default: embedded SQLite)',
		required: false,
		testedBy: 'communicationLedgerTest',
	},
];

export const eventsProperties: INodeProperties[] = [
	{
		displayName:
			'Keep one active workflow with this trigger. Point each provider at its URL above (Twilio: the number\'s "A message comes in" webhook to .../twilio/inbound; status callbacks to .../twilio/status are added to sends automatically while this workflow is active). Requests without a valid provider signature are refused.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Providers',
		name: 'providers',
		type: 'multiOptions',
		options: [
			{ name: 'Twilio (SMS, Voice)', value: 'twilio' },
			{ name: 'WhatsApp Cloud', value: 'whatsapp' },
			{ name: 'Telegram', value: 'telegram' },
			{ name: 'Email Bounces / Complaints', value: 'email' },
		],
		default: ['twilio'],
		description: 'Which providers may call this trigger; the others are refused',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_TYPES.map((value) => ({ name: EVENT_LABELS[value], value })),
		default: [...EVENT_TYPES],
		description:
			'Which events start the workflow; every event is recorded in the ledger either way',
	},
	{
		displayName: 'Email Webhook Secret',
		name: 'emailSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		displayOptions: showFor('email'),
		description:
			'Callers of the email webhook send it as "Authorization: Bearer &lt;secret&gt;"; without it the webhook refuses every request',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Public Base URL',
				name: 'publicBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com',
				description:
					"The address providers call when n8n runs behind a reverse proxy that changes it; Twilio's signature covers the full URL it called",
			},
		],
	},
];
