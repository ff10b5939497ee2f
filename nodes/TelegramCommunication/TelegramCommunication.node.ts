// Telegram Communication: sends the Start Phrase (or Welcome Text) to each participant's telegram_id through the
// shared send loop; items outside their time window are planned and sent later through webhook().
import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { templateListSearch } from '../shared/templates';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { telegramProperties } from './description';
import { telegramHandlers } from './runner';

export class TelegramCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Communication',
		name: 'telegramCommunication',
		icon: { light: 'file:telegram.svg', dark: 'file:telegram.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ "to telegram_id" + ($parameter["parseMode"] === "none" ? "" : " (" + $parameter["parseMode"] + ")") }}',
		description:
			"Start a Telegram conversation: send the Start Phrase to the participant's telegram_id",
		defaults: { name: 'Telegram Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTelegramApi',
				displayName: 'Telegram Bot (sends the message)',
				required: true,
				testedBy: 'communicationTelegramApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: telegramProperties,
	};

	methods = {
		credentialTest: credentialTests,
		listSearch: { searchTemplates: templateListSearch('telegram') },
	};

	execute = telegramHandlers.execute;

	webhook = telegramHandlers.webhook;
}
