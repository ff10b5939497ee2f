// WhatsApp Communication: sends an approved template message to each participant through the shared send loop.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runCommunicationItems } from '../shared/item-pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import { readTimeoutMs } from '../shared/transport/retry';
import { testWhatsAppCredential, WHATSAPP_CREDENTIAL, WhatsAppClient, whatsAppCredentials } from '../shared/transport/whatsapp';
import { whatsAppProperties } from './description';
import { whatsAppRunner } from './whatsapp-template';

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
		properties: whatsAppProperties,
	};

	methods = {
		credentialTest: {
			communicationWhatsAppApiTest: testWhatsAppCredential,
			communicationLedgerTest: testLedgerCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = whatsAppCredentials(await this.getCredentials(WHATSAPP_CREDENTIAL));
		const client = new WhatsAppClient(credentials, readTimeoutMs(this));
		return await runCommunicationItems(this, whatsAppRunner(this, client, [credentials.accessToken]));
	}
}
