// Telegram Communication: sends the Start Phrase (or Welcome Text) to each participant's telegram_id through the shared send loop.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runCommunicationItems } from '../shared/item-pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import { readTimeoutMs } from '../shared/transport/retry';
import { TELEGRAM_CREDENTIAL, TelegramClient, telegramCredentials, testTelegramCredential } from '../shared/transport/telegram';
import { telegramProperties } from './description';
import { telegramRunner } from './telegram-message';

export class TelegramCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Communication',
		name: 'telegramCommunication',
		icon: { light: 'file:telegram.svg', dark: 'file:telegram.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "to telegram_id" + ($parameter["parseMode"] === "none" ? "" : " (" + $parameter["parseMode"] + ")") }}',
		description: "Start a Telegram conversation: send the Start Phrase to the participant's telegram_id",
		defaults: { name: 'Telegram Communication' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationTelegramApi', required: true, testedBy: 'communicationTelegramApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		properties: telegramProperties,
	};

	methods = {
		credentialTest: {
			communicationTelegramApiTest: testTelegramCredential,
			communicationLedgerTest: testLedgerCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = telegramCredentials(await this.getCredentials(TELEGRAM_CREDENTIAL));
		const client = new TelegramClient(credentials, readTimeoutMs(this));
		return await runCommunicationItems(this, telegramRunner(this, client, [credentials.botToken]));
	}
}
