// Parameters of the Internal Notification node: channel, who (user types), message, per-user limit.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
} from '../shared/descriptions';
import { defaultCountryOption } from '../shared/recipients/phone-fields';
import { requestTimeoutOption } from '../shared/transport/retry';
import { templateProperties } from '../shared/templates';

export const DEFAULT_NOTIFICATION_OUTPUT = 'Internal notification has been sent.';
export const DEFAULT_LIMIT_PER_USER = 500;
export const DEFAULT_LIMIT_WINDOW_MINUTES = 5;

const showOnlyForEmail = { show: { channel: ['email'] } };
const showOnlyForWhatsApp = { show: { channel: ['whatsapp'] } };
const showOnlyForWhatsAppTemplate = {
	show: { channel: ['whatsapp'], whatsAppMessageType: ['template'] },
};

const notificationOptions: INodeProperties[] = [
	defaultCountryOption,
	failOnMissingMergeFieldsOption,
	{
		displayName: 'Max Notifications Per User',
		name: 'limitPerUser',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_LIMIT_PER_USER,
		description:
			'A recipient who already got this many notifications in the window is reported as over the limit and not notified',
	},
	{
		displayName: 'Limit Window (Minutes)',
		name: 'limitWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_LIMIT_WINDOW_MINUTES,
	},
	requestTimeoutOption,
];

export const internalNotificationProperties: INodeProperties[] = [
	{
		displayName:
			'Internal notifications reach your team members from the Team Directory (never contacts)',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		...participantIdProperty,
		description:
			'Optional: the contact the alert is about (for Assigned User and merge fields). Notifications also run without a contact.',
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'SMS', value: 'sms' },
			{ name: 'WhatsApp', value: 'whatsapp' },
			{
				name: 'Slack',
				value: 'slack',
				description: "Direct message to the member's Slack user (found by ID or email)",
			},
		],
		default: 'email',
	},
	{
		displayName: 'To User Type',
		name: 'toUserTypes',
		type: 'multiOptions',
		options: [
			{ name: 'All Users', value: 'allUsers', description: 'Every member of the Team Directory' },
			{
				name: 'Assigned User',
				value: 'assignedUser',
				description: "The contact's owner (owner / assigned_user); skipped when there is none",
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Email addresses or phone numbers (Slack: user IDs or emails)',
			},
			{ name: 'Particular Users', value: 'particularUsers' },
			{ name: 'Roles or Teams', value: 'groups' },
		],
		default: ['assignedUser'],
		description:
			'Everyone chosen here gets one notification, even when they fall under several types',
	},
	{
		displayName: 'Particular User Names or IDs',
		name: 'particularUsers',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTeamMembers' },
		default: [],
		displayOptions: { show: { toUserTypes: ['particularUsers'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Role or Team Names or IDs',
		name: 'groups',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTeamGroups' },
		default: [],
		displayOptions: { show: { toUserTypes: ['groups'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Custom Recipients',
		name: 'customRecipients',
		type: 'string',
		default: '',
		displayOptions: { show: { toUserTypes: ['custom'] } },
		placeholder: 'ops@example.com, +15550100123',
		description: 'Comma- or semicolon-separated addresses for the chosen channel',
	},
	...templateProperties('internal notification'),
	{
		displayName: 'From Name',
		name: 'fromName',
		type: 'string',
		default: '',
		displayOptions: showOnlyForEmail,
		description: "Sender name. Empty: the SMTP credential's default.",
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		displayOptions: showOnlyForEmail,
		placeholder: 'New lead: {{ first_name }} {{ last_name }}',
		description: "With a template: leave empty to use the template's subject",
	},
	{
		displayName: 'WhatsApp Message Type',
		name: 'whatsAppMessageType',
		type: 'options',
		displayOptions: showOnlyForWhatsApp,
		options: [
			{
				name: 'Text',
				value: 'text',
				description:
					"Free text: WhatsApp only delivers it within 24 hours of the member's last message",
			},
			{
				name: 'Template',
				value: 'template',
				description: 'An approved template, deliverable at any time',
			},
		],
		default: 'text',
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: showOnlyForWhatsAppTemplate,
		placeholder: 'team_alert',
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: 'en_US',
		displayOptions: showOnlyForWhatsAppTemplate,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'New high-value lead: {{ first_name }} ({{ email }})',
		description:
			"Merge fields read the contact ({{ first_name }}) and the recipient ({{ recipient.name }}). For a WhatsApp template, each line fills one body parameter. With a saved template: leave empty to use the template's text.",
	},
	sendOptionsProperty(DEFAULT_NOTIFICATION_OUTPUT, notificationOptions),
];
