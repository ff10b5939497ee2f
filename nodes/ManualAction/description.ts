// Parameters of the Manual Action node: task type, contact, assignment, notification, wait limit.
import type { INodeProperties } from 'n8n-workflow';

import { participantIdProperty } from '../shared/descriptions';
import { defaultCountryOption } from '../shared/recipients/phone-fields';
import { fromVersion2, version1Only } from '../shared/versioned-params';

import {
	contactNameField,
	limitWaitTimeField,
	movedToOptions,
	waitAmountField,
	waitUnitField,
} from './moved-fields';

export const DEFAULT_TASK_OUTPUT = 'Manual task has been completed.';

const showOnlyForSms = { show: { taskType: ['sms'] } };

export const CALL_OUTCOMES = [
	{ value: 'answered', label: 'Talked to the contact' },
	{ value: 'voicemail', label: 'Left a voicemail' },
	{ value: 'no_answer', label: 'No answer' },
	{ value: 'busy', label: 'Busy' },
	{ value: 'wrong_number', label: 'Wrong number' },
	{ value: 'other', label: 'Other (see notes)' },
] as const;

export const SMS_OUTCOMES = [
	{ value: 'sent', label: 'Send the message' },
	{ value: 'not_sent', label: 'Do not send' },
] as const;

const taskOptions: INodeProperties[] = [
	defaultCountryOption,
	{
		displayName: 'Notify When Unassigned',
		name: 'unassignedNotifyTo',
		type: 'string',
		default: '',
		placeholder: 'desk@example.com',
		description:
			'Address on the Notify By channel that gets the task link when nobody could be assigned',
	},
	{
		displayName: 'Output',
		name: 'outputMessage',
		type: 'string',
		default: '',
		placeholder: DEFAULT_TASK_OUTPUT,
		description: `Message stored in the result's "output" field when the task is completed. Default: "${DEFAULT_TASK_OUTPUT}".`,
	},
	{
		displayName: 'Stop on Response',
		name: 'stopOnResponse',
		type: 'boolean',
		default: false,
		description:
			'Whether a reply from the contact (SMS, WhatsApp, Telegram, email, or an answered call) closes the open task as canceled (outcome "replied") so the workflow continues. Needs an active Communication Events workflow.',
	},
	{
		displayName: 'Result Field Name',
		name: 'resultField',
		type: 'string',
		default: 'communication',
	},
];

function optionsProperty(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const manualActionProperties: INodeProperties[] = [
	{
		displayName:
			'The execution waits until the task is completed or deleted on its page. A wait limit needs an active workflow with the Communication Dispatcher trigger.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Task Type',
		name: 'taskType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'SMS Task',
				value: 'sms',
				description: 'A person reviews, edits and sends a text to the contact',
			},
			{
				name: 'Call Task',
				value: 'call',
				description: 'A person calls the contact and records the outcome',
			},
		],
		default: 'call',
	},
	{
		displayName: 'Action Name',
		name: 'actionName',
		type: 'string',
		default: '',
		placeholder: 'Lead Follow-Up Call',
		description: 'Shown to the assignee on the notification and the task page',
	},
	participantIdProperty,
	version1Only(contactNameField),
	{
		displayName: 'Contact Phone',
		name: 'contactPhone',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		description: 'The number to call or text',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: showOnlyForSms,
		placeholder: 'Hi {{ first_name }}, thanks for your interest! Book a consultation here: ...',
		description:
			'The proposed text; the assignee can edit it on the task page. Supports merge fields like {{ first_name }}.',
	},
	{
		displayName: 'Send on Completion',
		name: 'sendOnCompletion',
		type: 'boolean',
		default: true,
		displayOptions: showOnlyForSms,
		description:
			'Whether completing the task with "Send the message" sends the final text to the contact through Twilio',
	},
	{
		displayName: 'Instructions',
		name: 'instructions',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Notes for the assignee (talking points, context). Supports merge fields.',
	},
	{
		displayName: 'Assign To Name or ID',
		name: 'assignTo',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeamMembers' },
		default: '',
		description:
			'The member who gets the task if they may access the contact; otherwise the contact owner (owner / assigned_user), else nobody. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Notify By',
		name: 'notifyBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Slack', value: 'slack' },
			{ name: 'SMS', value: 'sms' },
			{ name: "Don't Notify", value: 'none' },
		],
		default: 'email',
		description: 'How the assignee receives the link to the task page',
	},
	version1Only(limitWaitTimeField),
	version1Only(waitAmountField),
	version1Only(waitUnitField),
	version1Only(optionsProperty(taskOptions)),
	// Version 2: Contact Name and the wait limit live in Options.
	fromVersion2(optionsProperty([...taskOptions, ...movedToOptions])),
];
