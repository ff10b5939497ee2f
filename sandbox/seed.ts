// Default secrets and seed data, resolved from the options; the one place tests learn them from.
import type { SandboxOptions, SandboxSeed } from './types';

export interface SandboxCredentials {
	smtp: { host: string; port: number; tlsPort: number; user?: string; pass?: string; ca: string };
	twilio: {
		accountSid: string;
		authToken: string;
		apiKeySid: string;
		apiKeySecret: string;
		/** Accepted as From (any E.164 number is). */
		fromNumber: string;
		messagingServiceSid: string;
	};
	slack: { token: string; teamId: string; botUserId: string };
	telegram: { token: string; botId: number; botUsername: string };
	whatsapp: {
		token: string;
		phoneNumberId: string;
		/** The WhatsApp Business Account whose templates GET /{id}/message_templates lists. */
		businessAccountId: string;
		apiVersion: string;
		displayPhoneNumber: string;
	};
}

export type PeerSecrets = Omit<SandboxCredentials, 'smtp'>;

export function resolveSecrets(opts: SandboxOptions): PeerSecrets {
	const telegramToken = opts.telegramToken ?? '1234567890:AAHsandboxSANDBOXsandboxSANDBOX1234';
	return {
		twilio: {
			accountSid: opts.twilio?.accountSid ?? 'AC5a9d8b0c1e2f3a4b5c6d7e8f9a0b1c2d',
			authToken: opts.twilio?.authToken ?? 'sandbox_twilio_auth_token',
			apiKeySid: opts.twilio?.apiKeySid ?? 'SK5a9d8b0c1e2f3a4b5c6d7e8f9a0b1c2d',
			apiKeySecret: opts.twilio?.apiKeySecret ?? 'sandbox_twilio_api_key_secret',
			fromNumber: '+15005550006',
			messagingServiceSid: 'MG5a9d8b0c1e2f3a4b5c6d7e8f9a0b1c2d',
		},
		slack: {
			token: opts.slackToken ?? 'xoxb-sandbox-0000000001-sandboxtoken',
			teamId: 'T0SANDBOX',
			botUserId: 'U0SANDBOXBOT',
		},
		telegram: {
			token: telegramToken,
			// A bot token starts with the bot's user ID.
			botId: Number.parseInt(telegramToken.split(':')[0], 10) || 1234567890,
			botUsername: 'sandbox_comm_bot',
		},
		whatsapp: {
			token: opts.whatsapp?.token ?? 'EAASandboxWhatsAppCloudApiToken',
			phoneNumberId: opts.whatsapp?.phoneNumberId ?? '106540352242922',
			businessAccountId: opts.whatsapp?.businessAccountId ?? '102290129340398',
			apiVersion: 'v21.0',
			displayPhoneNumber: '+1 555-010-0100',
		},
	};
}

export const DEFAULT_SEED: SandboxSeed = {
	slackChannels: 50,
	slackPrivateChannels: 3,
	slackUsers: [
		{ id: 'U0000ALICE', name: 'alice', realName: 'Alice Archer', email: 'alice@example.com' },
		{ id: 'U00000BOB0', name: 'bob', realName: 'Bob Baker', email: 'bob@example.com' },
		{ id: 'U000CAROL0', name: 'carol', realName: 'Carol Chen', email: 'carol@example.com' },
	],
	telegramBlockedChats: ['403403'],
	telegramUnknownChats: ['404404'],
	whatsappTemplates: [
		{ name: 'hello_world', language: 'en_US', status: 'APPROVED', bodyParams: 0 },
		{ name: 'appointment_reminder', language: 'en_US', status: 'APPROVED', bodyParams: 2 },
		{
			name: 'order_update',
			language: 'en',
			status: 'APPROVED',
			bodyParams: 1,
			headerParams: 1,
			headerFormat: 'DOCUMENT',
		},
		{
			name: 'spring_promo',
			language: 'en_US',
			status: 'REJECTED',
			bodyParams: 0,
			category: 'MARKETING',
		},
		{
			name: 'winter_promo',
			language: 'en_US',
			status: 'PAUSED',
			bodyParams: 0,
			category: 'MARKETING',
		},
		{
			name: 'delivery_tracking',
			language: 'de',
			status: 'APPROVED',
			bodyParams: 1,
			urlButtons: 1,
			quickReplies: 1,
		},
		{
			name: 'summer_sale',
			language: 'en_US',
			status: 'DISABLED',
			bodyParams: 1,
			category: 'MARKETING',
		},
	],
	whatsappTemplatePageLimit: 3,
	whatsappNotOnWhatsApp: ['15550100404'],
	whatsappOpenWindows: ['15550100200'],
	whatsappPairRateLimit: null,
	twilioOptedOut: ['+15550100410'],
	twilioVoicemailNumbers: ['+15550100999'],
	twilioFailedNumbers: ['+15550100430'],
	callbackDelayMs: 100,
	eventWebhooks: null,
};

export function resolveSeed(patch: Partial<SandboxSeed> | undefined): SandboxSeed {
	return { ...structuredClone(DEFAULT_SEED), ...structuredClone(patch ?? {}) };
}

const SEED_KEYS = Object.keys(DEFAULT_SEED);

/** Validates a seed patch received over HTTP; throws with the offending key. */
export function parseSeedPatch(input: unknown): Partial<SandboxSeed> {
	if (typeof input !== 'object' || input === null || Array.isArray(input))
		throw new Error('seed must be an object');
	for (const [key, value] of Object.entries(input)) {
		if (!SEED_KEYS.includes(key)) throw new Error(`Unknown seed key '${key}'`);
		const expected = DEFAULT_SEED[key as keyof SandboxSeed];
		const ok =
			typeof expected === 'number'
				? typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000
				: expected === null || key === 'whatsappPairRateLimit'
					? value === null || (typeof value === 'object' && !Array.isArray(value))
					: Array.isArray(value);
		if (!ok) throw new Error(`Seed key '${key}' has the wrong type`);
	}
	return input as Partial<SandboxSeed>;
}
