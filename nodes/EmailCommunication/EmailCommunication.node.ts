import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { conversationHandlers } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { testLedgerCredential } from '../shared/ledger/access';
import {
	SMTP_CREDENTIAL,
	classifySmtpError,
	createSmtpTransport,
	describeSmtpError,
	smtpSettingsFrom,
	verifySmtp,
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
		credentialTest: {
			async smtpConnectionTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const settings = smtpSettingsFrom(credential.data ?? {});
				try {
					await verifySmtp(settings);
					return { status: 'OK', message: 'Connection successful' };
				} catch (error) {
					return { status: 'Error', message: describeSmtpError(error, settings).message };
				}
			},
			communicationLedgerTest: testLedgerCredential,
		},
	};

	execute = handlers.execute;

	webhook = handlers.webhook;
}
