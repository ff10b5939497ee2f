import { NodeConnectionTypes } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { conversationHandlers } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import {
	SMTP_CREDENTIAL,
	classifySmtpError,
	createSmtpTransport,
	smtpSettingsFrom,
} from '../shared/transport/smtp';

import { composeEmail, type EmailPayload } from './compose';
import { DEFAULT_EMAIL_OUTPUT, emailProperties } from './description';
import { sendEmail } from './send';

async function emailRunner(
	credentials: ICredentialDataDecryptedObject,
): Promise<ChannelRunner<EmailPayload>> {
	const smtp = smtpSettingsFrom(credentials);
	const transport = await createSmtpTransport(smtp);
	return {
		channel: 'email',
		defaultOutput: DEFAULT_EMAIL_OUTPUT,
		schedulable: true,
		prepare: async (item) => await composeEmail(item, smtp),
		send: async (payload) => await sendEmail(transport, smtp, payload),
		classify: classifySmtpError,
		secrets: [smtp.password],
		close: () => transport.close(),
	};
}

const handlers = conversationHandlers(
	SMTP_CREDENTIAL,
	async (_ctx, data) => await emailRunner(data),
);

export class EmailCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Email Communication',
		name: 'emailCommunication',
		icon: { light: 'file:email.svg', dark: 'file:email.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "to " + $parameter["toEmail"] }}',
		description:
			'Send emails to contacts over SMTP, with merge fields, attachments and no duplicates',
		defaults: { name: 'Email Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationSmtpApi', required: true, testedBy: 'smtpConnectionTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		webhooks: resumeWebhooks,
		properties: emailProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	execute = handlers.execute;

	webhook = handlers.webhook;
}
