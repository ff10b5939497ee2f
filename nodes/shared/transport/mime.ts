// One email as the text an SMTP server receives (RFC 5322 headers, MIME parts), built in one pass
// from strings: no stream per message. Encoding follows the mail standards: non-ASCII header text
// as RFC 2047 encoded words, non-ASCII file names as RFC 2231 parameters, bodies 7bit when they are
// short-lined ASCII and quoted-printable otherwise, attachments base64 in 76-character lines.
import { randomBytes } from 'node:crypto';

import * as base64 from 'nodemailer/lib/base64';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';

import type { EmailAddress } from '../recipients';
import { envelopeAddress } from './smtp-address';

export interface MimeAttachment {
	filename: string;
	content: Buffer;
	contentType?: string;
}

export interface MimeMessage {
	from: EmailAddress;
	to: EmailAddress[];
	cc?: EmailAddress[];
	replyTo?: EmailAddress[];
	subject: string;
	text?: string;
	html?: string;
	attachments?: MimeAttachment[];
	/** `<id@host>` */
	messageId: string;
	inReplyTo?: string;
	references?: string[];
	/** Extra headers, one line each (already checked for line breaks). */
	headers?: Record<string, string>;
	date?: Date;
}

const CRLF = '\r\n';
const LINE_LENGTH = 76;

/** `Q` for text that is mostly Latin letters, `B` otherwise (shorter for other scripts). */
function wordEncoding(value: string): 'Q' | 'B' {
	const nonLatin = (value.match(/[\x00-\x08\x0B\x0C\x0E-\x1F\u0080-\uFFFF]+/g) ?? []).length;
	const latin = (value.match(/[a-z]/gi) ?? []).length;
	return nonLatin < latin ? 'Q' : 'B';
}

/** Header text: ASCII as it is, other words as RFC 2047 encoded words. */
function headerText(value: string): string {
	return mimeFuncs.isPlainText(value)
		? value
		: mimeFuncs.encodeWords(value, wordEncoding(value), 52);
}

/** A display name: plain words as they are, other ASCII quoted, non-ASCII as an encoded word. */
function displayName(name: string): string {
	if (/^[\w ]*$/.test(name)) return name;
	if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/([\\"])/g, '\\$1')}"`;
	return mimeFuncs.encodeWord(name, wordEncoding(name), 52);
}

function address(a: EmailAddress): string {
	const name = a.name?.replace(/[\r\n]+/g, ' ').trim();
	const mailbox = envelopeAddress(a.address);
	return name ? `${displayName(name)} <${mailbox}>` : mailbox;
}

/** One header, folded; a line break inside a value never starts a header of its own. */
function header(name: string, value: string): string {
	return mimeFuncs.foldLines(`${name}: ${value.replace(/[\r\n]+/g, ' ')}`, LINE_LENGTH);
}

/** A text body: 7bit when it is ASCII with short lines, else quoted-printable; CRLF line ends. */
function textPart(contentType: string, body: string): string {
	const lines = body.replace(/\r?\n/g, CRLF);
	const plain = mimeFuncs.isPlainText(lines) && !mimeFuncs.hasLongerLines(lines, LINE_LENGTH);
	return [
		`Content-Type: ${contentType}; charset=utf-8`,
		`Content-Transfer-Encoding: ${plain ? '7bit' : 'quoted-printable'}`,
		'',
		plain ? lines : qp.wrap(qp.encode(lines), LINE_LENGTH),
	].join(CRLF);
}

function attachmentPart(attachment: MimeAttachment): string {
	const extension = attachment.filename.split('.').pop() ?? '';
	const contentType =
		attachment.contentType ||
		(attachment.filename.includes('.')
			? mimeFuncs.detectMimeType(extension)
			: 'application/octet-stream');
	return [
		header(
			'Content-Type',
			mimeFuncs.buildHeaderValue({ value: contentType, params: { name: attachment.filename } }),
		),
		header(
			'Content-Disposition',
			mimeFuncs.buildHeaderValue({
				value: 'attachment',
				params: { filename: attachment.filename },
			}),
		),
		'Content-Transfer-Encoding: base64',
		'',
		base64.wrap(attachment.content.toString('base64'), LINE_LENGTH),
	].join(CRLF);
}

function boundary(): string {
	return `----=_Part_${randomBytes(12).toString('hex')}`;
}

/** Parts under one multipart type: its header block and body. */
function multipart(subtype: 'alternative' | 'mixed', parts: string[]): string {
	const mark = boundary();
	return [
		`Content-Type: multipart/${subtype}; boundary="${mark}"`,
		'',
		...parts.map((part) => `--${mark}${CRLF}${part}`),
		`--${mark}--`,
		'',
	].join(CRLF);
}

function body(message: MimeMessage): string {
	const texts: string[] = [];
	if (message.text !== undefined) texts.push(textPart('text/plain', message.text));
	if (message.html !== undefined) texts.push(textPart('text/html', message.html));
	if (texts.length === 0) texts.push(textPart('text/plain', ''));
	const content = texts.length === 1 ? texts[0] : multipart('alternative', texts);
	const attachments = message.attachments ?? [];
	if (attachments.length === 0) return content;
	return multipart('mixed', [content, ...attachments.map(attachmentPart)]);
}

/** The whole message: headers (BCC is never one; it travels in the envelope) and MIME body. */
export function composeMime(message: MimeMessage): string {
	const lines = [header('From', address(message.from))];
	if (message.replyTo?.length)
		lines.push(header('Reply-To', message.replyTo.map(address).join(', ')));
	lines.push(header('To', message.to.map(address).join(', ')));
	if (message.cc?.length) lines.push(header('Cc', message.cc.map(address).join(', ')));
	lines.push(header('Subject', headerText(message.subject)));
	lines.push(header('Message-ID', message.messageId));
	if (message.inReplyTo) lines.push(header('In-Reply-To', message.inReplyTo));
	if (message.references?.length) lines.push(header('References', message.references.join(' ')));
	lines.push(header('Date', (message.date ?? new Date()).toUTCString().replace(/GMT/, '+0000')));
	for (const [name, value] of Object.entries(message.headers ?? {}))
		lines.push(header(name, headerText(value)));
	lines.push('MIME-Version: 1.0');
	return `${lines.join(CRLF)}${CRLF}${body(message)}`;
}
