// The providers' side of hearing back: WhatsApp message statuses after a send, and contacts'
// inbound messages (Twilio SMS, WhatsApp), signed the way each provider signs its webhooks and
// posted to the URLs the events workflow configured (the seed's eventWebhooks).
import { createHmac } from 'node:crypto';

import { randomHex, type HttpPeer, type PeerRequest, type PeerResponse } from '../http/peer';
import type { PeerSecrets } from '../seed';
import type { InboundMessage, SandboxSeed } from '../types';
import type { SignedPost, StatusCallbacks } from './twilio-callbacks';

const WHATSAPP_STATUSES = ['sent', 'delivered', 'read'];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message id and recipient of a WhatsApp send the peer accepted, or null. */
function acceptedMessage(response: PeerResponse): { id: string; waId: string } | null {
	if (response.status !== 200 || !isRecord(response.body)) return null;
	const [message] = Array.isArray(response.body.messages) ? response.body.messages : [];
	const [contact] = Array.isArray(response.body.contacts) ? response.body.contacts : [];
	if (!isRecord(message) || typeof message.id !== 'string') return null;
	const waId = isRecord(contact) && typeof contact.wa_id === 'string' ? contact.wa_id : '';
	return { id: message.id, waId };
}

export class ProviderEvents {
	constructor(
		private readonly secrets: PeerSecrets,
		private readonly seed: () => SandboxSeed,
		private readonly posts: StatusCallbacks,
	) {}

	/** A JSON POST signed with X-Hub-Signature-256 (the app secret), as Meta sends webhooks. */
	private metaPost(payload: unknown, appSecret: string): SignedPost {
		const body = JSON.stringify(payload);
		const signature = createHmac('sha256', appSecret).update(body).digest('hex');
		return {
			headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': `sha256=${signature}` },
			body,
		};
	}

	private whatsAppWebhook(value: Record<string, unknown>): Record<string, unknown> {
		const { phoneNumberId, displayPhoneNumber } = this.secrets.whatsapp;
		return {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: phoneNumberId,
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: {
									display_phone_number: displayPhoneNumber.replace(/\D/g, ''),
									phone_number_id: phoneNumberId,
								},
								...value,
							},
						},
					],
				},
			],
		};
	}

	/** The WhatsApp peer, posting sent / delivered / read statuses after every accepted message. */
	withWhatsAppStatuses(peer: HttpPeer): HttpPeer {
		return {
			name: peer.name,
			failure: (status, retryAfter) => peer.failure(status, retryAfter),
			reset: () => peer.reset?.(),
			handle: async (request: PeerRequest) => {
				const response = await peer.handle(request);
				const accepted = acceptedMessage(response);
				if (accepted) this.whatsAppStatuses(accepted.id, accepted.waId);
				return response;
			},
		};
	}

	private whatsAppStatuses(messageId: string, waId: string): void {
		const { whatsapp: url, whatsappAppSecret: secret } = this.seed().eventWebhooks ?? {};
		if (!url || !secret) return;
		WHATSAPP_STATUSES.forEach((status, index) => {
			this.posts.after(index + 1, async () => {
				const timestamp = String(Math.floor(Date.now() / 1000));
				const payload = this.whatsAppWebhook({
					statuses: [{ id: messageId, status, timestamp, recipient_id: waId }],
				});
				await this.posts.deliver(url, this.metaPost(payload, secret));
			});
		});
	}

	/**
	 * A contact's message: posted at once to the configured webhook, signed. Returns the URL and
	 * the HTTP status the events workflow answered (0: nobody answered), or null without a URL.
	 */
	async inbound(message: InboundMessage): Promise<{ url: string; status: number } | null> {
		const hooks = this.seed().eventWebhooks ?? {};
		if (message.channel === 'sms') {
			if (!hooks.twilioInbound) return null;
			const sid = `SM${randomHex(16)}`;
			const params = {
				AccountSid: this.secrets.twilio.accountSid,
				ApiVersion: '2010-04-01',
				MessageSid: sid,
				SmsMessageSid: sid,
				SmsSid: sid,
				SmsStatus: 'received',
				From: message.from,
				To: this.secrets.twilio.fromNumber,
				Body: message.text,
				NumMedia: '0',
				NumSegments: '1',
			};
			const url = hooks.twilioInbound;
			return { url, status: await this.posts.deliver(url, this.posts.twilioPost(url, params)) };
		}
		if (!hooks.whatsapp || !hooks.whatsappAppSecret) return null;
		const waId = message.from.replace(/\D/g, '');
		const payload = this.whatsAppWebhook({
			contacts: [{ profile: { name: 'Sandbox contact' }, wa_id: waId }],
			messages: [
				{
					from: waId,
					id: `wamid.${Buffer.from(`${waId}:${randomHex(10)}`).toString('base64')}`,
					timestamp: String(Math.floor(Date.now() / 1000)),
					type: 'text',
					text: { body: message.text },
				},
			],
		});
		const url = hooks.whatsapp;
		return {
			url,
			status: await this.posts.deliver(url, this.metaPost(payload, hooks.whatsappAppSecret)),
		};
	}
}

/** Validates an inbound message received over HTTP; throws with what is wrong. */
export function parseInboundMessage(input: unknown): InboundMessage {
	if (!isRecord(input)) throw new Error('inbound body must be an object');
	const { channel, from, text } = input;
	if (channel !== 'sms' && channel !== 'whatsapp')
		throw new Error("inbound channel must be 'sms' or 'whatsapp'");
	if (typeof from !== 'string' || !/^\+?\d{6,15}$/.test(from))
		throw new Error('inbound from must be a phone number');
	if (typeof text !== 'string') throw new Error('inbound text must be a string');
	return { channel, from, text };
}
