// Each provider's request, verified the provider's way and parsed into events; a request that
// fails verification is refused before anything is read into the ledger.
import type { IWebhookFunctions } from 'n8n-workflow';

import type { ParsedEvent } from '../shared/events/event';
import { EmailEventError, parseEmailEvent } from '../shared/events/email-events';
import {
	isMetaSignatureValid,
	isTelegramSecretValid,
	isTwilioSignatureValid,
	publicUrlOf,
} from '../shared/events/signatures';
import { parseTelegramUpdate } from '../shared/events/telegram-events';
import {
	EMPTY_TWIML,
	formFields,
	parseTwilioInbound,
	parseTwilioStatus,
} from '../shared/events/twilio-events';
import { parseWhatsAppWebhook, whatsAppChallenge } from '../shared/events/whatsapp-events';
import { handleUnsubscribeRequest } from '../shared/events/unsubscribe';
import { unsubscribeEvent } from '../shared/events/email-events';
import { ledgerFor } from '../shared/ledger/access';
import { TELEGRAM_CREDENTIAL } from '../shared/transport/telegram';
import { TWILIO_CREDENTIAL, twilioSettingsFrom } from '../shared/transport/twilio';
import { WHATSAPP_CREDENTIAL } from '../shared/transport/whatsapp';

import { webhookUrlsFrom, type EventWebhookName } from './description';

export interface HttpAnswer {
	status: number;
	body: string;
	contentType?: string;
}

/** Either the events to record and the answer to give, or a refusal (nothing is recorded). */
export type RequestOutcome =
	{ events: ParsedEvent[]; answer: HttpAnswer } | { refused: HttpAnswer };

const FORBIDDEN: RequestOutcome = { refused: { status: 403, body: 'Forbidden' } };
const OK: HttpAnswer = { status: 200, body: '' };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function header(ctx: IWebhookFunctions, name: string): string | undefined {
	const value = ctx.getHeaderData()[name];
	return typeof value === 'string' ? value : undefined;
}

function publicBaseUrl(ctx: IWebhookFunctions): string {
	const options = ctx.getNodeParameter('options', {}) as { publicBaseUrl?: unknown };
	return text(options.publicBaseUrl);
}

/** The URL the provider called, as it saw it: behind a proxy, the configured public base URL. */
function calledUrl(ctx: IWebhookFunctions, name: EventWebhookName): string {
	const request = ctx.getRequestObject();
	const pathAndQuery = request.originalUrl || request.url || '';
	const base = publicBaseUrl(ctx);
	if (base) return publicUrlOf(new URL(pathAndQuery, 'http://internal').toString(), base);
	const query = pathAndQuery.includes('?') ? pathAndQuery.slice(pathAndQuery.indexOf('?')) : '';
	return `${webhookUrlsFrom(ctx.getNodeWebhookUrl('default') ?? '')[name]}${query}`;
}

function rawBodyOf(ctx: IWebhookFunctions): Buffer | null {
	const request: { rawBody?: unknown } = ctx.getRequestObject();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : null;
}

async function twilioRequest(
	ctx: IWebhookFunctions,
	name: 'twilioStatus' | 'twilioInbound',
	now: Date,
): Promise<RequestOutcome> {
	const { authToken } = twilioSettingsFrom(await ctx.getCredentials(TWILIO_CREDENTIAL));
	const fields = formFields(ctx.getBodyData());
	const url = calledUrl(ctx, name);
	if (!isTwilioSignatureValid(authToken, url, fields, header(ctx, 'x-twilio-signature'))) {
		return FORBIDDEN;
	}
	if (name === 'twilioStatus') {
		const event = parseTwilioStatus(fields, now);
		return { events: event ? [event] : [], answer: OK };
	}
	const event = parseTwilioInbound(fields, now);
	return {
		events: event ? [event] : [],
		answer: { status: 200, body: EMPTY_TWIML, contentType: 'text/xml' },
	};
}

async function whatsAppSecrets(ctx: IWebhookFunctions) {
	const data = await ctx.getCredentials(WHATSAPP_CREDENTIAL);
	return { appSecret: text(data.appSecret), verifyToken: text(data.verifyToken) };
}

async function whatsAppSetup(ctx: IWebhookFunctions): Promise<RequestOutcome> {
	const { verifyToken } = await whatsAppSecrets(ctx);
	const challenge = whatsAppChallenge(ctx.getQueryData() as Record<string, unknown>, verifyToken);
	if (challenge === null) return FORBIDDEN;
	return { events: [], answer: { status: 200, body: challenge, contentType: 'text/plain' } };
}

async function whatsAppRequest(ctx: IWebhookFunctions, now: Date): Promise<RequestOutcome> {
	const { appSecret } = await whatsAppSecrets(ctx);
	const raw = rawBodyOf(ctx);
	if (!raw || !isMetaSignatureValid(appSecret, raw, header(ctx, 'x-hub-signature-256'))) {
		return FORBIDDEN;
	}
	return { events: parseWhatsAppWebhook(ctx.getBodyData(), now), answer: OK };
}

async function telegramRequest(ctx: IWebhookFunctions, now: Date): Promise<RequestOutcome> {
	const secret = text((await ctx.getCredentials(TELEGRAM_CREDENTIAL)).webhookSecret);
	if (!isTelegramSecretValid(secret, header(ctx, 'x-telegram-bot-api-secret-token'))) {
		return FORBIDDEN;
	}
	const event = parseTelegramUpdate(ctx.getBodyData(), now);
	return { events: event ? [event] : [], answer: OK };
}

function emailRequest(ctx: IWebhookFunctions, now: Date): RequestOutcome {
	const secret = text(ctx.getNodeParameter('emailSecret', ''));
	const given = text(header(ctx, 'authorization')).replace(/^Bearer\s+/i, '');
	if (!isTelegramSecretValid(secret, given)) return FORBIDDEN;
	try {
		return { events: [parseEmailEvent(ctx.getBodyData(), now)], answer: OK };
	} catch (error) {
		if (!(error instanceof EmailEventError)) throw error;
		return { events: [], answer: { status: 400, body: error.message, contentType: 'text/plain' } };
	}
}

/**
 * One-click unsubscribe links (always on: our own signed tokens authenticate them). A GET only
 * shows the confirmation form; a POST with a valid token suppresses the address.
 */
async function unsubscribeRequest(ctx: IWebhookFunctions, now: Date): Promise<RequestOutcome> {
	const ledger = await ledgerFor(ctx);
	const request = ctx.getRequestObject();
	const query = ctx.getQueryData() as Record<string, unknown>;
	const page = await handleUnsubscribeRequest(ledger, { method: request.method, query }, now);
	const answer = {
		status: page.status,
		body: page.body,
		contentType: page.headers['content-type'],
	};
	if (page.status === 403) return { refused: answer };
	const events = page.suppressed ? [unsubscribeEvent(page.suppressed)] : [];
	return { events, answer };
}

/** The provider each webhook belongs to (the node's Providers option enables them). */
export const PROVIDER_OF: Record<EventWebhookName, string> = {
	twilioStatus: 'twilio',
	twilioInbound: 'twilio',
	whatsappSetup: 'whatsapp',
	whatsapp: 'whatsapp',
	telegram: 'telegram',
	email: 'email',
	unsubscribePage: 'unsubscribe',
	unsubscribe: 'unsubscribe',
};

export async function readRequest(
	ctx: IWebhookFunctions,
	name: EventWebhookName,
	now: Date,
): Promise<RequestOutcome> {
	switch (name) {
		case 'twilioStatus':
		case 'twilioInbound':
			return await twilioRequest(ctx, name, now);
		case 'whatsappSetup':
			return await whatsAppSetup(ctx);
		case 'whatsapp':
			return await whatsAppRequest(ctx, now);
		case 'telegram':
			return await telegramRequest(ctx, now);
		case 'email':
			return emailRequest(ctx, now);
		case 'unsubscribePage':
		case 'unsubscribe':
			return await unsubscribeRequest(ctx, now);
	}
}
