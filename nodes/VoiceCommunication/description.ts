// Parameters of the Voice Communication node, in the order the editor shows them: the operation,
// the contact, each operation's own fields, then timing, schedule and options.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
} from '../shared/descriptions';
import { defaultCountryOption, statusCallbackOption } from '../shared/recipients/phone-fields';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';

import { voiceActions } from './actions/router';

const voiceOptions: INodeProperties[] = [
	defaultCountryOption,
	failOnMissingMergeFieldsOption,
	{
		displayName: 'Whisper Language',
		name: 'language',
		type: 'string',
		default: 'en-US',
		placeholder: 'en-US',
		displayOptions: { show: { '/operation': ['bridgeCall'] } },
		description:
			'Language the whisper is spoken in (BCP-47 tag Twilio supports, e.g. en-GB, de-DE)',
	},
	statusCallbackOption('call'),
	{
		displayName: 'Wait for Answer',
		name: 'waitForAnswer',
		type: 'boolean',
		default: true,
		displayOptions: { show: { '/operation': ['bridgeCall', 'voicemailDrop'] } },
		description:
			'Whether to watch the call until it is known who answered (person, machine or nobody) and put that in the output. Voicemail Drop needs it to hang up on a person before the recording plays.',
	},
];

export const voiceProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Outbound Call',
				value: 'outboundCall',
				description: 'Call the contact through your SIP server and run TwiML',
				action: 'Call the contact through a SIP server',
			},
			{
				name: 'Bridge Call',
				value: 'bridgeCall',
				description: 'Ring the assigned user, whisper who is calling, then connect the contact',
				action: 'Connect the assigned user with the contact',
			},
			{
				name: 'Voicemail Drop',
				value: 'voicemailDrop',
				description:
					"Leave a recording on the contact's voicemail; a person who answers does not hear it",
				action: 'Leave a recording on the voicemail of the contact',
			},
		],
		default: 'outboundCall',
	},
	participantIdProperty,
	{
		displayName: 'Contact Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		placeholder: '+15550100123',
		description:
			'Number of the contact, in international format (E.164) or national with the Default Country option',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '+15550100100',
		description:
			"Twilio number the call comes from. Leave empty to use the credential's Default From Number.",
	},
	...Object.values(voiceActions).flatMap((action) => action.description),
	{
		displayName: 'Call Timeout (Seconds)',
		name: 'callTimeout',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 600 },
		default: 30,
		description:
			'How long a phone may ring before the attempt ends. 20 seconds or less usually ends before a voicemail picks up.',
	},
	communicationNameProperty,
	...scheduleProperties,
	sendOptionsProperty(voiceActions.outboundCall.defaultOutput, voiceOptions),
];
