// Turns one item into a checked email: recipients, header-safe fields, bodies, attachments.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import { movedParam } from '../shared/versioned-params';
import { formatEmailAddress, requireEmailAddress, type EmailAddress } from '../shared/recipients';
import { fetchAttachment } from './safe-fetch';
import { applyTemplate, type TemplateSource } from '../shared/templates';
import { newMessageId } from '../shared/transport/smtp-address';
import type { SmtpSettings } from '../shared/transport/smtp';

import { assertSingleLine, customHeaders, normaliseMessageId, recipientList } from './headers';
import { htmlToText } from './html-to-text';
import { oneClickFor } from './one-click';
import type { UnsubscribeLinks } from '../shared/events/unsubscribe';

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
	input: ItemContext,
	smtp: SmtpSettings,
	templates: TemplateSource,
	unsubscribe: UnsubscribeLinks | null = null,
): Promise<PreparedSend<EmailPayload>> {
	// A chosen template fills the fields left empty on the node (subject, bodies, links).
	const { item, details } = await applyTemplate(input, templates, 'email');
	const warnings: string[] = [];
	const options = (item.param('options', {}) ?? {}) as IDataObject;
	const strict = item.settings.failOnMissingMergeFields;

	const fromEmail = (item.param('fromEmail', '') as string) || smtp.fromEmail;
	if (!fromEmail)
		throw new InputError(
			'From Email is empty',
			'Set From Email on the node or a Default Sender Email in the SMTP credential.',
		);
	const read = (name: string, fallback?: unknown) => item.param(name, fallback);
	const moved = (name: string, fallback: unknown) => movedParam(read, name, fallback);
	const fromName = String(moved('fromName', '') ?? '') || smtp.fromName;
	assertSingleLine('From Name', fromName);
	const parsedFrom = requireEmailAddress('From Email', fromEmail);
	const from = { address: parsedFrom.address, name: fromName || parsedFrom.name };

	let to = recipientList('To', item.param('toEmail'), warnings, true);
	let cc = recipientList('CC', moved('ccEmail', ''), warnings, false);
	let bcc = recipientList('BCC', moved('bccEmail', ''), warnings, false);
	const replyTo = recipientList('Reply-To', moved('replyTo', ''), warnings, false);
	const headers = customHeaders(options);
	const oneClick = oneClickFor(options, to, headers, unsubscribe, warnings);
	const data = oneClick.url
		? { ...item.participant, unsubscribe_url: oneClick.url }
		: item.participant;

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
		const test = requireEmailAddress('Send Test To', sendTestTo);
		warnings.push(
			`Test mode: sent to ${test.address} instead of ${to.map((a) => a.address).join(', ')}.`,
		);
		to = [test];
		cc = [];
		bcc = [];
		subject = `[TEST] ${subject}`;
	}

	const maxBytes = Math.round(Number(options.maxAttachmentSizeMb ?? 10) * 1024 * 1024);
	const attachments = await binaryAttachments(
		item,
		String(moved('attachments', '') ?? ''),
		maxBytes,
	);
	const links = ((moved('attachmentLinks', {}) as IDataObject).link ?? []) as Array<{
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
			headers: { ...headers, ...oneClick.headers },
			messageId: newMessageId(from.address),
			delivered: new Set(),
		},
		to: to.map((a) => a.address),
		warnings,
		details,
	};
}
