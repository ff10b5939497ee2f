// Twilio REST 2010-04-01 peer: Accounts fetch, Messages and Calls create/fetch, Basic auth checked.
import type { SandboxStore } from '../store';
import type { PeerSecrets } from '../seed';
import type { FormValue, SandboxSeed } from '../types';
import {
	fieldList,
	fieldString,
	json,
	randomHex,
	type HttpPeer,
	type PeerRequest,
	type PeerResponse,
} from '../http/peer';
import {
	accountResource,
	callResource,
	countSegments,
	messageResource,
	twilioError,
} from './twilio-resources';
import { isWellFormedXml } from './xml';
import type { StatusCallbacks } from './twilio-callbacks';

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const ROUTE = /^\/2010-04-01\/Accounts\/([^/]+?)(?:\/(Messages|Calls)(?:\/([^/]+?))?)?\.json$/;

/** E.164, optionally behind Twilio's channel prefixes (whatsapp:, messenger: ...). */
function isPhoneAddress(value: string): boolean {
	return E164.test(value.replace(/^whatsapp:/, ''));
}

function formFields(request: PeerRequest): Record<string, FormValue> {
	const fields: Record<string, FormValue> = {};
	for (const [key, value] of Object.entries(request.body)) {
		if (typeof value === 'string' || Array.isArray(value)) fields[key] = value as FormValue;
	}
	return fields;
}

export class TwilioPeer implements HttpPeer {
	readonly name = 'twilio';
	private readonly createdAt = new Date().toISOString();

	constructor(
		private readonly store: SandboxStore,
		private readonly secrets: PeerSecrets['twilio'],
		private readonly seed: () => SandboxSeed,
		private readonly callbacks: StatusCallbacks,
	) {}

	failure(status: 429 | 500 | 503, retryAfter: number | undefined): PeerResponse {
		const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) };
		if (status === 429) return twilioError(429, 20429, 'Too Many Requests', headers);
		if (status === 503) return twilioError(503, 20503, 'Service Unavailable', headers);
		return twilioError(500, 20500, 'An internal server error has occurred', headers);
	}

	handle(request: PeerRequest): PeerResponse {
		const authUser = this.authenticate(request.headers.authorization);
		if (!authUser) {
			return twilioError(401, 20003, 'Authenticate', {
				'WWW-Authenticate': 'Basic realm="Twilio API"',
			});
		}
		const route = ROUTE.exec(request.path);
		const notFound = twilioError(
			404,
			20404,
			`The requested resource ${request.path} was not found`,
		);
		if (!route || route[1] !== this.secrets.accountSid) return notFound;
		const [, , collection, sid] = route;
		if (!collection && request.method === 'GET')
			return json(200, accountResource(this.secrets.accountSid, this.createdAt));
		if (collection === 'Messages' && !sid && request.method === 'POST')
			return this.createMessage(request, authUser);
		if (collection === 'Calls' && !sid && request.method === 'POST')
			return this.createCall(request, authUser);
		if (collection === 'Messages' && sid && request.method === 'GET') {
			const sms = this.store.findSms(sid);
			return sms ? json(200, messageResource(sms, 'delivered')) : notFound;
		}
		if (collection === 'Calls' && sid && request.method === 'GET') {
			const call = this.store.findCall(sid);
			return call ? json(200, callResource(call, 'completed', this.answeredBy(call))) : notFound;
		}
		return twilioError(405, 20004, 'Method not allowed');
	}

	/** Account SID + Auth Token, or API Key SID + Secret; returns the user name that authenticated. */
	private authenticate(header: string | undefined): string | undefined {
		const match = /^Basic\s+(.+)$/i.exec(header ?? '');
		if (!match) return undefined;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const separator = decoded.indexOf(':');
		const user = decoded.slice(0, separator);
		const pass = decoded.slice(separator + 1);
		const { accountSid, authToken, apiKeySid, apiKeySecret } = this.secrets;
		if (
			(user === accountSid && pass === authToken) ||
			(user === apiKeySid && pass === apiKeySecret)
		)
			return user;
		return undefined;
	}

	private createMessage(request: PeerRequest, authUser: string): PeerResponse {
		const fields = formFields(request);
		const to = fieldString(fields, 'To')?.trim();
		const from = fieldString(fields, 'From')?.trim() || null;
		const messagingServiceSid = fieldString(fields, 'MessagingServiceSid')?.trim() || null;
		const body = fieldString(fields, 'Body') ?? '';
		const mediaUrls = fieldList(fields, 'MediaUrl');
		if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
		if (!isPhoneAddress(to))
			return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
		if (!from && !messagingServiceSid)
			return twilioError(400, 21603, "A 'From' phone number is required.");
		if (from && !isPhoneAddress(from) && !ALPHANUMERIC_SENDER.test(from)) {
			return twilioError(
				400,
				21212,
				`The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
			);
		}
		if (body === '' && mediaUrls.length === 0)
			return twilioError(400, 21602, 'Message body is required.');
		if (body.length > 1600)
			return twilioError(
				400,
				21617,
				'The concatenated message body exceeds the 1600 character limit.',
			);
		if (mediaUrls.some((url) => !/^https?:\/\/\S+$/i.test(url)))
			return twilioError(400, 21620, 'Invalid media URL(s).');
		if (this.seed().twilioOptedOut.includes(to))
			return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

		const { encoding, segments } = countSegments(body);
		const statusCallback = fieldString(fields, 'StatusCallback') ?? null;
		const sms = {
			sid: `SM${randomHex(16)}`,
			accountSid: this.secrets.accountSid,
			authUser,
			from,
			to,
			body,
			messagingServiceSid,
			mediaUrls,
			statusCallback,
			numSegments: segments,
			encoding,
			fields,
			receivedAt: new Date().toISOString(),
		};
		this.store.addSms(sms);
		if (statusCallback) {
			const failed = this.seed().twilioFailedNumbers.includes(sms.to);
			const statuses = failed ? ['sent', 'failed'] : ['sent', 'delivered'];
			this.callbacks.schedule(statusCallback, statuses, (status) => ({
				AccountSid: sms.accountSid,
				ApiVersion: '2010-04-01',
				From: sms.from ?? '',
				To: sms.to,
				MessageSid: sms.sid,
				SmsSid: sms.sid,
				MessageStatus: status,
				SmsStatus: status,
				...(status === 'failed' ? { ErrorCode: '30003' } : {}),
				...(sms.messagingServiceSid ? { MessagingServiceSid: sms.messagingServiceSid } : {}),
			}));
		}
		// With a Messaging Service and no From, Twilio accepts first and picks the sender later.
		return json(201, messageResource(sms, from ? 'queued' : 'accepted'));
	}

	private createCall(request: PeerRequest, authUser: string): PeerResponse {
		const fields = formFields(request);
		const to = fieldString(fields, 'To')?.trim();
		const from = fieldString(fields, 'From')?.trim();
		const twiml = fieldString(fields, 'Twiml') ?? null;
		const url = fieldString(fields, 'Url') ?? null;
		if (!to) return twilioError(400, 21201, "No 'To' number is specified");
		if (!isPhoneAddress(to) && !/^(sip:\S+@\S+|client:\S+)$/i.test(to)) {
			return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
		}
		if (!from) return twilioError(400, 21213, "No 'From' number is specified");
		if (!twiml && !url && !fieldString(fields, 'ApplicationSid'))
			return twilioError(400, 21205, 'Url parameter is required.');
		if (url && !/^https?:\/\/\S+$/i.test(url))
			return twilioError(400, 21205, `Url is not a valid URL: ${url}`);

		const timeoutText = fieldString(fields, 'Timeout');
		const statusCallback = fieldString(fields, 'StatusCallback') ?? null;
		const call = {
			sid: `CA${randomHex(16)}`,
			accountSid: this.secrets.accountSid,
			authUser,
			from,
			to,
			twiml,
			twimlValid: twiml === null ? null : isWellFormedXml(twiml),
			url,
			machineDetection: fieldString(fields, 'MachineDetection') ?? null,
			timeout: timeoutText === undefined ? null : Number.parseInt(timeoutText, 10),
			statusCallback,
			fields,
			receivedAt: new Date().toISOString(),
		};
		this.store.addCall(call);
		if (statusCallback) {
			const answeredBy = this.answeredBy(call);
			this.callbacks.schedule(statusCallback, ['completed'], (status) => ({
				AccountSid: call.accountSid,
				ApiVersion: '2010-04-01',
				CallSid: call.sid,
				CallStatus: status,
				Direction: 'outbound-api',
				From: call.from,
				To: call.to,
				CallDuration: '12',
				...(answeredBy ? { AnsweredBy: answeredBy } : {}),
			}));
		}
		return json(201, callResource(call, 'queued', null));
	}

	/** With answering-machine detection on, seeded voicemail numbers answer as a machine. */
	private answeredBy(call: { to: string; machineDetection: string | null }): string | null {
		if (!call.machineDetection) return null;
		const number = /^(?:sip:)?(\+\d+)/.exec(call.to)?.[1] ?? call.to;
		return this.seed().twilioVoicemailNumbers.includes(number) ? 'machine_end_beep' : 'human';
	}
}
