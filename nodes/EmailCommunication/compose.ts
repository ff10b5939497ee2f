// Turns one item into a checked email: recipients, header-safe fields, bodies, attachments.
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import {
	describeRecipientProblem,
	formatEmailAddress,
	parseEmailAddress,
	parseEmailList,
	type EmailAddress,
} from '../shared/recipients';
import { hasLineBreak } from '../shared/recipients/email-address';
import { fetchAttachment } from './safe-fetch';
import type { SmtpSettings } from '../shared/transport/smtp';

import { htmlToText } from './html-to-text';

export interface EmailAttachment {
	filename: string;
	content: Buffer;
	contentType?: string;
}

export interface EmailPayload {
	from: EmailAddress;
	to: EmailAddress[];
	cc: EmailAddress[];
	bcc: EmailAddress[];
	replyTo: EmailAddress[];
	subject: string;
	text?: string;
	html?: string;
	attachments: EmailAttachment[];
	inReplyTo?: string;
	references?: string[];
	headers: Record<string, string>;
	messageId: string;
	/** Recipients that accepted in an earlier attempt: a retry does not send to them again. */
	delivered: Set<string>;
}

// Headers nodemailer builds from dedicated fields: a custom header must not replace them.
const RESERVED_HEADERS = new Set([
	'from',
	'to',
	'cc',
	'bcc',
	'reply-to',
	'subject',
	'sender',
	'date',
	'message-id',
	'in-reply-to',
	'references',
	'mime-version',
	'content-type',
	'content-transfer-encoding',
	'return-path',
]);
const HEADER_NAME = /^[!-9;-~]+$/;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
const NOT_IN_HEADER = 'which is not allowed in an email header';

function assertSingleLine(label: string, value: string): void {
	if (hasLineBreak(value)) throw new InputError(`${label} contains a line break, ${NOT_IN_HEADER}`);
}

function normaliseMessageId(label: string, raw: string): string {
	assertSingleLine(label, raw);
	const id = raw.trim().startsWith('<') ? raw.trim() : `<${raw.trim()}>`;
	if (!MESSAGE_ID.test(id))
		throw new InputError(`${label} '${raw}' is not a Message-ID like <id@example.com>`);
	return id;
}

function recipientList(
	label: string,
	input: unknown,
	warnings: string[],
	required: boolean,
): EmailAddress[] {
	const { valid, invalid } = parseEmailList(input);
	// A line break inside an address is a header injection attempt: it fails the item in every list.
	const injected = invalid.find((problem) => hasLineBreak(problem.input));
	if (injected)
		throw new InputError(`${describeRecipientProblem(label, injected)}, ${NOT_IN_HEADER}`);
	if (required) {
		if (invalid.length) throw new InputError(describeRecipientProblem(label, invalid[0]));
		if (!valid.length) throw new InputError(`${label} is empty: give at least one email address`);
	} else {
		for (const problem of invalid)
			warnings.push(`${describeRecipientProblem(label, problem)}; it was skipped.`);
	}
	return valid;
}

function customHeaders(options: IDataObject): Record<string, string> {
	const entries = ((options.customHeaders as IDataObject | undefined)?.header ?? []) as Array<{
		name?: string;
		value?: string;
	}>;
	const headers: Record<string, string> = {};
	for (const { name = '', value = '' } of entries) {
		const key = name.trim();
		if (!key) continue;
		if (!HEADER_NAME.test(key))
			throw new InputError(`Custom header name '${key}' is not a valid header name`);
		if (RESERVED_HEADERS.has(key.toLowerCase())) {
			throw new InputError(
				`Custom header '${key}' cannot be set here: use the node's own field for it`,
			);
		}
		assertSingleLine(`Custom header '${key}'`, String(value));
		headers[key] = String(value);
	}
	return headers;
}

async function binaryAttachments(
	item: ItemContext,
	names: string,
	maxBytes: number,
): Promise<EmailAttachment[]> {
	const attachments: EmailAttachment[] = [];
	for (const name of names
		.split(',')
		.map((n) => n.trim())
		.filter(Boolean)) {
		const binary = await item.binary(name);
		if (!binary)
			throw new InputError(
				`Binary property '${name}' does not exist on the input item`,
				'Check "Attachments (Binary Properties)": the names must match the binary fields of the incoming item.',
			);
		if (binary.data.length > maxBytes) {
			throw new InputError(
				`Attachment '${binary.fileName ?? name}' is ${binary.data.length} bytes, more than the limit of ${maxBytes} bytes`,
			);
		}
		attachments.push({
			filename: binary.fileName ?? name,
			content: binary.data,
			contentType: binary.mimeType,
		});
	}
	return attachments;
}

export async function composeEmail(
	item: ItemContext,
	smtp: SmtpSettings,
): Promise<PreparedSend<EmailPayload>> {
	const warnings: string[] = [];
	const options = (item.param('options', {}) ?? {}) as IDataObject;
	const strict = item.settings.failOnMissingMergeFields;
	const data = item.participant;

	const fromEmail = (item.param('fromEmail', '') as string) || smtp.fromEmail;
	if (!fromEmail)
		throw new InputError(
			'From Email is empty',
			'Set From Email on the node or a Default Sender Email in the SMTP credential.',
		);
	const fromName = (item.param('fromName', '') as string) || smtp.fromName;
	assertSingleLine('From Name', fromName);
	const parsedFrom = parseEmailAddress(fromEmail);
	if (!parsedFrom.ok)
		throw new InputError(describeRecipientProblem('From Email', parsedFrom.problem));
	const from = { address: parsedFrom.value.address, name: fromName || parsedFrom.value.name };

	let to = recipientList('To', item.param('toEmail'), warnings, true);
	let cc = recipientList('CC', item.param('ccEmail', ''), warnings, false);
	let bcc = recipientList('BCC', item.param('bccEmail', ''), warnings, false);
	const replyTo = recipientList('Reply-To', item.param('replyTo', ''), warnings, false);

	const subjectField = renderFieldForItem('Subject', item.param('subject') as string, data, strict);
	warnings.push(...subjectField.warnings);
	let subject = subjectField.text;
	assertSingleLine('Subject', subject);
	if (!subject.trim()) throw new InputError('Subject is empty');

	const format = item.param('emailFormat') as 'text' | 'html' | 'both';
	let text: string | undefined;
	let html: string | undefined;
	if (format !== 'text') {
		const rendered = renderFieldForItem('HTML', item.param('html', '') as string, data, strict, {
			escape: 'html',
		});
		warnings.push(...rendered.warnings);
		html = rendered.text;
	}
	if (format !== 'html') {
		const rendered = renderFieldForItem('Text', item.param('text', '') as string, data, strict);
		warnings.push(...rendered.warnings);
		text = rendered.text;
	} else {
		text = htmlToText(html ?? '');
	}
	if (!text?.trim() && !html?.trim())
		throw new InputError('The email body is empty: fill in Text or HTML');

	const sendTestTo = String(options.sendTestTo ?? '').trim();
	if (sendTestTo) {
		const test = parseEmailAddress(sendTestTo);
		if (!test.ok) throw new InputError(describeRecipientProblem('Send Test To', test.problem));
		warnings.push(
			`Test mode: sent to ${test.value.address} instead of ${to.map((a) => a.address).join(', ')}.`,
		);
		to = [test.value];
		cc = [];
		bcc = [];
		subject = `[TEST] ${subject}`;
	}

	const maxBytes = Math.round(Number(options.maxAttachmentSizeMb ?? 10) * 1024 * 1024);
	const attachments = await binaryAttachments(
		item,
		String(item.param('attachments', '') ?? ''),
		maxBytes,
	);
	const links = ((item.param('attachmentLinks', {}) as IDataObject).link ?? []) as Array<{
		url?: string;
		fileName?: string;
	}>;
	for (const link of links) {
		if (!link.url?.trim()) continue;
		const file = await fetchAttachment(link.url, {
			maxBytes,
			timeoutMs: Number(options.attachmentTimeout ?? 15) * 1000,
			allowPrivateHosts: options.allowPrivateAttachmentHosts === true,
		});
		const filename = link.fileName?.trim() || file.fileName;
		assertSingleLine('Attachment file name', filename);
		attachments.push({ filename, content: file.content, contentType: file.contentType });
	}

	const inReplyTo = options.inReplyTo
		? normaliseMessageId('In-Reply-To', String(options.inReplyTo))
		: undefined;
	const references = options.references
		? String(options.references)
				.split(/[\s,]+/)
				.filter(Boolean)
				.map((r) => normaliseMessageId('References', r))
		: undefined;
	for (const address of [from, ...to, ...cc, ...bcc, ...replyTo]) formatEmailAddress(address);

	return {
		payload: {
			from,
			to,
			cc,
			bcc,
			replyTo,
			subject,
			text,
			html,
			attachments,
			inReplyTo,
			references,
			headers: customHeaders(options),
			messageId: `<${randomUUID()}@${from.address.split('@')[1]}>`,
			delivered: new Set(),
		},
		to: to.map((a) => a.address),
		warnings,
	};
}
