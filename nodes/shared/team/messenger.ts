// Sends a short message to one team member's address (email, SMS, WhatsApp, Slack) through the
// providers' send functions in transport/; every failure becomes an error the send loop can classify.
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { InputError, ProviderError } from '../errors';
import { requireEmailAddress } from '../recipients';
import type { MemberChannel } from './directory';
import { createSlackClient, SLACK_CREDENTIAL, slackCredentials } from '../transport/slack';
import { postSlackMessage } from '../transport/slack-post';
import {
	createSmtpTransport,
	sendSmtpMessage,
	SMTP_CREDENTIAL,
	smtpSettingsFrom,
} from '../transport/smtp';
import { newMessageId } from '../transport/smtp-address';
import { twilioSecrets } from '../transport/twilio';
import { openTwilio } from '../transport/twilio-rest';
import { requireCredentialSender, sendTwilioSms } from '../transport/twilio-sms';
import { WHATSAPP_CREDENTIAL, WhatsAppClient, whatsAppCredentials } from '../transport/whatsapp';
import {
	whatsAppBodyComponent,
	whatsAppTemplateMessage,
	whatsAppTextMessage,
	type WhatsAppMessage,
} from '../transport/whatsapp-message';

export interface TeamMessage {
	/** Email subject (other channels ignore it). */
	subject: string;
	text: string;
	html?: string;
	/** Email only: sender and reply-to for messages sent on someone's behalf. */
	fromName?: string;
	fromEmail?: string;
	replyTo?: string;
	/** SMS only: Twilio posts delivery status changes here. */
	statusCallback?: string;
	/** WhatsApp only: send this approved template instead of free text. */
	whatsappTemplate?: { name: string; language: string; bodyParameters: string[] };
}

export interface TeamSendResult {
	providerMessageId: string | null;
}

export interface TeamMessenger {
	readonly channel: MemberChannel;
	send(address: string, message: TeamMessage): Promise<TeamSendResult>;
	/** Values that must never appear in an output or error. */
	readonly secrets: string[];
	close(): Promise<void>;
}

export interface TeamMessengerOptions {
	timeoutMs?: number;
	/** Country for a credential's From number written without a country code. */
	defaultCountry?: string;
}

type CredentialContext = IExecuteFunctions | IWebhookFunctions;

const DEFAULT_TIMEOUT_MS = 30_000;

function asProviderError(error: unknown, fallback: string): ProviderError | InputError {
	if (error instanceof ProviderError || error instanceof InputError) return error;
	return new ProviderError(
		`${fallback}: ${error instanceof Error ? error.message : String(error)}`,
		{ transient: false },
	);
}

async function emailMessenger(ctx: CredentialContext): Promise<TeamMessenger> {
	const smtp = smtpSettingsFrom(await ctx.getCredentials(SMTP_CREDENTIAL));
	if (!smtp.fromEmail)
		throw new InputError('The SMTP credential has no default sender: fill in its From Email');
	const transport = await createSmtpTransport(smtp);
	return {
		channel: 'email',
		secrets: [smtp.password],
		async send(address, message) {
			const from = requireEmailAddress('From Email', message.fromEmail || smtp.fromEmail);
			const to = requireEmailAddress("The member's email address", address);
			const info = await sendSmtpMessage(transport, smtp, {
				from: { ...from, name: message.fromName || smtp.fromName || from.name },
				to: [to],
				replyTo: message.replyTo ? [requireEmailAddress('Reply-To', message.replyTo)] : undefined,
				subject: message.subject,
				text: message.text,
				html: message.html,
				messageId: newMessageId(from.address),
				envelope: { from: from.address, to: [to.address] },
			});
			return { providerMessageId: info.messageId ?? null };
		},
		close: async () => transport.close(),
	};
}

async function smsMessenger(
	ctx: CredentialContext,
	defaultCountry: string | undefined,
): Promise<TeamMessenger> {
	const { rest, settings } = await openTwilio(ctx);
	return {
		channel: 'sms',
		secrets: twilioSecrets(settings),
		async send(address, message) {
			// Checked per message, as SMS Communication does: a bad sender fails the message, not the node.
			const sender = requireCredentialSender(settings, defaultCountry);
			const sent = await sendTwilioSms(rest, {
				to: address,
				...sender,
				body: message.text,
				statusCallback: message.statusCallback,
			});
			return { providerMessageId: sent.sid };
		},
		close: async () => undefined,
	};
}

function whatsAppMessageFor(address: string, message: TeamMessage): WhatsAppMessage {
	const template = message.whatsappTemplate;
	if (!template) return whatsAppTextMessage(address, message.text);
	const body = whatsAppBodyComponent(template.bodyParameters);
	return whatsAppTemplateMessage(address, template.name, template.language, body ? [body] : []);
}

async function whatsAppMessenger(
	ctx: CredentialContext,
	timeoutMs: number,
): Promise<TeamMessenger> {
	const credentials = whatsAppCredentials(await ctx.getCredentials(WHATSAPP_CREDENTIAL));
	const client = new WhatsAppClient(credentials, timeoutMs);
	return {
		channel: 'whatsapp',
		secrets: [credentials.accessToken],
		async send(address, message) {
			const sent = await client.sendMessage(whatsAppMessageFor(address, message));
			return { providerMessageId: sent.messageId };
		},
		close: async () => undefined,
	};
}

async function slackMessenger(ctx: CredentialContext, timeoutMs: number): Promise<TeamMessenger> {
	const credentials = slackCredentials(await ctx.getCredentials(SLACK_CREDENTIAL));
	const client = await createSlackClient(credentials, timeoutMs);
	return {
		channel: 'slack',
		secrets: [credentials.botToken],
		async send(address, message) {
			// A member without a Slack ID is reached through the user with their email.
			const destination = address.includes('@')
				? { kind: 'email' as const, email: address }
				: { kind: 'user' as const, userId: address };
			const posted = await postSlackMessage(client, destination, {
				text: message.text,
				unfurl_links: false,
			});
			return { providerMessageId: posted.ts || null };
		},
		close: async () => undefined,
	};
}

/** One messenger per execution and channel, with the node's credential for that channel. */
export async function openTeamMessenger(
	ctx: CredentialContext,
	channel: MemberChannel,
	{ timeoutMs = DEFAULT_TIMEOUT_MS, defaultCountry }: TeamMessengerOptions = {},
): Promise<TeamMessenger> {
	let messenger: TeamMessenger;
	switch (channel) {
		case 'email':
			messenger = await emailMessenger(ctx);
			break;
		case 'sms':
			messenger = await smsMessenger(ctx, defaultCountry);
			break;
		case 'whatsapp':
			messenger = await whatsAppMessenger(ctx, timeoutMs);
			break;
		case 'slack':
			messenger = await slackMessenger(ctx, timeoutMs);
			break;
	}
	const { send } = messenger;
	return {
		...messenger,
		send: async (address, message) => {
			try {
				return await send(address, message);
			} catch (error) {
				throw asProviderError(error, `Sending the ${channel} message failed`);
			}
		},
	};
}
