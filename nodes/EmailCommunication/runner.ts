// The Email Communication runner: one SMTP transport per execution (or resume), shared by every item.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { conversationHandlers, type NodeContext } from '../shared/pipeline/conversation-node';
import { templateSourceFor } from '../shared/templates';
import type { ChannelRunner } from '../shared/pipeline';
import {
	SMTP_CREDENTIAL,
	classifySmtpError,
	createSmtpTransport,
	smtpSettingsFrom,
} from '../shared/transport/smtp';

import { composeEmail, type EmailPayload } from './prepare';
import { DEFAULT_EMAIL_OUTPUT } from './description';
import { emailUnsubscribeLinks } from './one-click';
import { sendEmail } from './send';

async function emailRunner(
	ctx: NodeContext,
	credentials: ICredentialDataDecryptedObject,
): Promise<ChannelRunner<EmailPayload>> {
	const smtp = smtpSettingsFrom(credentials);
	const unsubscribe = await emailUnsubscribeLinks(ctx);
	const transport = await createSmtpTransport(smtp);
	const templates = templateSourceFor(ctx);
	return {
		channel: 'email',
		defaultOutput: DEFAULT_EMAIL_OUTPUT,
		schedulable: true,
		prepare: async (item) => await composeEmail(item, smtp, templates, unsubscribe),
		send: async (payload) => await sendEmail(transport, smtp, payload),
		classify: classifySmtpError,
		secrets: [smtp.password],
		close: () => transport.close(),
	};
}

/** execute() and webhook() (resume of planned emails) of the node. */
export const emailHandlers = conversationHandlers(
	SMTP_CREDENTIAL,
	async (ctx, data) => await emailRunner(ctx, data),
);
