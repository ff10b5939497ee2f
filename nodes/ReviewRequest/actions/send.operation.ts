// Send: ask the contact for a review by email or SMS, on behalf of their assigned user.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
	sendToSuppressedOption,
} from '../../shared/descriptions';
import { defaultCountryOption, statusCallbackOption } from '../../shared/recipients/phone-fields';
import { DEFAULT_REVIEW_OUTPUT, reviewHandlers } from '../runner';

const showOnlyForEmail = { show: { reviewType: ['email'] } };
const showOnlyForSms = { show: { reviewType: ['sms'] } };

const reviewOptions: INodeProperties[] = [
	defaultCountryOption,
	failOnMissingMergeFieldsOption,
	sendToSuppressedOption,
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

const properties: INodeProperties[] = [
	participantIdProperty,
	{
		displayName: 'Review Type',
		name: 'reviewType',
		type: 'options',
		noDataExpression: true,
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
		description:
			"Empty: the Team Directory's review wording. Merge fields: the contact's fields, {{ review_link }} (added at the end if the text has no link), {{ user.name }} for the member it is sent on behalf of.",
	},
	sendOptionsProperty(DEFAULT_REVIEW_OUTPUT, reviewOptions),
];

export const description = updateDisplayOptions({ show: { operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await reviewHandlers.execute.call(this);
}
