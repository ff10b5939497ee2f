// Voice Communication: Twilio calls to contacts (SIP outbound call, bridge call, voicemail drop).
import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { resumeWebhooks } from '../shared/schedule/webhooks';

import { voiceHandlers } from './runner';
import { voiceProperties } from './description';

export class VoiceCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voice Communication',
		name: 'voiceCommunication',
		icon: { light: 'file:voice.svg', dark: 'file:voice.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Call contacts through Twilio: SIP outbound calls, bridge calls with a whisper, voicemail drops',
		defaults: { name: 'Voice Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTwilioApi',
				displayName: 'Twilio (places the call)',
				required: true,
				testedBy: 'communicationTwilioApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
			{
				name: 'communicationTeamDirectoryApi',
				displayName: "Team Directory (optional; bridge calls ring the contact's owner)",
				required: false,
				testedBy: 'communicationTeamDirectoryTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: voiceProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	execute = voiceHandlers.execute;

	webhook = voiceHandlers.webhook;
}
