import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { templateListSearch } from '../shared/templates';
import { resumeWebhooks } from '../shared/schedule/webhooks';

import { emailHandlers } from './runner';
import { emailProperties } from './description';

export class EmailCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Email Communication',
		name: 'emailCommunication',
		icon: { light: 'file:email.svg', dark: 'file:email.dark.svg' },
		group: ['output'],
		// Version 2 moves From Name, CC, BCC, Reply-To and attachments into Options; version 1
		// workflows keep their top-level fields unchanged.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ "to " + $parameter["toEmail"] }}',
		description:
			'Send emails to contacts over SMTP, with merge fields, attachments and no duplicates',
		defaults: { name: 'Email Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationSmtpApi',
				displayName: 'SMTP (sends the email)',
				required: true,
				testedBy: 'smtpConnectionTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: emailProperties,
	};

	methods = {
		credentialTest: credentialTests,
		listSearch: { searchTemplates: templateListSearch('email') },
	};

	execute = emailHandlers.execute;

	webhook = emailHandlers.webhook;
}
