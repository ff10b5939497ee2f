import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationSmtpApi implements ICredentialType {
	name = 'communicationSmtpApi';

	displayName = 'SMTP (Communication Actions)';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#email-communication';

	icon = { light: 'file:icons/smtp.svg', dark: 'file:icons/smtp.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			placeholder: 'smtp.example.com',
			required: true,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 587,
			description: 'Usually 587 for STARTTLS, 465 for TLS and 25 for unencrypted relays',
		},
		{
			displayName: 'Security',
			name: 'security',
			type: 'options',
			options: [
				{
					name: 'STARTTLS',
					value: 'starttls',
					description: 'Connect in plain text, then upgrade (required)',
				},
				{ name: 'TLS', value: 'tls', description: 'Encrypted from the first byte (implicit TLS)' },
				{
					name: 'None',
					value: 'none',
					description: 'No encryption: only for trusted local relays',
				},
			],
			default: 'starttls',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Leave empty for servers that do not require authentication',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Allow Self-Signed Certificates',
			name: 'allowSelfSigned',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a certificate that is not signed by a trusted authority',
		},
		{
			displayName: 'Pool Size',
			name: 'poolSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description: 'How many SMTP connections one execution may open at most',
		},
		{
			displayName: 'Default Sender Email',
			name: 'fromEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Used when a node leaves From Email empty',
		},
		{
			displayName: 'Default Sender Name',
			name: 'fromName',
			type: 'string',
			default: '',
		},
	];
}
