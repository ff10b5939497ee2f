// Parameters of the Voice Communication node: Outbound Call, Bridge Call and Voicemail Drop.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
} from '../shared/descriptions';
import { defaultCountryOption, statusCallbackOption } from '../shared/phone-fields';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';

export type VoiceOperation = 'outboundCall' | 'bridgeCall' | 'voicemailDrop';

export const DEFAULT_VOICE_OUTPUT: Record<VoiceOperation, string> = {
	outboundCall: 'Call has been successfully started.',
	bridgeCall: 'Bridge call has been successfully started.',
	voicemailDrop: 'Voicemail drop has been successfully started.',
};

const showFor = (...operation: VoiceOperation[]) => ({ show: { operation } });
const showForTwiml = { show: { operation: ['outboundCall'], callInstructions: ['twiml'] } };
const showForTwimlUrl = { show: { operation: ['outboundCall'], callInstructions: ['url'] } };

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
	{
		displayName: 'SIP Server',
		name: 'sipServer',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sip.example.com',
		displayOptions: showFor('outboundCall'),
		description: 'Host (and optional :port) of the SIP server that routes the call to the contact',
	},
	{
		displayName: 'SIP Parameters',
		name: 'sipParameters',
		type: 'string',
		default: '',
		placeholder: 'transport=udp;timeout=30',
		displayOptions: showFor('outboundCall'),
		description:
			'Optional key=value pairs separated by semicolons, added to the SIP address. Transport may be udp, tcp or tls.',
	},
	{
		displayName: 'Call Instructions',
		name: 'callInstructions',
		type: 'options',
		options: [
			{ name: 'TwiML', value: 'twiml', description: 'Write what happens in the call' },
			{
				name: 'TwiML URL',
				value: 'url',
				description: 'Twilio fetches the instructions from your URL',
			},
		],
		default: 'twiml',
		displayOptions: showFor('outboundCall'),
	},
	{
		displayName: 'TwiML',
		name: 'twiml',
		type: 'string',
		typeOptions: { rows: 5 },
		default:
			'<Response><Say>Hello {{ first_name }}, this is a call from our team.</Say></Response>',
		displayOptions: showForTwiml,
		description:
			'TwiML with a &lt;Response&gt; root. Merge fields like {{ first_name }} are filled in and escaped.',
	},
	{
		displayName: 'TwiML URL',
		name: 'twimlUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/call.xml',
		displayOptions: showForTwimlUrl,
	},
	{
		displayName: 'Assigned User Phone',
		name: 'assignedUserPhone',
		type: 'string',
		default: '={{ $json.assigned_user_phone }}',
		displayOptions: showFor('bridgeCall'),
		description:
			'Number of the user the contact is assigned to; rung first. Empty: the contact owner (owner / assigned_user attribute) from the Team Directory credential if the node has one, else the Company Phone.',
	},
	{
		displayName: 'Company Phone',
		name: 'companyPhone',
		type: 'string',
		default: '',
		placeholder: '+15550100100',
		displayOptions: showFor('bridgeCall'),
		description:
			"Rung when the contact has no assigned user. Empty: the Team Directory's company phone.",
	},
	{
		displayName: 'Call Whisper',
		name: 'whisper',
		type: 'string',
		typeOptions: { rows: 2 },
		default: 'You have a new lead, {{ name }}. Press any key to connect.',
		displayOptions: showFor('bridgeCall'),
		description:
			'Said to the user who answers, before the contact is connected. Supports merge fields.',
	},
	{
		displayName: 'Repeat Whisper',
		name: 'whisperRepeat',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3 },
		default: 2,
		displayOptions: showFor('bridgeCall'),
		description: 'How many times the whisper is said (1 to 3)',
	},
	{
		displayName: 'Connect Call After Keypress',
		name: 'connectAfterKeypress',
		type: 'boolean',
		default: true,
		displayOptions: showFor('bridgeCall'),
		description:
			'Whether the contact is dialled only after the user presses a key, confirming a person answered',
	},
	{
		displayName: 'Disable Voicemail Detect',
		name: 'disableVoicemailDetect',
		type: 'boolean',
		default: false,
		displayOptions: showFor('bridgeCall'),
		description:
			'Whether to skip answering-machine detection: connects faster, but the output cannot tell a person from a voicemail',
	},
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/voicemail.mp3',
		displayOptions: showFor('voicemailDrop'),
		description: 'Public link to the audio file (MP3 or WAV) left on the voicemail',
	},
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
	sendOptionsProperty(DEFAULT_VOICE_OUTPUT.outboundCall, voiceOptions),
];
