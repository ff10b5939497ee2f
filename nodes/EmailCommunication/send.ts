// Sends one composed email; success is judged on the primary recipients, and a retry only goes
// to the recipients that have not accepted yet (so CC/BCC never get a duplicate).
import { ProviderError } from '../shared/errors';
import { sendSmtpMessage, type SmtpSettings, type SmtpTransport } from '../shared/transport/smtp';
import type { SendSuccess } from '../shared/transport/types';

import type { EmailPayload } from './prepare';

const key = (address: string) => address.toLowerCase();
const addressOf = (entry: string | { address: string }) =>
	typeof entry === 'string' ? entry : entry.address;

function parseResponse(response: string | undefined): { code: number | null; text: string } {
	const text = (response ?? '').trim();
	const code = /^(\d{3})/.exec(text);
	return { code: code ? Number(code[1]) : null, text };
}

export async function sendEmail(
	transport: SmtpTransport,
	smtp: SmtpSettings,
	payload: EmailPayload,
): Promise<SendSuccess> {
	const everyone = [...payload.to, ...payload.cc, ...payload.bcc];
	const pending = everyone.filter((a) => !payload.delivered.has(key(a.address)));
	const info = await sendSmtpMessage(transport, smtp, {
		from: payload.from,
		to: payload.to,
		cc: payload.cc,
		replyTo: payload.replyTo,
		subject: payload.subject,
		text: payload.text,
		html: payload.html,
		attachments: payload.attachments,
		inReplyTo: payload.inReplyTo,
		references: payload.references,
		headers: payload.headers,
		messageId: payload.messageId,
		// BCC recipients travel in the envelope only, never in a header.
		envelope: { from: payload.from.address, to: pending.map((a) => a.address) },
	});

	for (const entry of info.accepted ?? []) payload.delivered.add(key(addressOf(entry)));
	const rejected = (info.rejected ?? []).map(addressOf);
	const response = parseResponse(info.response);
	const primaryMissing = payload.to.filter((a) => !payload.delivered.has(key(a.address)));
	if (primaryMissing.length > 0) {
		const failure = (info.rejectedErrors ?? []).find(
			(e) => e.recipient && key(e.recipient) === key(primaryMissing[0].address),
		);
		const code = failure?.responseCode ?? 550;
		throw new ProviderError(
			`The SMTP server refused the recipient ${primaryMissing[0].address} (${code})${failure?.response ? `: ${failure.response}` : ''}`,
			{ transient: code >= 400 && code < 500, code },
		);
	}
	const warnings = rejected.map((address) => {
		const failure = (info.rejectedErrors ?? []).find(
			(e) => e.recipient && key(e.recipient) === key(address),
		);
		return `The SMTP server refused the copy recipient ${address}${failure?.responseCode ? ` (${failure.responseCode})` : ''}; the others received the email.`;
	});
	return {
		providerMessageId: info.messageId ?? payload.messageId,
		accepted: everyone.filter((a) => payload.delivered.has(key(a.address))).map((a) => a.address),
		rejected,
		warnings,
		details: {
			smtpResponse: { code: response.code, text: response.text },
			messageId: info.messageId ?? payload.messageId,
		},
	};
}
