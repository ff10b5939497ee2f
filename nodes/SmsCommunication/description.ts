// Parameters of the SMS Communication node.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
	sendToSuppressedOption,
} from '../shared/descriptions';
import { defaultCountryOption, statusCallbackOption } from '../shared/recipients/phone-fields';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';
import { templateProperties } from '../shared/templates';

import { DEFAULT_SMS_CONCURRENCY } from './concurrency';

export const DEFAULT_SMS_OUTPUT = 'SMS has been successfully sent.';

const showForNumber = { show: { sendFrom: ['number'] } };
const showForService = { show: { sendFrom: ['messagingService'] } };

const smsOptions: INodeProperties[] = [
	defaultCountryOption,
	failOnMissingMergeFieldsOption,
	sendToSuppressedOption,
	{
		displayName: 'Max Segments',
		name: 'maxSegments',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 0,
		description:
			'Refuse (as an item error, before anything is sent) a message that needs more SMS segments than this. 0 means no limit. A segment holds 160 GSM-7 or 70 Unicode characters, 153 / 67 in longer messages.',
	},
	{
		displayName: 'Media Delivery',
		name: 'mediaDelivery',
		type: 'options',
		options: [
			{
				name: 'MMS Attachments',
				value: 'mms',
				description: 'Send the files as MMS media (US and Canada numbers)',
			},
			{
				name: 'Links in the Text',
				value: 'links',
				description: 'Append the links to the message: works everywhere',
			},
		],
		default: 'mms',
	},
	{
		displayName: 'Send Test To',
		name: 'sendTestTo',
		type: 'string',
		default: '',
		placeholder: '+15550100123',
		description:
			'Send every message to this number instead of the contacts (opted-out contacts are still skipped)',
	},
	statusCallbackOption('message'),
];

export const smsProperties: INodeProperties[] = [
	participantIdProperty,
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		placeholder: '+15550100123',
		description:
			'Recipient phone number in international format (E.164); national numbers need the Default Country option',
	},
	{
		displayName: 'Send From',
		name: 'sendFrom',
		type: 'options',
		options: [
			{
				name: 'Credential Default',
				value: 'default',
				description: "The credential's Default From Number, else its Messaging Service",
			},
			{
				name: 'Phone Number',
				value: 'number',
				description: 'A Twilio number or alphanumeric sender ID',
			},
			{
				name: 'Messaging Service',
				value: 'messagingService',
				description: 'Twilio picks the sender from the service',
			},
		],
		default: 'default',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+15550100100',
		displayOptions: showForNumber,
		description: 'Twilio phone number (E.164) or alphanumeric sender ID',
	},
	{
		displayName: 'Messaging Service SID',
		name: 'messagingServiceSid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'MGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
		displayOptions: showForService,
	},
	...templateProperties('SMS'),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'Hi {{ first_name }}, see you tomorrow at {{ appointment.start_time }}!',
		description:
			"Text of the SMS (with a template: leave empty to use the template's text). Supports merge fields like {{ contact.first_name }} in fixed text.",
	},
	{
		displayName: 'Media URLs',
		name: 'mediaUrls',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/menu.jpg',
		description:
			'Public links to images or files, one per line or separated by commas. Sent as MMS media or appended to the text (see Media Delivery option).',
	},
	communicationNameProperty,
	...scheduleProperties,
	sendOptionsProperty(DEFAULT_SMS_OUTPUT, smsOptions, {
		maxConcurrentSends: DEFAULT_SMS_CONCURRENCY,
	}),
];
