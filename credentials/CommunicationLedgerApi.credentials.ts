import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const showForPostgres = { show: { backend: ['postgres'] } };

export class CommunicationLedgerApi implements ICredentialType {
	name = 'communicationLedgerApi';

	displayName = 'Communication Ledger API';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#communication-ledger';

	icon = { light: 'file:icons/ledger.svg', dark: 'file:icons/ledger.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Optional. Without this credential the nodes keep their state in an embedded SQLite file in the n8n user folder. Use PostgreSQL when n8n runs in queue mode with several workers.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Backend',
			name: 'backend',
			type: 'options',
			options: [
				{ name: 'SQLite (Embedded)', value: 'sqlite' },
				{ name: 'PostgreSQL', value: 'postgres' },
			],
			default: 'sqlite',
		},
		{
			displayName: 'SQLite File Path',
			name: 'sqlitePath',
			type: 'string',
			default: '',
			placeholder: '/home/node/.n8n/communication-actions.sqlite',
			description: 'Leave empty for communication-actions.sqlite in the n8n user folder',
			displayOptions: { show: { backend: ['sqlite'] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			displayOptions: showForPostgres,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			displayOptions: showForPostgres,
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'n8n',
			displayOptions: showForPostgres,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: showForPostgres,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: showForPostgres,
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'communication_actions',
			description: 'Created automatically if it does not exist',
			displayOptions: showForPostgres,
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require', value: 'require' },
				{ name: 'Require (Allow Self-Signed)', value: 'allowSelfSigned' },
			],
			default: 'disable',
			displayOptions: showForPostgres,
		},
	];
}
