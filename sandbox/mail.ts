// Turns a raw SMTP message into the sandbox's JSON-safe ReceivedMail with mailparser.
import { createHash, randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import type { SMTPServerSession } from 'smtp-server';
import type { MailAddress, ReceivedMail } from './types';

function flattenAddresses(entries: EmailAddress[]): MailAddress[] {
	return entries.flatMap((entry) =>
		entry.group
			? flattenAddresses(entry.group)
			: entry.address
				? [{ name: entry.name ?? '', address: entry.address }]
				: [],
	);
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
	if (!value) return [];
	return (Array.isArray(value) ? value : [value]).flatMap((object) =>
		flattenAddresses(object.value),
	);
}

// mailparser header values are Dates, strings, address objects or { value, params }; JSON keeps them all.
function plainHeaders(headers: Map<string, unknown>): Record<string, unknown> {
	const plain: Record<string, unknown> = {};
	for (const [key, value] of headers) plain[key] = JSON.parse(JSON.stringify(value ?? null));
	return plain;
}

export async function parseReceivedMail(
	raw: Buffer,
	session: SMTPServerSession,
): Promise<ReceivedMail> {
	const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
	const references =
		parsed.references === undefined
			? []
			: Array.isArray(parsed.references)
				? parsed.references
				: [parsed.references];
	const mailFrom = session.envelope.mailFrom;
	return {
		id: randomUUID(),
		sessionId: session.id,
		envelope: {
			from: mailFrom ? mailFrom.address : '',
			to: session.envelope.rcptTo.map((recipient) => recipient.address),
		},
		headers: plainHeaders(parsed.headers),
		headerLines: parsed.headerLines.map((header) => header.line),
		from: addresses(parsed.from),
		to: addresses(parsed.to),
		cc: addresses(parsed.cc),
		replyTo: addresses(parsed.replyTo),
		subject: parsed.subject ?? '',
		text: parsed.text ?? null,
		html: typeof parsed.html === 'string' ? parsed.html : null,
		attachments: parsed.attachments.map((attachment) => ({
			filename: attachment.filename ?? null,
			contentType: attachment.contentType,
			contentDisposition: attachment.contentDisposition ?? 'attachment',
			contentId: attachment.contentId ?? null,
			size: attachment.content.length,
			sha256: createHash('sha256').update(attachment.content).digest('hex'),
			content: attachment.content.toString('base64'),
		})),
		messageId: parsed.messageId ?? null,
		inReplyTo: parsed.inReplyTo ?? null,
		references,
		size: raw.length,
		receivedAt: new Date().toISOString(),
	};
}
