// The n8n credentials that point this package's nodes at the sandbox, with fixed ids that example workflows reference.
import type { Sandbox } from '../../sandbox';
import { builtCredentialTypes } from './built-types';

export interface SandboxCredential {
	/** Fixed, so `examples/*.json` can say `{ "<credential key>": { "id": "sandbox-smtp", "name": "Sandbox SMTP" } }`. */
	id: string;
	name: string;
	/** The credential type's `name`, e.g. communicationSmtpApi. */
	type: string;
	data: Record<string, unknown>;
}

type SandboxEndpoints = Pick<Sandbox, 'smtp' | 'urls' | 'credentials'>;

interface CredentialEntry {
	type: string;
	build(sandbox: SandboxEndpoints): Omit<SandboxCredential, 'type'>;
}

/**
 * What the Communication Events trigger verifies the sandbox's webhooks with: the WhatsApp app
 * secret (the sandbox signs with it once its seed's eventWebhooks carries it) and verify token,
 * and Telegram's secret token.
 */
export const SANDBOX_EVENT_SECRETS = {
	whatsappAppSecret: 'sandbox-whatsapp-app-secret',
	whatsappVerifyToken: 'sandbox-whatsapp-verify-token',
	telegramWebhookSecret: 'sandbox-telegram-webhook-secret',
};

/**
 * The Team Directory the examples expect (`sandbox-team`): Slack IDs are the sandbox's seeded users.
 * The engine tests (test/support/team-engine.ts) use this same object.
 */
export const SANDBOX_TEAM_DIRECTORY = {
	members: JSON.stringify([
		{
			id: 'u-alice',
			name: 'Alice Archer',
			email: 'alice@example.com',
			phone: '+14155550101',
			slackUserId: 'U0000ALICE',
			roles: ['sales', 'coordinator'],
			teams: ['front desk'],
			access: 'all',
		},
		{
			id: 'u-bob',
			name: 'Bob Baker',
			email: 'bob@example.com',
			phone: '+14155550102',
			slackUserId: 'U00000BOB0',
			roles: ['sales'],
			access: 'owned',
		},
		{
			id: 'u-carol',
			name: 'Carol Chen',
			email: 'carol@example.com',
			phone: '+14155550103',
			slackUserId: 'U000CAROL0',
			roles: ['manager'],
			access: 'all',
		},
	]),
	defaultCountry: 'US',
	companyPhone: '+14155550100',
	reviewLink: 'https://reviews.example.com/acme-clinic',
	reviewSubject: 'How was your visit, {{ first_name }}?',
	reviewMessage:
		'Hi {{ first_name }}, thank you for visiting Acme Clinic. Would you review your experience? {{ review_link }} Thanks, {{ user.name }}',
};

/**
 * One entry per credential type of this package. Each reaches the sandbox only through the credential's
 * documented fields (SMTP host/port, the "API Base URL" field); no node knows it talks to a sandbox.
 */
const ENTRIES: CredentialEntry[] = [
	{
		type: 'communicationSmtpApi',
		build: (sandbox) => ({
			id: 'sandbox-smtp',
			name: 'Sandbox SMTP',
			data: {
				host: sandbox.smtp.host,
				port: sandbox.smtp.port,
				// The sandbox offers STARTTLS with a CA it generates at start: a real TLS upgrade, self-signed.
				security: 'starttls',
				user: sandbox.smtp.user ?? '',
				password: sandbox.smtp.pass ?? '',
				allowSelfSigned: true,
				poolSize: 5,
				fromEmail: 'campaigns@sandbox.example',
				fromName: 'Communication Actions Demo',
			},
		}),
	},
	{
		type: 'communicationTwilioApi',
		build: ({ credentials, urls }) => ({
			id: 'sandbox-twilio',
			name: 'Sandbox Twilio',
			data: {
				accountSid: credentials.twilio.accountSid,
				authType: 'authToken',
				authToken: credentials.twilio.authToken,
				apiKeySid: '',
				apiKeySecret: '',
				fromNumber: credentials.twilio.fromNumber,
				messagingServiceSid: '',
				baseUrl: urls.twilio,
			},
		}),
	},
	{
		type: 'communicationSlackApi',
		build: ({ credentials, urls }) => ({
			id: 'sandbox-slack',
			name: 'Sandbox Slack',
			data: { botToken: credentials.slack.token, baseUrl: urls.slack },
		}),
	},
	{
		type: 'communicationTelegramApi',
		build: ({ credentials, urls }) => ({
			id: 'sandbox-telegram',
			name: 'Sandbox Telegram',
			data: {
				botToken: credentials.telegram.token,
				baseUrl: urls.telegram,
				webhookSecret: SANDBOX_EVENT_SECRETS.telegramWebhookSecret,
			},
		}),
	},
	{
		type: 'communicationWhatsAppApi',
		build: ({ credentials, urls }) => ({
			id: 'sandbox-whatsapp',
			name: 'Sandbox WhatsApp',
			data: {
				accessToken: credentials.whatsapp.token,
				phoneNumberId: credentials.whatsapp.phoneNumberId,
				businessAccountId: credentials.whatsapp.businessAccountId,
				apiVersion: credentials.whatsapp.apiVersion,
				baseUrl: urls.whatsapp,
				appSecret: SANDBOX_EVENT_SECRETS.whatsappAppSecret,
				verifyToken: SANDBOX_EVENT_SECRETS.whatsappVerifyToken,
			},
		}),
	},
	{
		type: 'communicationTeamDirectoryApi',
		build: () => ({
			id: 'sandbox-team',
			name: 'Sandbox Team Directory',
			data: { ...SANDBOX_TEAM_DIRECTORY },
		}),
	},
];

/**
 * The sandbox credentials for every entry whose type the built package declares, so a credential that
 * is still being written (not yet in package.json `n8n.credentials`) never breaks the demo.
 */
export function sandboxCredentials(
	sandbox: SandboxEndpoints,
	availableTypes: readonly string[] = builtCredentialTypes().map((credential) => credential.name),
): SandboxCredential[] {
	return ENTRIES.filter((entry) => availableTypes.includes(entry.type)).map((entry) => ({
		...entry.build(sandbox),
		type: entry.type,
	}));
}
