// Slack bot token for Slack Message (and the team notifications that reuse its transport).
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationSlackApi implements ICredentialType {
	name = 'communicationSlackApi';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#slack-credential';

	displayName = 'Communication Slack API';

	icon = {
		light: 'file:../nodes/SlackMessage/slack.svg',
		dark: 'file:../nodes/SlackMessage/slack.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'xoxb-...',
			description:
				'The Bot User OAuth Token of your Slack app (OAuth & Permissions page). Scopes: chat:write, users:read, users:read.email, channels:read, groups:read.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://slack.com/api/',
			description: 'Advanced: only change this for a proxy or a local test server',
		},
	];
}
