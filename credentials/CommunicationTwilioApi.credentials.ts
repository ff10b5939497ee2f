// Twilio account access for SMS Communication and Voice Communication: SID, secret, default sender.
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationTwilioApi implements ICredentialType {
	name = 'communicationTwilioApi';

	displayName = 'Communication Twilio API';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#twilio-credential';

	icon = { light: 'file:icons/twilio.svg', dark: 'file:icons/twilio.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			description: 'Shown on the Twilio console dashboard',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'Auth Token', value: 'authToken' },
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A revocable key created under Account > API keys (recommended)',
				},
			],
			default: 'authToken',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['authToken'] } },
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'Default From Number',
			name: 'fromNumber',
			type: 'string',
			default: '',
			placeholder: '+15551234567',
			description: 'Twilio number used as sender when a node does not set one (E.164)',
		},
		{
			displayName: 'Default Messaging Service SID',
			name: 'messagingServiceSid',
			type: 'string',
			default: '',
			placeholder: 'MGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			description:
				'Messaging Service used for SMS when neither the node nor this credential sets a From number. Twilio then picks the sender from its pool.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
			description: 'Advanced: only change this for a proxy or a local test server',
		},
	];
}
