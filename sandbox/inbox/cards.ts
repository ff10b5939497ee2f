// Renders each kind of received item as an escaped HTML card for the inbox page.
import { oneClickUrl } from '../one-click';
import type {
	CallRecord,
	HttpRequestRecord,
	MailAddress,
	ReceivedMail,
	SandboxState,
	SlackRecord,
	SmsRecord,
	TelegramRecord,
	WhatsAppRecord,
} from '../types';

export interface FeedItem {
	at: string;
	html: string;
}

/** Everything shown comes from senders; escape it all, attribute-safe. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function addressList(list: MailAddress[]): string {
	return list
		.map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address))
		.join(', ');
}

function row(label: string, value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text
		? `<div class="row"><span class="label">${escapeHtml(label)}</span> ${escapeHtml(text)}</div>`
		: '';
}

function card(kind: string, title: string, at: string, body: string): string {
	return `<article class="card ${kind}"><header><span class="kind">${escapeHtml(kind)}</span> <strong>${escapeHtml(title)}</strong> <time>${escapeHtml(at)}</time></header>${body}</article>`;
}

function pre(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
	return `<pre>${escapeHtml(text)}</pre>`;
}

/** The Unsubscribe button of a mail offering one-click (RFC 8058), with the last POST's answer. */
function unsubscribeButton(mail: ReceivedMail): string {
	const url = oneClickUrl(mail);
	if (!url) return '';
	const last = mail.oneClick;
	const answer = last
		? `<span class="answer">POST ${escapeHtml(last.url)} → ${last.status === 0 ? 'no answer' : `HTTP ${last.status}`}</span>`
		: '';
	return `<div class="replies"><button type="button" class="unsubscribe" data-unsubscribe="${escapeHtml(mail.id)}" title="${escapeHtml(`POST List-Unsubscribe=One-Click to ${url}`)}">Unsubscribe</button>${answer}</div>`;
}

function mailCard(mail: ReceivedMail): string {
	const attachments = mail.attachments
		.map(
			(attachment) =>
				`<li>${escapeHtml(attachment.filename ?? '(no name)')} · ${escapeHtml(attachment.contentType)} · ${attachment.size} bytes</li>`,
		)
		.join('');
	// The srcdoc attribute is escaped once here and decoded by the browser; sandbox="" denies scripts,
	// forms, popups and same-origin access, so hostile mail HTML stays inert.
	const html = mail.html
		? `<iframe sandbox="" referrerpolicy="no-referrer" srcdoc="${escapeHtml(mail.html)}"></iframe>`
		: '';
	const text = mail.text
		? `<details${mail.html ? '' : ' open'}><summary>Text</summary>${pre(mail.text)}</details>`
		: '';
	return card(
		'mail',
		mail.subject || '(no subject)',
		mail.receivedAt,
		row('From', addressList(mail.from)) +
			row('To', addressList(mail.to)) +
			row('Cc', addressList(mail.cc)) +
			row('Envelope', `${mail.envelope.from} → ${mail.envelope.to.join(', ')}`) +
			(attachments
				? `<div class="row"><span class="label">Attachments</span><ul>${attachments}</ul></div>`
				: '') +
			html +
			text +
			unsubscribeButton(mail),
	);
}

function smsCard(sms: SmsRecord): string {
	return card(
		'sms',
		`${sms.from ?? sms.messagingServiceSid ?? ''} → ${sms.to}`,
		sms.receivedAt,
		row('SID', sms.sid) +
			row('Segments', `${sms.numSegments} (${sms.encoding})`) +
			row('Media', sms.mediaUrls.join(', ')) +
			pre(sms.body) +
			replyButtons('sms', sms.to),
	);
}

function callCard(call: CallRecord): string {
	const twiml = call.twiml
		? `<div class="row"><span class="label">TwiML${call.twimlValid ? '' : ' (not well-formed)'}</span></div>${pre(call.twiml)}`
		: '';
	return card(
		'call',
		`${call.from} → ${call.to}`,
		call.receivedAt,
		row('SID', call.sid) +
			row('Url', call.url ?? '') +
			row('Machine detection', call.machineDetection ?? '') +
			row('Timeout', call.timeout ?? '') +
			twiml,
	);
}

function slackCard(record: SlackRecord): string {
	const { blocks, text, ...rest } = record.args;
	return card(
		'slack',
		record.method,
		record.receivedAt,
		row('Result', record.result) +
			(text ? pre(text) : '') +
			(blocks ? `<details><summary>Blocks</summary>${pre(blocks)}</details>` : '') +
			row('Args', rest),
	);
}

function telegramCard(record: TelegramRecord): string {
	const { text, ...rest } = record.body;
	return card(
		'telegram',
		record.method,
		record.receivedAt,
		row('Args', rest) + (text ? pre(text) : ''),
	);
}

/** Buttons that make the contact answer: the provider posts their message to the events workflow. */
function replyButtons(channel: 'sms' | 'whatsapp', contact: string): string {
	const button = (label: string, text: string) =>
		`<button type="button" class="reply" data-inbound="${channel}" data-from="${escapeHtml(contact)}" data-text="${escapeHtml(text)}">${escapeHtml(label)}</button>`;
	return `<div class="replies">${button('Reply', '')}${button('Reply STOP', 'STOP')}${button('Reply START', 'START')}</div>`;
}

function whatsappCard(record: WhatsAppRecord): string {
	const to = typeof record.body.to === 'string' ? record.body.to : '';
	const contact = to ? `+${to.replace(/\D/g, '')}` : '';
	return card(
		'whatsapp',
		`${record.method} ${record.path}`,
		record.receivedAt,
		row('Message', record.messageId ?? '') +
			pre(record.body) +
			(record.messageId && contact ? replyButtons('whatsapp', contact) : ''),
	);
}

function rejectedCard(request: HttpRequestRecord): string {
	const status = request.status === 0 ? 'dropped' : String(request.status);
	return card(
		'rejected',
		`${request.peer} ${request.method} ${request.path}`,
		request.endedAt,
		row('Status', status) + row('Error', request.error ?? ''),
	);
}

/** All received items, newest first. */
export function feedItems(state: SandboxState, limit: number): FeedItem[] {
	const items: FeedItem[] = [
		...state.mails.map((mail) => ({ at: mail.receivedAt, html: mailCard(mail) })),
		...state.sms.map((sms) => ({ at: sms.receivedAt, html: smsCard(sms) })),
		...state.calls.map((call) => ({ at: call.receivedAt, html: callCard(call) })),
		...state.slack.map((record) => ({ at: record.receivedAt, html: slackCard(record) })),
		...state.telegram.map((record) => ({ at: record.receivedAt, html: telegramCard(record) })),
		...state.whatsapp.map((record) => ({ at: record.receivedAt, html: whatsappCard(record) })),
		...state.requests
			.filter((request) => request.status === 0 || request.status >= 400 || request.error)
			.slice(-50)
			.map((request) => ({ at: request.endedAt, html: rejectedCard(request) })),
	];
	return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}
