// Shared setup for the Communication Events engine tests: a workflow with the trigger, and the
// providers' requests signed the way Twilio, Meta and Telegram sign them.
import { randomUUID } from 'node:crypto';

import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { CommunicationEvents } from '../../nodes/CommunicationEvents/CommunicationEvents.node';
import { metaSignature, twilioSignature } from '../../nodes/shared/events/signatures';
import type { WorkflowJson } from './engine/harness';
import type { EngineHarness } from './engine/harness';
import { HarnessRequest } from './engine/http';
import { callTrigger, triggerUrl, type TriggerCall } from './engine/trigger-webhook';
import { PKG, node } from './engine/workflow';

export const EVENTS_NODE = 'Communication Events';
export const WHATSAPP_APP_SECRET = 'meta-app-secret-for-tests';
export const WHATSAPP_VERIFY_TOKEN = 'verify-me-please';
export const TELEGRAM_SECRET = 'telegram-secret-token_1';
export const EMAIL_SECRET = 'email-webhook-secret-123';

export const eventsNodeType = () => new CommunicationEvents();

export function eventsCredentials(): Record<string, ICredentialDataDecryptedObject> {
	return {
		communicationWhatsAppApi: {
			accessToken: 'wa-token',
			phoneNumberId: '1234',
			appSecret: WHATSAPP_APP_SECRET,
			verifyToken: WHATSAPP_VERIFY_TOKEN,
		},
		communicationTelegramApi: { botToken: '123:abc', webhookSecret: TELEGRAM_SECRET },
	};
}

/** A workflow holding only the trigger, all providers on; `parameters` override. */
export function eventsWorkflow(
	parameters: INode['parameters'] = {},
	credentials: INode['credentials'] = {},
): WorkflowJson & { webhookId: string } {
	const webhookId = randomUUID();
	const trigger = node(
		EVENTS_NODE,
		`${PKG}.communicationEvents`,
		{
			providers: ['twilio', 'whatsapp', 'telegram', 'email'],
			emailSecret: EMAIL_SECRET,
			...parameters,
		},
		{
			webhookId,
			credentials: {
				communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' },
				communicationWhatsAppApi: { id: 'wa', name: 'WhatsApp' },
				communicationTelegramApi: { id: 'tg', name: 'Telegram' },
				...credentials,
			},
		},
	);
	return { id: `wf-events-${webhookId}`, nodes: [trigger], connections: {}, webhookId };
}

export class EventsClient {
	constructor(
		private readonly harness: EngineHarness,
		readonly workflow: WorkflowJson & { webhookId: string },
		private readonly twilioAuthToken: string,
	) {}

	url(path: string): string {
		return triggerUrl(this.harness, this.workflow.webhookId, path);
	}

	private async call(request: HarnessRequest): Promise<TriggerCall> {
		return await callTrigger(this.harness, this.workflow, EVENTS_NODE, request);
	}

	private path(path: string): string {
		return new URL(this.url(path)).pathname;
	}

	/** A Twilio callback to `twilio/status` or `twilio/inbound`, signed unless a signature is given. */
	async twilio(
		path: 'twilio/status' | 'twilio/inbound',
		fields: Record<string, string>,
		signature = twilioSignature(this.twilioAuthToken, this.url(path), fields),
	): Promise<TriggerCall> {
		const raw = Buffer.from(new URLSearchParams(fields).toString());
		return await this.call(
			new HarnessRequest({
				method: 'POST',
				path: this.path(path),
				body: fields,
				rawBody: raw,
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'x-twilio-signature': signature,
				},
			}),
		);
	}

	/** A WhatsApp Cloud webhook POST, signed with the app secret unless a signature is given. */
	async whatsApp(body: object, signature?: string): Promise<TriggerCall> {
		const raw = Buffer.from(JSON.stringify(body));
		return await this.call(
			new HarnessRequest({
				method: 'POST',
				path: this.path('whatsapp'),
				body,
				rawBody: raw,
				headers: {
					'content-type': 'application/json',
					'x-hub-signature-256': signature ?? metaSignature(WHATSAPP_APP_SECRET, raw),
				},
			}),
		);
	}

	async whatsAppChallenge(query: Record<string, string>): Promise<TriggerCall> {
		return await this.call(
			new HarnessRequest({ method: 'GET', path: this.path('whatsapp'), query }),
		);
	}

	/** A Telegram update with the secret token header (null: without the header). */
	async telegram(update: object, secret: string | null = TELEGRAM_SECRET): Promise<TriggerCall> {
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
		return await this.call(
			new HarnessRequest({ method: 'POST', path: this.path('telegram'), body: update, headers }),
		);
	}

	async unsubscribe(method: 'GET' | 'POST', query: Record<string, string>): Promise<TriggerCall> {
		return await this.call(new HarnessRequest({ method, path: this.path('unsubscribe'), query }));
	}

	async email(body: object, secret = EMAIL_SECRET): Promise<TriggerCall> {
		return await this.call(
			new HarnessRequest({
				method: 'POST',
				path: this.path('email'),
				body,
				headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
			}),
		);
	}
}

/** The items the trigger emitted for one request (none when it started no execution). */
export function emitted(call: TriggerCall): Array<Record<string, unknown>> {
	if (!call.result) return [];
	return call.result.output(EVENTS_NODE).map((item) => item.json);
}
