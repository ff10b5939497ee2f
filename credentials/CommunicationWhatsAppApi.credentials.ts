// WhatsApp Cloud API (Meta Graph) access for WhatsApp Communication.
import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationWhatsAppApi implements ICredentialType {
	name = 'communicationWhatsAppApi';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#whatsapp-cloud-credential';

	displayName = 'Communication WhatsApp Cloud API';

	icon = {
		light: 'file:../nodes/WhatsAppCommunication/whatsapp.svg',
		dark: 'file:../nodes/WhatsAppCommunication/whatsapp.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A System User access token with the whatsapp_business_messaging permission (temporary tokens from the App Dashboard expire after 24 hours)',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The ID of the sending business phone number (WhatsApp > API Setup), not the phone number itself',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description:
				"Optional. The ID of the WhatsApp Business Account that owns the templates (WhatsApp Manager > Account tools, or API Setup). With it the node lists the approved templates to pick from and checks each message's parameters against its template before sending.",
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v21.0',
			description: 'The Graph API version to call, e.g. v21.0',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"For the Communication Events trigger: the Meta app's secret (App Settings > Basic), which signs every webhook POST",
		},
		{
			displayName: 'Webhook Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the Communication Events trigger: the token you type into the webhook setup (WhatsApp > Configuration); Meta sends it back to verify the URL',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Advanced: only change this for a proxy or a local test server',
		},
	];

	/** Reads the sending phone number: proves both the token and the Phone Number ID. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/{{ $credentials.apiVersion }}/{{ $credentials.phoneNumberId }}',
			headers: { Authorization: '=Bearer {{ $credentials.accessToken }}' },
		},
	};
}
