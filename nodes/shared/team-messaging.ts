// Sends a short message to one team member's address over email, SMS, WhatsApp or Slack through
// the shared transports; every failure becomes a ProviderError the send loop can classify.
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { InputError, ProviderError } from './errors';
import { formatEmailAddress } from './recipients';
import type { MemberChannel } from './team-directory';
import { createSlackClient, SLACK_CREDENTIAL, slackCredentials } from './transport/slack';
import {
	createSmtpTransport,
	describeSmtpError,
	SMTP_CREDENTIAL,
	smtpSettingsFrom,
} from './transport/smtp';
import {
	createTwilioClient,
	describeTwilioError,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
	type TwilioClient,
	type TwilioSettings,
} from './transport/twilio';
import { WHATSAPP_CREDENTIAL, WhatsAppClient, whatsAppCredentials } from './transport/whatsapp';

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
			try {
				const info = (await transport.sendMail({
					from: formatEmailAddress({
						name: message.fromName || smtp.fromName || undefined,
						address: message.fromEmail || smtp.fromEmail,
					}),
					to: address,
					replyTo: message.replyTo,
					subject: message.subject,
					text: message.text,
					html: message.html,
				})) as { messageId?: string };
				return { providerMessageId: info.messageId ?? null };
			} catch (error) {
				throw describeSmtpError(error, smtp);
			}
		},
		close: async () => transport.close(),
	};
}

/** The sender for texts: the credential's default number, else its Messaging Service. */
function twilioSender(settings: TwilioSettings): { from?: string; messagingServiceSid?: string } {
	if (settings.fromNumber) return { from: settings.fromNumber };
	if (settings.messagingServiceSid) return { messagingServiceSid: settings.messagingServiceSid };
	throw new InputError(
		'The Twilio credential has no Default From Number or Default Messaging Service SID to send from',
	);
}

/** Sends one text through an existing Twilio client (also used for SMS tasks sent on completion). */
export async function sendTwilioText(
	client: TwilioClient,
	settings: TwilioSettings,
	to: string,
	body: string,
	statusCallback?: string,
): Promise<TeamSendResult> {
	const sender = twilioSender(settings);
	try {
		const message = await client.messages.create({ to, body, statusCallback, ...sender });
		return { providerMessageId: message.sid };
	} catch (error) {
		throw describeTwilioError(error);
	}
}

export async function openTwilio(
	ctx: CredentialContext,
): Promise<{ client: TwilioClient; settings: TwilioSettings }> {
	const settings = twilioSettingsFrom(await ctx.getCredentials(TWILIO_CREDENTIAL));
	return { client: await createTwilioClient(settings), settings };
}

async function smsMessenger(ctx: CredentialContext): Promise<TeamMessenger> {
	const { client, settings } = await openTwilio(ctx);
	return {
		channel: 'sms',
		secrets: twilioSecrets(settings),
		send: async (address, message) =>
			await sendTwilioText(client, settings, address, message.text, message.statusCallback),
		close: async () => undefined,
	};
}

function whatsAppPayload(address: string, message: TeamMessage): IDataObject {
	// Graph wants the number as digits without the leading +.
	const to = address.replace(/^\+/, '');
	const template = message.whatsappTemplate;
	if (!template)
		return {
			recipient_type: 'individual',
			to,
			type: 'text',
			text: { body: message.text, preview_url: false },
		};
	const parameters = template.bodyParameters.map((value) => ({ type: 'text', text: value }));
	return {
		recipient_type: 'individual',
		to,
		type: 'template',
		template: {
			name: template.name,
			language: { code: template.language },
			...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
		},
	};
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
			const sent = await client.sendMessage(whatsAppPayload(address, message));
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
			const user = address.includes('@') ? await client.userIdByEmail(address) : address;
			const posted = await client.postMessage({
				channel: user,
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
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<TeamMessenger> {
	let messenger: TeamMessenger;
	switch (channel) {
		case 'email':
			messenger = await emailMessenger(ctx);
			break;
		case 'sms':
			messenger = await smsMessenger(ctx);
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
