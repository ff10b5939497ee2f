// Twilio REST 2010-04-01 resource and error bodies, shaped like the real API's JSON.
import type { CallRecord, SmsRecord } from '../types';
import { json, type PeerResponse } from '../http/peer';

const API = '/2010-04-01';

/** Twilio dates are RFC 2822 strings. */
function rfc2822(iso: string): string {
	return new Date(iso).toUTCString().replace('GMT', '+0000');
}

export function twilioError(
	status: number,
	code: number,
	message: string,
	headers?: Record<string, string>,
): PeerResponse {
	return json(
		status,
		{ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
		{ error: String(code), headers },
	);
}

export function accountResource(accountSid: string, createdAt: string): Record<string, unknown> {
	const base = `${API}/Accounts/${accountSid}`;
	// The real resource also carries auth_token; leaving it out keeps secrets out of anything that echoes it.
	return {
		date_created: rfc2822(createdAt),
		date_updated: rfc2822(createdAt),
		friendly_name: 'Sandbox Account',
		owner_account_sid: accountSid,
		sid: accountSid,
		status: 'active',
		subresource_uris: {
			calls: `${base}/Calls.json`,
			messages: `${base}/Messages.json`,
			incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
			recordings: `${base}/Recordings.json`,
		},
		type: 'Full',
		uri: `${base}.json`,
	};
}

export function messageResource(sms: SmsRecord, status: string): Record<string, unknown> {
	const uri = `${API}/Accounts/${sms.accountSid}/Messages/${sms.sid}`;
	return {
		account_sid: sms.accountSid,
		api_version: '2010-04-01',
		body: sms.body,
		date_created: rfc2822(sms.receivedAt),
		date_sent: status === 'queued' || status === 'accepted' ? null : rfc2822(sms.receivedAt),
		date_updated: rfc2822(sms.receivedAt),
		direction: 'outbound-api',
		error_code: null,
		error_message: null,
		from: sms.from,
		messaging_service_sid: sms.messagingServiceSid,
		num_media: String(sms.mediaUrls.length),
		num_segments: String(sms.numSegments),
		price: null,
		price_unit: 'USD',
		sid: sms.sid,
		status,
		subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
		to: sms.to,
		uri: `${uri}.json`,
	};
}

export function callResource(
	call: CallRecord,
	status: string,
	answeredBy: string | null,
): Record<string, unknown> {
	const uri = `${API}/Accounts/${call.accountSid}/Calls/${call.sid}`;
	const finished = status === 'completed';
	return {
		account_sid: call.accountSid,
		annotation: null,
		answered_by: answeredBy,
		api_version: '2010-04-01',
		caller_name: null,
		date_created: rfc2822(call.receivedAt),
		date_updated: rfc2822(call.receivedAt),
		direction: 'outbound-api',
		duration: finished ? '12' : null,
		end_time: finished ? rfc2822(call.receivedAt) : null,
		forwarded_from: null,
		from: call.from,
		from_formatted: call.from,
		group_sid: null,
		parent_call_sid: null,
		phone_number_sid: null,
		price: null,
		price_unit: 'USD',
		queue_time: '0',
		sid: call.sid,
		start_time: finished ? rfc2822(call.receivedAt) : null,
		status,
		subresource_uris: {
			notifications: `${uri}/Notifications.json`,
			recordings: `${uri}/Recordings.json`,
			events: `${uri}/Events.json`,
		},
		to: call.to,
		to_formatted: call.to,
		trunk_sid: null,
		uri: `${uri}.json`,
	};
}

// GSM 03.38 basic set plus the extension table (extension characters take two septets).
const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** Segments as a carrier counts them: GSM-7 160/153 septets, else UCS-2 70/67 code units. */
export function countSegments(body: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
	let septets = 0;
	let gsm = true;
	for (const char of body) {
		if (GSM_BASIC.includes(char)) septets += 1;
		else if (GSM_EXTENDED.includes(char)) septets += 2;
		else {
			gsm = false;
			break;
		}
	}
	if (gsm) return { encoding: 'GSM-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
	const units = body.length;
	return { encoding: 'UCS-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
