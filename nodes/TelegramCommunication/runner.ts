// The Telegram Communication runner: one client per execution (or resume), shared by every item.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { conversationHandlers, nodeLevelParameter } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { templateSourceFor, type TemplateSource } from '../shared/templates';
import { retryDecisionFor, timeoutMsFrom } from '../shared/transport/retry';
import {
	TELEGRAM_CREDENTIAL,
	TelegramClient,
	telegramCredentials,
	type TelegramOutgoing,
} from '../shared/transport/telegram';

import { DEFAULT_OUTPUT } from './description';
import { prepareMessage } from './telegram-message';
import { sendTelegram } from './send';

/** One client per execution (or resume), shared by every item. */
function telegramRunner(
	data: ICredentialDataDecryptedObject,
	options: unknown,
	templates: TemplateSource,
): ChannelRunner<TelegramOutgoing> {
	const credentials = telegramCredentials(data);
	const client = new TelegramClient(credentials, timeoutMsFrom(options));
	return {
		channel: 'telegram',
		defaultOutput: DEFAULT_OUTPUT,
		schedulable: true,
		secrets: [credentials.botToken],
		classify: retryDecisionFor,
		prepare: async (item) => await prepareMessage(item, templates),
		send: async (payload) => await sendTelegram(client, payload),
	};
}

/** execute() and webhook() (resume of planned messages) of the node. */
export const telegramHandlers = conversationHandlers(TELEGRAM_CREDENTIAL, (ctx, data) =>
	telegramRunner(data, nodeLevelParameter(ctx, 'options', {}), templateSourceFor(ctx)),
);
