// Saved templates in Email Communication, Telegram Communication and Internal Notification through
// n8n's engine: the node's own fields override the template's, the language follows the participant,
// and the editor's template picker (listSearch) lists the ledger's templates of the node's channel.
import { randomUUID } from 'node:crypto';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { getLedger, type NewTemplate } from '../../nodes/shared/ledger';
import { templateListSearch } from '../../nodes/shared/templates';
import { TelegramCommunication } from '../../nodes/TelegramCommunication/TelegramCommunication.node';
import type { Sandbox } from '../../sandbox';
import {
	chatHarness,
	communicationOf,
	itemsInto,
	loadOptionsContext,
} from '../support/chat-engine';
import { resultOf, sampleTeam, teamHarness, teamWorkflow } from '../support/team-engine';
import { useFileServer } from '../support/engine/file-server';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
let filesUrl: string;

useSandbox((started) => (sandbox = started));
useFileServer(
	(_req, res) => {
		res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('%PDF-terms'));
	},
	(url) => (filesUrl = url),
);

const templateRef = (id: string) => ({ __rl: true, mode: 'list', value: id });

async function saveTemplate(template: Omit<NewTemplate, 'id' | 'name'>, name?: string) {
	const id = `tpl-${randomUUID()}`;
	await (await getLedger()).createTemplate({ ...template, id, name: name ?? id });
	return id;
}

describe('Email Communication with a template', () => {
	const emailTemplate = () =>
		saveTemplate({
			channel: 'email',
			defaultLanguage: 'en',
			variants: {
				en: {
					subject: 'Your booking, {{ first_name }}',
					html: '<p>Booked for {{ first_name }}</p>',
					text: 'Booked (text) for {{ first_name }}',
					attachments: [{ url: `${filesUrl}/terms.pdf`, fileName: 'terms.pdf' }],
				},
				de: { subject: 'Ihre Buchung, {{ first_name }}', html: '<p>Gebucht, {{ first_name }}</p>' },
			},
		});

	function emailWorkflow(items: Array<Record<string, unknown>>, parameters: object) {
		return teamWorkflow(items, 'emailCommunication', {
			toEmail: '={{ $json.email }}',
			options: { allowPrivateAttachmentHosts: true },
			...parameters,
		});
	}
	const emailHarness = () => teamHarness(sandbox, [new EmailCommunication()], []);

	it('sends the template: subject, HTML and text bodies, attachment links, in the participant language', async () => {
		const id = await emailTemplate();
		const result = await emailHarness().run(
			emailWorkflow(
				[
					{ id: 'en', email: 'ann@example.com', first_name: 'Ann' },
					{ id: 'de', email: 'jan@example.com', first_name: 'Jan', language: 'de-AT' },
				],
				{ messageTemplate: templateRef(id) },
			),
		);
		expect(result.status).toBe('success');
		const byTo = new Map(sandbox.state().mails.map((m) => [m.to[0].address, m]));
		expect(byTo.get('ann@example.com')).toMatchObject({
			subject: 'Your booking, Ann',
			html: expect.stringContaining('<p>Booked for Ann</p>'),
			text: 'Booked (text) for Ann',
		});
		expect(byTo.get('ann@example.com')?.attachments.map((a) => a.filename)).toEqual(['terms.pdf']);
		// German has HTML only: its text part is derived from the HTML.
		expect(byTo.get('jan@example.com')).toMatchObject({
			subject: 'Ihre Buchung, Jan',
			html: expect.stringContaining('<p>Gebucht, Jan</p>'),
			text: expect.stringContaining('Gebucht, Jan'),
		});
		expect(result.output('Node').map((o) => communicationOf(o).template)).toEqual([
			{ id, name: id, version: 1, language: 'en' },
			{ id, name: id, version: 1, language: 'de' },
		]);
	});

	it("fields set on the node override the template's: subject, body and attachment links", async () => {
		const id = await emailTemplate();
		await emailHarness().run(
			emailWorkflow([{ id: 'p', email: 'ann@example.com', first_name: 'Ann' }], {
				messageTemplate: templateRef(id),
				subject: 'Own subject for {{ first_name }}',
				emailFormat: 'text',
				text: 'Own text',
				attachmentLinks: { link: [{ url: `${filesUrl}/other.pdf`, fileName: 'mine.pdf' }] },
			}),
		);
		const [mail] = sandbox.state().mails;
		expect(mail.subject).toBe('Own subject for Ann');
		expect(mail.text).toBe('Own text');
		// The node set no HTML: the template's stays.
		expect(mail.html).toContain('<p>Booked for Ann</p>');
		expect(mail.attachments.map((a) => a.filename)).toEqual(['mine.pdf']);
	});
});

describe('Telegram Communication with a template', () => {
	it('sends the template text; a Start Phrase on the node overrides it', async () => {
		const id = await saveTemplate({
			channel: 'telegram',
			defaultLanguage: 'en',
			variants: { en: { text: 'Hello {{ name }}' }, es: { text: 'Hola {{ name }}' } },
		});
		const items = [
			{ id: 'p1', telegram_id: 111, name: 'Ann', locale: 'es-ES', own: '' },
			{ id: 'p2', telegram_id: 222, name: 'Bob', own: 'Own words, {{ name }}' },
		];
		const result = await chatHarness(sandbox, new TelegramCommunication()).run(
			itemsInto(items, 'telegramCommunication', 'communicationTelegramApi', {
				messageTemplate: templateRef(id),
				startPhrase: '={{ $json.own }}',
			}),
		);
		expect(result.status).toBe('success');
		const sent = sandbox
			.state()
			.telegram.filter((r) => r.method === 'sendMessage')
			.map((r) => [r.body.chat_id, r.body.text]);
		expect(sent.sort()).toEqual([
			['111', 'Hola Ann'],
			['222', 'Own words, Bob'],
		]);
		expect(communicationOf(result.output('Node')[0]).template).toMatchObject({ language: 'es' });
	});
});

describe('Internal Notification with a template', () => {
	it('takes subject and message from a notification template', async () => {
		const id = await saveTemplate({
			channel: 'notification',
			defaultLanguage: 'en',
			variants: { en: { subject: 'Lead {{ first_name }}', text: 'Call {{ first_name }} now' } },
		});
		const { alice } = sampleTeam();
		const result = await teamHarness(sandbox, [new InternalNotification()], [alice]).run(
			teamWorkflow([{ id: 'c1', first_name: 'Lena' }], 'internalNotification', {
				channel: 'email',
				toUserTypes: ['allUsers'],
				messageTemplate: templateRef(id),
			}),
		);
		expect(result.status).toBe('success');
		expect(sandbox.state().mails).toEqual([
			expect.objectContaining({
				subject: 'Lead Lena',
				text: expect.stringContaining('Call Lena now'),
			}),
		]);
		expect(resultOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			template: { id, version: 1, language: 'en' },
		});
	});
});

describe('the template picker (listSearch through n8n-core LoadOptionsContext)', () => {
	it("lists only the node's channel, searches by name and pages", async () => {
		const tag = randomUUID().slice(0, 8);
		for (let i = 1; i <= 55; i++)
			await saveTemplate(
				{ channel: 'sms', defaultLanguage: 'en', variants: { en: { text: `t${i}` } } },
				`Picker ${tag} ${String(i).padStart(2, '0')}`,
			);
		await saveTemplate(
			{ channel: 'telegram', defaultLanguage: 'en', variants: { en: { text: 'x' } } },
			`Picker ${tag} telegram`,
		);
		const h = chatHarness(sandbox, new TelegramCommunication());
		const ctx = loadOptionsContext(h, 'telegramCommunication', 'communicationTelegramApi', {});
		const smsSearch = templateListSearch('sms');
		const first = await smsSearch.call(ctx, `picker ${tag}`);
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: `Picker ${tag} 01 (v1, en)`,
			value: expect.stringMatching(/^tpl-/),
		});
		const second = await smsSearch.call(ctx, `picker ${tag}`, first.paginationToken);
		expect(second.results.map((r) => r.name)).toEqual(
			[51, 52, 53, 54, 55].map((i) => `Picker ${tag} ${i} (v1, en)`),
		);
		expect(second.paginationToken).toBeUndefined();
		const telegram = await templateListSearch('telegram').call(ctx, tag);
		expect(telegram.results.map((r) => r.name)).toEqual([`Picker ${tag} telegram (v1, en)`]);
	});
});
