// Parameters of the Log External Call node.
import type { INodeProperties } from 'n8n-workflow';

import { participantIdProperty } from '../shared/descriptions';
import { defaultCountryOption } from '../shared/recipients/phone-fields';

export const DEFAULT_CALL_LOG_OUTPUT = 'Call has been logged.';

export const logExternalCallProperties: INodeProperties[] = [
	{
		...participantIdProperty,
		description:
			"The contact the call belongs to. Leave empty to file the call under the contact's phone number (From for inbound, To for outbound).",
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{
				name: 'Inbound',
				value: 'inbound',
				description: 'The contact called you: their number is From',
			},
			{
				name: 'Outbound',
				value: 'outbound',
				description: 'You called the contact: their number is To',
			},
		],
		default: 'inbound',
		description: 'An expression may also give incoming/outgoing or in/out, as dialers write them',
	},
	{
		displayName: 'Date',
		name: 'callDate',
		type: 'string',
		default: '={{ $json.date }}',
		placeholder: '2025-03-01T14:30:00Z',
		description: 'When the call started: ISO 8601, epoch seconds or milliseconds. Empty: now.',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '={{ $json.from }}',
		placeholder: '+15550100123',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '={{ $json.to }}',
		placeholder: '+15550100456',
	},
	{
		displayName: 'Call Status',
		name: 'callStatus',
		type: 'string',
		default: '={{ $json.status }}',
		placeholder: 'completed',
		description:
			'Normalised to completed, no-answer, busy, failed, canceled or voicemail when recognised',
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'string',
		default: '={{ $json.duration }}',
		placeholder: '125 or 2:05',
		description: 'Seconds, mm:ss, hh:mm:ss or ISO 8601 (PT2M5S)',
	},
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '',
		placeholder: 'https://dialer.example.com/recordings/abc.mp3',
	},
	{
		displayName: 'External Call ID',
		name: 'externalCallId',
		type: 'string',
		default: '={{ $json.call_id }}',
		description:
			"The dialer's ID for the call. A call ID that was logged before is reported as a duplicate and not stored again.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			defaultCountryOption,
			{
				displayName: 'Output',
				name: 'outputMessage',
				type: 'string',
				default: '',
				placeholder: DEFAULT_CALL_LOG_OUTPUT,
				description: `Message stored in the result's "output" field. Default: "${DEFAULT_CALL_LOG_OUTPUT}".`,
			},
		],
	},
];
