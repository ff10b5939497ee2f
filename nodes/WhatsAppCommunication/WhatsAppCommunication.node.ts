// WhatsApp Communication: sends an approved template message to each participant through the shared send loop;
// items outside their time window are planned and sent later through webhook().
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { runCommunicationItems, type ChannelRunner } from '../shared/item-pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import { resumeCommunicationNode } from '../shared/schedule/resume';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { timeoutMsFrom } from '../shared/transport/retry';
import { testWhatsAppCredential, WHATSAPP_CREDENTIAL, WhatsAppClient, whatsAppCredentials } from '../shared/transport/whatsapp';
import { whatsAppProperties } from './description';
import { whatsAppRunner } from './whatsapp-template';

/** One client per execution (or resume), shared by every item. */
function runnerFor(data: ICredentialDataDecryptedObject, options: unknown): ChannelRunner<IDataObject> {
	const credentials = whatsAppCredentials(data);
	return whatsAppRunner(new WhatsAppClient(credentials, timeoutMsFrom(options)), [credentials.accessToken]);
}

export class WhatsAppCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Communication',
		name: 'whatsAppCommunication',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "template " + $parameter["templateName"] }}',
		description: 'Start a WhatsApp conversation with an approved template message',
		defaults: { name: 'WhatsApp Communication' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationWhatsAppApi', required: true, testedBy: 'communicationWhatsAppApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		webhooks: resumeWebhooks,
		properties: whatsAppProperties,
	};

	methods = {
		credentialTest: {
			communicationWhatsAppApiTest: testWhatsAppCredential,
			communicationLedgerTest: testLedgerCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const runner = runnerFor(await this.getCredentials(WHATSAPP_CREDENTIAL), this.getNodeParameter('options', 0, {}));
		return await runCommunicationItems(this, runner);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const runner = runnerFor(await this.getCredentials(WHATSAPP_CREDENTIAL), this.getNodeParameter('options', {}));
		return await resumeCommunicationNode(this, runner);
	}
}
