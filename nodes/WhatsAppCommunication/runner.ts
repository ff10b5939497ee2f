// The WhatsApp Communication runner: one client per execution (or resume), shared by every item,
// and the template check before each send.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { conversationHandlers, nodeLevelParameter } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { retryDecisionFor, timeoutMsFrom } from '../shared/transport/retry';
import {
	WHATSAPP_CREDENTIAL,
	WhatsAppClient,
	whatsAppCredentials,
} from '../shared/transport/whatsapp';
import type { WhatsAppMessage } from '../shared/transport/whatsapp-message';

import { DEFAULT_OUTPUT } from './description';
import { prepareTemplate } from './prepare';
import { sendWhatsApp } from './send';
import { templateGate } from './template-gate';

/** One client per execution (or resume), shared by every item. */
function whatsAppRunner(
	data: ICredentialDataDecryptedObject,
	options: unknown,
): ChannelRunner<WhatsAppMessage> {
	const credentials = whatsAppCredentials(data);
	const client = new WhatsAppClient(credentials, timeoutMsFrom(options));
	const checkTemplate = templateGate(
		credentials.businessAccountId ? async (page) => await client.listTemplates(page) : undefined,
		[credentials.accessToken],
	);
	return {
		channel: 'whatsapp',
		defaultOutput: DEFAULT_OUTPUT,
		schedulable: true,
		secrets: [credentials.accessToken],
		classify: retryDecisionFor,
		prepare: async (item) => {
			const prepared = prepareTemplate(item);
			prepared.warnings.push(...(await checkTemplate(prepared.payload)));
			return prepared;
		},
		send: async (payload) => await sendWhatsApp(client, payload),
	};
}

/** execute() and webhook() (resume of planned messages) of the node. */
export const whatsAppHandlers = conversationHandlers(WHATSAPP_CREDENTIAL, (ctx, data) =>
	whatsAppRunner(data, nodeLevelParameter(ctx, 'options', {})),
);
