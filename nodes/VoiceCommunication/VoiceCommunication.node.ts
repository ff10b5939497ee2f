// Voice Communication: Twilio calls to contacts (SIP outbound call, bridge call, voicemail drop).
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runCommunicationItems } from '../shared/item-pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import {
	classifyTwilioError,
	createTwilioClient,
	testTwilioCredential,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';

import { placeCall } from './call-outcome';
import { prepareCall, type CallPayload } from './calls';
import { DEFAULT_VOICE_OUTPUT, voiceProperties, type VoiceOperation } from './description';

export class VoiceCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voice Communication',
		name: 'voiceCommunication',
		icon: { light: 'file:voice.svg', dark: 'file:voice.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Call contacts through Twilio: SIP outbound calls, bridge calls with a whisper, voicemail drops',
		defaults: { name: 'Voice Communication' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationTwilioApi', required: true, testedBy: 'communicationTwilioApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		properties: voiceProperties,
	};

	methods = {
		credentialTest: {
			communicationTwilioApiTest: testTwilioCredential,
			communicationLedgerTest: testLedgerCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const twilio = twilioSettingsFrom(await this.getCredentials(TWILIO_CREDENTIAL));
		const client = await createTwilioClient(twilio);
		const operation = this.getNodeParameter('operation', 0) as VoiceOperation;
		return await runCommunicationItems<CallPayload>(this, {
			channel: 'voice',
			defaultOutput: DEFAULT_VOICE_OUTPUT[operation] ?? DEFAULT_VOICE_OUTPUT.outboundCall,
			prepare: (item) => prepareCall(item, (name, fallback) => this.getNodeParameter(name, item.itemIndex, fallback), twilio),
			send: async (payload) => await placeCall(client, payload),
			classify: classifyTwilioError,
			secrets: twilioSecrets(twilio),
		});
	}
}
