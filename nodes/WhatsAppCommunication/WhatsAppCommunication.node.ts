// WhatsApp Communication: sends an approved template message to each participant through the shared send loop;
// items outside their time window are planned and sent later through webhook().
import { NodeConnectionTypes } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { conversationHandlers, nodeLevelParameter } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { timeoutMsFrom } from '../shared/transport/retry';
import {
	WHATSAPP_CREDENTIAL,
	WhatsAppClient,
	whatsAppCredentials,
} from '../shared/transport/whatsapp';
import type { WhatsAppMessage } from '../shared/transport/whatsapp-message';
import { whatsAppProperties } from './description';
import { whatsAppRunner } from './whatsapp-template';

/** One client per execution (or resume), shared by every item. */
function runnerFor(
	data: ICredentialDataDecryptedObject,
	options: unknown,
): ChannelRunner<WhatsAppMessage> {
	const credentials = whatsAppCredentials(data);
	return whatsAppRunner(new WhatsAppClient(credentials, timeoutMsFrom(options)), [
		credentials.accessToken,
	]);
}

const handlers = conversationHandlers(WHATSAPP_CREDENTIAL, (ctx, data) =>
	runnerFor(data, nodeLevelParameter(ctx, 'options', {})),
);

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
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationWhatsAppApi',
				required: true,
				testedBy: 'communicationWhatsAppApiTest',
			},
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		webhooks: resumeWebhooks,
		properties: whatsAppProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	execute = handlers.execute;

	webhook = handlers.webhook;
}
