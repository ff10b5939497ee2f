// Parameters of the Email Communication node.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
	sendToSuppressedOption,
} from '../shared/descriptions';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';
import { templateProperties } from '../shared/templates';
import { fromVersion2, version1Only } from '../shared/versioned-params';

import { oneClickOptions } from './one-click';
import {
	attachmentLinksField,
	bccField,
	binaryAttachmentsField,
	ccField,
	fromNameField,
	movedToOptions,
	replyToField,
} from './moved-fields';

export const DEFAULT_EMAIL_OUTPUT = 'Email has been successfully sent.';

const showForText = { show: { emailFormat: ['text', 'both'] } };
const showForHtml = { show: { emailFormat: ['html', 'both'] } };

const emailOptions: INodeProperties[] = [
	sendToSuppressedOption,
	...oneClickOptions,
	{
		displayName: 'Allow Private Attachment Hosts',
		name: 'allowPrivateAttachmentHosts',
		type: 'boolean',
		default: false,
		description:
			'Whether attachment links may point at private, loopback or link-local addresses (e.g. an intranet server). Off by default so a link cannot reach internal services.',
	},
	{
		displayName: 'Attachment Download Timeout (Seconds)',
		name: 'attachmentTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 15,
		description:
			'Longest time one attachment link may take in total: name lookup, connecting, headers and body, redirects included. A slower link fails the item.',
	},
	{
		displayName: 'Custom Headers',
		name: 'customHeaders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add header',
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'X-Campaign',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	failOnMissingMergeFieldsOption,
	{
		displayName: 'In-Reply-To',
		name: 'inReplyTo',
		type: 'string',
		default: '',
		placeholder: '<abc123@example.com>',
		description:
			'Message-ID of the email this one answers, so mail clients show them as one conversation',
	},
	{
		displayName: 'Max Attachment Size (MB)',
		name: 'maxAttachmentSizeMb',
		type: 'number',
		typeOptions: { minValue: 0.01, maxValue: 50, numberPrecision: 2 },
		default: 10,
		description: 'Largest attachment (binary or downloaded) the node accepts per file',
	},
	{
		displayName: 'References',
		name: 'references',
		type: 'string',
		default: '',
		placeholder: '<first@example.com> <second@example.com>',
		description:
			'Message-IDs of the earlier emails in the conversation, separated by spaces or commas',
	},
	{
		displayName: 'Send Test To',
		name: 'sendTestTo',
		type: 'string',
		default: '',
		placeholder: 'me@example.com',
		description:
			'Send every message to this address instead of the real recipients (CC and BCC are dropped, the subject gets a [TEST] prefix)',
	},
];

export const emailProperties: INodeProperties[] = [
	participantIdProperty,
	{
		displayName: 'From Email',
		name: 'fromEmail',
		type: 'string',
		default: '',
		placeholder: 'admin@example.com',
		description: "Sender address. Leave empty to use the credential's default sender.",
	},
	version1Only(fromNameField),
	{
		displayName: 'To',
		name: 'toEmail',
		type: 'string',
		default: '={{ $json.email }}',
		required: true,
		placeholder: 'info@example.com',
		description:
			'Primary recipients: one address, a comma- or semicolon-separated list, "Name &lt;address&gt;" forms, or an array from an expression',
	},
	version1Only(ccField),
	version1Only(bccField),
	version1Only(replyToField),
	...templateProperties('email'),
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'Your booking on {{ appointment.date }}',
		description:
			"Supports merge fields like {{ first_name }} in fixed text. With a template: leave empty to use the template's subject.",
	},
	{
		displayName: 'Email Format',
		name: 'emailFormat',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: 'Plain text only' },
			{
				name: 'HTML',
				value: 'html',
				description: 'HTML, with a plain-text version derived automatically',
			},
			{ name: 'Both', value: 'both', description: 'HTML and your own plain-text version' },
		],
		default: 'html',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		displayOptions: showForText,
		description:
			'Plain-text body. Supports merge fields like [[ first_name ]] (or {{ first_name }} in fixed mode).',
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 5, editor: 'htmlEditor' },
		default: '',
		displayOptions: showForHtml,
		description:
			'HTML body. Write merge fields as [[ first_name ]] here: this editor evaluates {{ }} as n8n expressions. Values are HTML-escaped.',
	},
	version1Only(binaryAttachmentsField),
	version1Only(attachmentLinksField),
	communicationNameProperty,
	...scheduleProperties,
	version1Only(sendOptionsProperty(DEFAULT_EMAIL_OUTPUT, emailOptions)),
	// Version 2: CC, BCC, Reply-To, From Name and attachments live in Options, as in n8n's Send Email.
	fromVersion2(sendOptionsProperty(DEFAULT_EMAIL_OUTPUT, [...emailOptions, ...movedToOptions])),
];
