// WhatsApp Cloud API (Graph) peer: phone number fetch, the template list and template messages,
// with Graph error bodies and codes.
import type { SandboxStore } from '../store';
import type { PeerSecrets } from '../seed';
import type { SandboxSeed, WhatsAppTemplateSeed } from '../types';
import {
	bearerToken,
	fieldString,
	isRecord,
	json,
	randomHex,
	type HttpPeer,
	type PeerRequest,
	type PeerResponse,
} from '../http/peer';
import { PEER_PREFIXES } from '../http/server';
import { expectedParameters, templateListPage } from './whatsapp-templates';

function graphError(
	status: number,
	code: number,
	message: string,
	extra: Record<string, unknown> = {},
): PeerResponse {
	return json(
		status,
		{ error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: `A${randomHex(11)}` } },
		{ error: String(code) },
	);
}

/** The Cloud API's message errors: "(#code) title" plus error_data.details. */
function messageError(status: number, code: number, title: string, details: string): PeerResponse {
	return graphError(status, code, `(#${code}) ${title}`, {
		error_data: { messaging_product: 'whatsapp', details },
	});
}

function componentParams(components: unknown, type: string): unknown[] {
	if (!Array.isArray(components)) return [];
	const component = components.find(
		(entry) => isRecord(entry) && String(entry.type).toLowerCase() === type,
	);
	return isRecord(component) && Array.isArray(component.parameters) ? component.parameters : [];
}

export class WhatsAppPeer implements HttpPeer {
	readonly name = 'whatsapp';
	private readonly sentAt = new Map<string, number[]>();

	constructor(
		private readonly store: SandboxStore,
		private readonly secrets: PeerSecrets['whatsapp'],
		private readonly seed: () => SandboxSeed,
	) {}

	reset(): void {
		this.sentAt.clear();
	}

	failure(status: 429 | 500 | 503, retryAfter: number | undefined): PeerResponse {
		const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) };
		const response =
			status === 429
				? messageError(
						429,
						130429,
						'Rate limit hit',
						'Cloud API message throughput has been reached.',
					)
				: status === 503
					? graphError(503, 2, 'Service temporarily unavailable', { is_transient: true })
					: graphError(500, 1, 'An unknown error occurred', { is_transient: true });
		return { ...response, headers };
	}

	handle(request: PeerRequest): PeerResponse {
		const token = bearerToken(request.headers) ?? request.query.get('access_token') ?? undefined;
		if (!token)
			return graphError(401, 104, 'An access token is required to request this resource.');
		if (token !== this.secrets.token)
			return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
		const match = /^\/(v\d+\.\d+)\/([^/]+)(\/messages|\/message_templates)?\/?$/.exec(request.path);
		if (!match) return graphError(400, 2500, `Unknown path components: ${request.path}`);
		const [, , phoneNumberId, edge] = match;
		const messages = edge === '/messages';
		if (edge === '/message_templates' && phoneNumberId === this.secrets.businessAccountId) {
			return request.method === 'GET'
				? this.listTemplates(request)
				: graphError(400, 100, `Unsupported ${request.method.toLowerCase()} request.`);
		}
		if (phoneNumberId !== this.secrets.phoneNumberId || edge === '/message_templates') {
			return graphError(
				400,
				100,
				`Unsupported ${request.method.toLowerCase()} request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
				{ error_subcode: 33 },
			);
		}
		if (!messages && request.method === 'GET')
			return this.record(request, this.phoneNumber(), null);
		if (messages && request.method === 'POST') return this.sendMessage(request);
		return graphError(400, 100, `Unsupported ${request.method.toLowerCase()} request.`);
	}

	/** GET /{waba-id}/message_templates: Graph's paged list (see whatsapp-templates.ts). */
	private listTemplates(request: PeerRequest): PeerResponse {
		const seed = this.seed();
		const self = `http://${request.headers.host ?? '127.0.0.1'}${PEER_PREFIXES.whatsapp}${request.path}`;
		const page = templateListPage(
			seed.whatsappTemplates,
			request.query,
			seed.whatsappTemplatePageLimit,
			self,
		);
		if ('invalid' in page) return graphError(400, 100, `(#100) ${page.invalid}`);
		return json(200, page.body);
	}

	private record(
		request: PeerRequest,
		body: Record<string, unknown>,
		messageId: string | null,
	): PeerResponse {
		this.store.addWhatsApp({
			method: request.method,
			path: request.path,
			body: request.body,
			messageId,
			receivedAt: new Date().toISOString(),
		});
		return json(200, body);
	}

	private phoneNumber(): Record<string, unknown> {
		return {
			verified_name: 'Sandbox Business',
			code_verification_status: 'VERIFIED',
			display_phone_number: this.secrets.displayPhoneNumber,
			quality_rating: 'GREEN',
			platform_type: 'CLOUD_API',
			throughput: { level: 'STANDARD' },
			id: this.secrets.phoneNumberId,
		};
	}

	private sendMessage(request: PeerRequest): PeerResponse {
		const body = request.body;
		const seed = this.seed();
		if (fieldString(body, 'messaging_product') !== 'whatsapp') {
			return messageError(
				400,
				100,
				'The parameter messaging_product is required.',
				'messaging_product must be "whatsapp"',
			);
		}
		const to = fieldString(body, 'to')?.trim();
		if (!to) return messageError(400, 100, 'The parameter to is required.', 'to is required');
		const waId = to.replace(/[\s()+-]/g, '');
		if (!/^\d{6,15}$/.test(waId))
			return messageError(400, 100, 'Invalid parameter', `Invalid 'to' phone number: ${to}`);
		const type = fieldString(body, 'type') ?? 'text';

		if (type === 'template') {
			const problem = this.checkTemplate(body.template, seed.whatsappTemplates);
			if (problem) return problem;
		} else if (!seed.whatsappOpenWindows.includes(waId)) {
			return messageError(
				400,
				131047,
				'Re-engagement message',
				'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
			);
		}
		if (seed.whatsappNotOnWhatsApp.includes(waId)) {
			return messageError(
				400,
				131026,
				'Message undeliverable',
				'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.',
			);
		}
		if (this.pairLimitHit(waId, seed.whatsappPairRateLimit)) {
			return messageError(
				400,
				131056,
				'(Business Account, Consumer Account) pair rate limit hit',
				'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
			);
		}
		const messageId = `wamid.${Buffer.from(`${waId}:${randomHex(10).toUpperCase()}`).toString('base64')}`;
		return this.record(
			request,
			{
				messaging_product: 'whatsapp',
				contacts: [{ input: to, wa_id: waId }],
				messages: [
					type === 'template' ? { id: messageId, message_status: 'accepted' } : { id: messageId },
				],
			},
			messageId,
		);
	}

	private checkTemplate(template: unknown, templates: WhatsAppTemplateSeed[]): PeerResponse | null {
		if (!isRecord(template) || typeof template.name !== 'string' || template.name === '') {
			return messageError(
				400,
				100,
				"Param template['name'] is required.",
				'template.name is required',
			);
		}
		const language = isRecord(template.language)
			? fieldString(template.language, 'code')
			: undefined;
		if (!language)
			return messageError(
				400,
				100,
				"Param template['language']['code'] is required.",
				'template.language.code is required',
			);
		const known = templates.find(
			(entry) => entry.name === template.name && entry.language === language,
		);
		if (!known || known.status === 'REJECTED' || known.status === 'PENDING') {
			return messageError(
				404,
				132001,
				'Template name does not exist in the translation',
				`template name (${template.name}) does not exist in ${language}`,
			);
		}
		if (known.status === 'DISABLED')
			return messageError(
				400,
				132016,
				'Template is disabled',
				`Template ${template.name} has been paused too many times due to low quality and is now permanently disabled.`,
			);
		if (known.status === 'PAUSED')
			return messageError(
				400,
				132015,
				'Template is Paused',
				`Template ${template.name} is paused due to low quality.`,
			);
		const expected = expectedParameters(known);
		for (const [kind, count] of [
			['header', expected.header],
			['body', expected.body],
		] as const) {
			const parameters = componentParams(template.components, kind);
			if (parameters.length !== count) {
				return messageError(
					400,
					132000,
					'Number of parameters does not match the expected number of params',
					`${kind}: number of localizable_params (${parameters.length}) does not match the expected number of params (${count})`,
				);
			}
			const empty = parameters.findIndex(
				(parameter) =>
					!isRecord(parameter) ||
					(parameter.type === 'text' &&
						(typeof parameter.text !== 'string' || parameter.text === '')),
			);
			if (empty >= 0)
				return messageError(
					400,
					131008,
					'Required parameter is missing',
					`${kind} parameter ${empty + 1} has no text`,
				);
		}
		return this.checkButtons(template.components, expected.urlButtons);
	}

	/** Every URL button with a {{1}} needs its url parameter, as Graph requires. */
	private checkButtons(components: unknown, urlButtons: number[]): PeerResponse | null {
		const given = Array.isArray(components)
			? components.filter(
					(entry) => isRecord(entry) && String(entry.type).toLowerCase() === 'button',
				)
			: [];
		for (const index of urlButtons) {
			const button = given.find((entry) => isRecord(entry) && Number(entry.index) === index);
			const parameters =
				isRecord(button) && Array.isArray(button.parameters) ? button.parameters : [];
			if (!isRecord(button) || button.sub_type !== 'url' || parameters.length !== 1)
				return messageError(
					400,
					131008,
					'Required parameter is missing',
					`buttons: Button at index ${index} of type Url requires a parameter`,
				);
		}
		return null;
	}

	/** A sliding window per recipient, like Meta's business/consumer pair limit. */
	private pairLimitHit(waId: string, limit: SandboxSeed['whatsappPairRateLimit']): boolean {
		if (!limit) return false;
		const now = Date.now();
		const recent = (this.sentAt.get(waId) ?? []).filter((time) => now - time < limit.windowMs);
		if (recent.length >= limit.max) {
			this.sentAt.set(waId, recent);
			return true;
		}
		recent.push(now);
		this.sentAt.set(waId, recent);
		return false;
	}
}
