// The Schedule section and Communication Name every conversation node shows.
import type { INodeProperties } from 'n8n-workflow';

export const communicationNameProperty: INodeProperties = {
	displayName: 'Communication Name',
	name: 'communicationName',
	type: 'string',
	default: '',
	placeholder: 'APPOINTMENT_REMINDER',
	description:
		'Names this communication in the ledger (UPPER_SNAKE_CASE: letters, digits and underscores), so Cancel Communications and the statistics can find it',
};

export const scheduleProperties: INodeProperties[] = [
	{
		displayName:
			'Items whose time window is closed are planned and sent later by the Communication Dispatcher: keep one active workflow that starts with it.',
		name: 'scheduleNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Schedule',
		name: 'schedule',
		type: 'collection',
		placeholder: 'Add schedule setting',
		default: {},
		description: 'When the communication may be sent. Without settings it is sent at once.',
		options: [
			{
				displayName: 'Best Time to Contact',
				name: 'bestTime',
				type: 'boolean',
				default: false,
				description:
					'Whether to pick a time from the hours the participant answered calls (call log) or their best_time_to_contact attribute (inside From/To when set), else spread participants evenly over the window',
			},
			{
				displayName: 'Communication Date and Time',
				name: 'date',
				type: 'string',
				default: '',
				placeholder: '2026-12-01 or 2026-12-01T09:30:00',
				description:
					'Earliest moment to send. Empty means today. A date alone means that day in the scheduling time zone.',
			},
			{
				displayName: 'Communication Duration',
				name: 'duration',
				type: 'string',
				default: '',
				placeholder: '48:00',
				description:
					'HH:MM after the Communication Date and Time: a communication that has not started by then expires and is never sent late',
			},
			{
				displayName: 'Customer Context',
				name: 'customerContext',
				type: 'json',
				default: '{}',
				description:
					'Extra attributes (a JSON object) available to merge fields and kept with a planned communication',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: '09:00',
				description: 'Start of the daily window (HH:MM, local to the scheduling time zone)',
			},
			{
				displayName: 'Stop on Response',
				name: 'stopOnResponse',
				type: 'options',
				options: [
					{
						name: 'All Planned Communications of the Contact',
						value: 'all',
						description:
							'A reply cancels every planned communication of the contact and closes their open manual tasks',
					},
					{
						name: 'Only This Communication Name',
						value: 'name',
						description: 'A reply cancels the planned communications with this Communication Name',
					},
				],
				default: 'all',
				description:
					'What a reply from the participant (SMS, WhatsApp, Telegram, email, or an answered call) cancels while this communication is planned; its execution continues with status "canceled", reason "replied". Needs an active Communication Events workflow.',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description:
					"IANA time zone used when the participant has no valid 'timezone' attribute. Empty: the workflow's, then the instance's time zone.",
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: '18:00',
				description:
					'End of the daily window (HH:MM); earlier than From means the window crosses midnight',
			},
		],
	},
];
