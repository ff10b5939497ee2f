// WhatsApp Communication: sends an approved template message to each participant through the shared send loop;
// items outside their time window are planned and sent later through webhook().
import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { whatsAppProperties } from './description';
import { searchTemplates } from './methods/list-search';
import { whatsAppHandlers } from './runner';

export class WhatsAppCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Communication',
		name: 'whatsAppCommunication',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['output'],
		// Version 2 turns Template Name into a picker over the account's approved templates (or by
		// name); version 1 workflows keep their plain name, which version 2 reads the same way.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ "template " + String(typeof $parameter["templateName"] === "object" ? $parameter["templateName"].value : $parameter["templateName"]).replace("|", " · ") }}',
		description: 'Start a WhatsApp conversation with an approved template message',
		defaults: { name: 'WhatsApp Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationWhatsAppApi',
				displayName: 'WhatsApp (sends the template)',
				required: true,
				testedBy: 'communicationWhatsAppApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: whatsAppProperties,
	};

	methods = {
		credentialTest: credentialTests,
		listSearch: { searchTemplates },
	};

	execute = whatsAppHandlers.execute;

	webhook = whatsAppHandlers.webhook;
}
