// Telegram bot token for Telegram Communication.
import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationTelegramApi implements ICredentialType {
	name = 'communicationTelegramApi';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#telegram-credential';

	displayName = 'Communication Telegram API';

	icon = {
		light: 'file:../nodes/TelegramCommunication/telegram.svg',
		dark: 'file:../nodes/TelegramCommunication/telegram.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '123456789:ABC-DEF...',
			description: 'The token @BotFather gave you when you created the bot',
		},
		{
			displayName: 'Webhook Secret Token',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the Communication Events trigger: the secret_token given to setWebhook (1-256 characters A-Z, a-z, 0-9, _ and -); Telegram sends it back with every update',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.telegram.org',
			description:
				'Advanced: change this for a self-hosted Telegram Bot API server, a proxy or a local test server',
		},
	];

	/** getMe: the cheapest call that proves the token belongs to a bot. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}/bot{{$credentials.botToken}}',
			url: '/getMe',
		},
	};
}
