// Slack Message parameters: destination (DM / private / public channel), message (text or Block Kit), options.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
} from '../shared/descriptions';
import { requestTimeoutOption } from '../shared/transport/retry';

export const DEFAULT_OUTPUT = 'Slack message has been successfully sent.';

// New user sources (Assigned User, Team Member from the Team Directory) are added as further
// values of `userSource` with their own fields: existing workflows keep their value and fields.
const showOnlyForDirectMessage = { show: { sendTo: ['user'] } };
const showOnlyForCustomEmail = { show: { sendTo: ['user'], userSource: ['customEmail'] } };
const showOnlyForSlackUser = { show: { sendTo: ['user'], userSource: ['slackUser'] } };
const showOnlyForChannels = { show: { sendTo: ['privateChannel', 'publicChannel'] } };
const showOnlyForText = { show: { messageType: ['text'] } };
const showOnlyForBlocks = { show: { messageType: ['blocks'] } };

const EXAMPLE_BLOCKS = `[
  {
    "type": "section",
    "text": { "type": "mrkdwn", "text": "*New lead:* {{ name }}" }
  }
]`;

const destination: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Direct Message to a User',
				value: 'user',
				description: 'A direct message from the app to one Slack user',
			},
			{
				name: 'Private Channel',
				value: 'privateChannel',
				description: 'A private channel the app has been invited to',
			},
			{ name: 'Public Channel', value: 'publicChannel', description: 'A public channel' },
		],
		default: 'publicChannel',
	},
	{
		displayName: 'User Source',
		name: 'userSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: showOnlyForDirectMessage,
		options: [
			{
				name: 'Custom Email',
				value: 'customEmail',
				description: 'Find the Slack user with this email address (users.lookupByEmail)',
			},
			{
				name: 'Slack User',
				value: 'slackUser',
				description: 'Pick a user of your Slack workspace',
			},
		],
		default: 'customEmail',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		required: true,
		displayOptions: showOnlyForCustomEmail,
		description: 'Email address of the Slack user to message (fixed or from an expression)',
	},
	{
		displayName: 'User',
		name: 'user',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: showOnlyForSlackUser,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'U0123456789',
				validation: [
					{
						type: 'regex',
						properties: { regex: '[UW][A-Z0-9]{2,}', errorMessage: 'Not a Slack user ID (U...)' },
					},
				],
			},
		],
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: showOnlyForChannels,
		description:
			'Type to search: the search runs on Slack across all channels, however many there are',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchChannels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'C0123456789',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '[CGD][A-Z0-9]{2,}',
							errorMessage: 'Not a Slack channel ID (C... or G...)',
						},
					},
				],
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: '#general',
			},
		],
	},
];

const message: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Text', value: 'text', description: 'Plain text or Slack mrkdwn' },
			{
				name: 'Blocks',
				value: 'blocks',
				description: 'Block Kit JSON (e.g. from Block Kit Builder)',
			},
		],
		default: 'text',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: showOnlyForText,
		placeholder: 'A new lead {{ name }} has been added.',
		description:
			'The message. Merge fields such as {{ first_name }} are filled from the participant when sending.',
	},
	{
		displayName: 'Format as Markdown (Mrkdwn)',
		name: 'mrkdwn',
		type: 'boolean',
		default: true,
		displayOptions: showOnlyForText,
		description: 'Whether Slack formats *bold*, _italic_, `code` and links in the text',
	},
	{
		displayName: 'Blocks',
		name: 'blocks',
		type: 'json',
		default: EXAMPLE_BLOCKS,
		required: true,
		displayOptions: showOnlyForBlocks,
		description:
			'Block Kit JSON: an array of blocks or an object with a "blocks" array. Checked before sending; merge fields in its texts are filled from the participant.',
	},
	{
		displayName: 'Notification Text',
		name: 'fallbackText',
		type: 'string',
		default: '',
		displayOptions: showOnlyForBlocks,
		description:
			'Plain text shown in notifications and to screen readers, since they cannot show blocks',
	},
];

const extraOptions: INodeProperties[] = [
	failOnMissingMergeFieldsOption,
	requestTimeoutOption,
	{
		displayName: 'Thread TS',
		name: 'threadTs',
		type: 'string',
		default: '',
		placeholder: '1712345678.123456',
		description: "Reply in a thread: the parent message's timestamp (ts)",
	},
	{
		displayName: 'Also Send to Channel',
		name: 'replyBroadcast',
		type: 'boolean',
		default: false,
		description: 'Whether a thread reply is also shown in the channel (only with Thread TS)',
	},
];

export const slackMessageProperties: INodeProperties[] = [
	participantIdProperty,
	...destination,
	...message,
	sendOptionsProperty(DEFAULT_OUTPUT, extraOptions),
];
