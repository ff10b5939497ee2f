// Parameters of the Review Request node: send (Email or SMS) and record an SMS delivery status.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
} from '../shared/descriptions';
import { defaultCountryOption, statusCallbackOption } from '../shared/phone-fields';

export const DEFAULT_REVIEW_OUTPUT = 'Review request has been sent.';

const showOnlyForSend = { show: { operation: ['send'] } };
const showOnlyForEmail = { show: { operation: ['send'], reviewType: ['email'] } };
const showOnlyForSms = { show: { operation: ['send'], reviewType: ['sms'] } };
const showOnlyForDeliveryStatus = { show: { operation: ['recordDeliveryStatus'] } };

const reviewOptions: INodeProperties[] = [
	defaultCountryOption,
	failOnMissingMergeFieldsOption,
	{
		displayName: 'On Behalf Of Member Name or ID',
		name: 'onBehalfOf',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeamMembers' },
		default: '',
		description:
			'Send on behalf of this member instead of the contact\'s assigned user (owner / assigned_user). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Send From Member Address',
		name: 'fromMemberAddress',
		type: 'boolean',
		default: false,
		description:
			"Whether the email's From address is the member's own email (your SMTP server must allow it). Off: the SMTP credential's sender, with the member's name and their address as Reply-To.",
	},
	{
		...statusCallbackOption('review SMS'),
		description:
			'Twilio posts the SMS status changes here, e.g. a Webhook node followed by Review Request with "Record Delivery Status"',
	},
];

export const reviewRequestProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a review request',
				description: 'Ask the contact for a review by email or SMS',
			},
			{
				name: 'Record Delivery Status',
				value: 'recordDeliveryStatus',
				action: 'Record an SMS delivery status',
				description: "Store a Twilio status callback so the request's status becomes delivered",
			},
		],
		default: 'send',
	},
	{ ...participantIdProperty, displayOptions: showOnlyForSend },
	{
		displayName: 'Review Type',
		name: 'reviewType',
		type: 'options',
		noDataExpression: true,
		displayOptions: showOnlyForSend,
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'SMS', value: 'sms' },
		],
		default: 'email',
	},
	{
		displayName: 'To Email',
		name: 'toEmail',
		type: 'string',
		default: '={{ $json.email }}',
		required: true,
		displayOptions: showOnlyForEmail,
	},
	{
		displayName: 'To Phone',
		name: 'toPhone',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		displayOptions: showOnlyForSms,
	},
	{
		displayName: 'Review Link',
		name: 'reviewLink',
		type: 'string',
		default: '',
		displayOptions: showOnlyForSend,
		placeholder: 'https://g.page/r/your-business/review',
		description: "Empty: the Team Directory's review link",
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		displayOptions: showOnlyForEmail,
		description: "Empty: the Team Directory's review email subject",
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: showOnlyForSend,
		description:
			"Empty: the Team Directory's review wording. Merge fields: the contact's fields, {{ review_link }} (added at the end if the text has no link), {{ user.name }} for the member it is sent on behalf of.",
	},
	{
		displayName: 'Message SID',
		name: 'messageSid',
		type: 'string',
		default: '={{ $json.body.MessageSid }}',
		required: true,
		displayOptions: showOnlyForDeliveryStatus,
		description: "Twilio's ID of the message, from the status callback",
	},
	{
		displayName: 'Message Status',
		name: 'messageStatus',
		type: 'string',
		default: '={{ $json.body.MessageStatus }}',
		required: true,
		displayOptions: showOnlyForDeliveryStatus,
		placeholder: 'delivered',
	},
	{ ...sendOptionsProperty(DEFAULT_REVIEW_OUTPUT, reviewOptions), displayOptions: showOnlyForSend },
];
