// Telegram Communication parameters: who (the participant's telegram_id), what (Start Phrase or Welcome Text), how (parse mode).
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
	sendToSuppressedOption,
} from '../shared/descriptions';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';
import { requestTimeoutOption } from '../shared/transport/retry';
import { templateProperties } from '../shared/templates';

export const DEFAULT_OUTPUT = 'Telegram message has been successfully sent.';

const extraOptions: INodeProperties[] = [
	failOnMissingMergeFieldsOption,
	sendToSuppressedOption,
	requestTimeoutOption,
	{
		displayName: 'Disable Link Preview',
		name: 'disableLinkPreview',
		type: 'boolean',
		default: false,
		description: 'Whether to send links without a preview card',
	},
	{
		displayName: 'Silent',
		name: 'disableNotification',
		type: 'boolean',
		default: false,
		description: 'Whether the contact gets the message without a notification sound',
	},
	{
		displayName: 'Protect Content',
		name: 'protectContent',
		type: 'boolean',
		default: false,
		description: 'Whether the message can be forwarded or saved',
	},
];

export const telegramProperties: INodeProperties[] = [
	participantIdProperty,
	{
		displayName: 'Telegram ID',
		name: 'telegramId',
		type: 'string',
		default: '',
		placeholder: "Empty: the participant's telegram_id",
		description:
			"Chat ID to message. Leave empty to use the participant's telegram_id (from the item or the stored profile). Telegram only knows contacts who started your bot.",
	},
	...templateProperties('Telegram'),
	{
		displayName: 'Start Phrase',
		name: 'startPhrase',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'Hello {{ name }}, your order {{ order_id }} has shipped!',
		description:
			"The opening message. Merge fields such as {{ name }} are filled with the participant's current data. Empty: the template's text, else the Welcome Text is sent.",
	},
	{
		displayName: 'Welcome Text',
		name: 'welcomeText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'Hi! How can we help you today?',
		description:
			"The bot's standard greeting, sent when Start Phrase is empty. Merge fields work here too.",
	},
	{
		displayName: 'Parse Mode',
		name: 'parseMode',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Plain text, shown exactly as written' },
			{
				name: 'MarkdownV2',
				value: 'MarkdownV2',
				description: 'Telegram MarkdownV2: *bold*, _italic_, [link](https://...)',
			},
			{ name: 'HTML', value: 'HTML', description: 'Telegram HTML: b, i, u, a and code tags' },
		],
		default: 'none',
		description:
			'How Telegram formats the text. Your own markup is kept; values inserted by merge fields are escaped for the chosen mode so they always show literally.',
	},
	communicationNameProperty,
	...scheduleProperties,
	sendOptionsProperty(DEFAULT_OUTPUT, extraOptions),
];
