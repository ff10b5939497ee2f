// Ledger contract, templates part: immutable versions, languages, names, search, pages, deletes.
import type { NewTemplate } from '../../../nodes/shared/ledger';
import { sendNow, type LedgerTestContext } from './contract-support';

function emailTemplate(fields: Partial<NewTemplate> = {}): NewTemplate {
	return {
		channel: 'email',
		name: 'Booking confirmation',
		defaultLanguage: 'en',
		variants: {
			en: { subject: 'Hi {{ first_name }}', html: '<p>Booked</p>' },
			de: { subject: 'Hallo {{ first_name }}', text: 'Gebucht' },
		},
		...fields,
	};
}

export function describeTemplatesContract(ctx: LedgerTestContext): void {
	describe('templates', () => {
		it('stores version 1 on create and a new immutable version on every save', async () => {
			const ledger = await ctx.open();
			const created = await ledger.createTemplate(emailTemplate({ id: 'booking' }));
			expect(created).toMatchObject({
				id: 'booking',
				channel: 'email',
				name: 'Booking confirmation',
				version: 1,
				latestVersion: 1,
				defaultLanguage: 'en',
				variants: { en: { subject: 'Hi {{ first_name }}' }, de: { text: 'Gebucht' } },
			});
			const second = await ledger.saveTemplateVersion('booking', {
				defaultLanguage: 'de',
				variants: { de: { subject: 'Neu', text: 'v2' }, es_mx: { subject: 'Hola' } },
			});
			expect(second).toMatchObject({ version: 2, latestVersion: 2, defaultLanguage: 'de' });
			expect(Object.keys(second.variants).sort()).toEqual(['de', 'es-MX']);

			expect(await ledger.getTemplate('booking')).toMatchObject({ version: 2 });
			expect(await ledger.getTemplate('booking', 1)).toMatchObject({
				version: 1,
				latestVersion: 2,
				variants: created.variants,
			});
			expect(await ledger.getTemplate('booking', 3)).toBeNull();
			expect(await ledger.getTemplate('nope')).toBeNull();
		});

		it('gives concurrent saves from several instances distinct, gapless versions', async () => {
			const ledgers = await Promise.all([1, 2, 3].map(() => ctx.open()));
			await ledgers[0].createTemplate({
				id: 'sms-1',
				channel: 'sms',
				name: 'Reminder',
				defaultLanguage: 'en',
				variants: { en: { text: 'v1' } },
			});
			const saved = await Promise.all(
				Array.from({ length: 9 }, (_, i) =>
					ledgers[i % 3].saveTemplateVersion('sms-1', {
						defaultLanguage: 'en',
						variants: { en: { text: `save ${i}` } },
					}),
				),
			);
			expect(saved.map((s) => s.version).sort((a, b) => a - b)).toEqual([
				2, 3, 4, 5, 6, 7, 8, 9, 10,
			]);
			expect((await ledgers[1].getTemplate('sms-1'))?.latestVersion).toBe(10);
		});

		it('refuses bad content, a taken name (per channel) or ID, and an unknown template', async () => {
			const ledger = await ctx.open();
			await ledger.createTemplate(emailTemplate({ id: 'a' }));
			await expect(
				ledger.createTemplate(emailTemplate({ id: 'b', name: 'booking CONFIRMATION' })),
			).rejects.toThrow(/Another email template is named 'booking CONFIRMATION' \(ID a\)/);
			await expect(ledger.createTemplate(emailTemplate({ id: 'a', name: 'x' }))).rejects.toThrow(
				/ID 'a' exists already/,
			);
			await expect(
				ledger.createTemplate({ ...emailTemplate({ id: 'c' }), channel: 'sms' }),
			).rejects.toThrow(/sms template has no field 'subject'/);
			await expect(
				ledger.createTemplate(emailTemplate({ id: 'd', name: 'd', defaultLanguage: 'fr' })),
			).rejects.toThrow(/no content for its default language 'fr'/);
			await expect(
				ledger.createTemplate(emailTemplate({ id: 'e', name: 'e', variants: { 'not a tag': {} } })),
			).rejects.toThrow(/not a language tag/);
			await expect(
				ledger.saveTemplateVersion('zzz', {
					defaultLanguage: 'en',
					variants: { en: { text: 'x' } },
				}),
			).rejects.toThrow(/no template with ID 'zzz'/);
			// Another channel may use the same name.
			await expect(
				ledger.createTemplate({
					channel: 'sms',
					name: 'Booking confirmation',
					defaultLanguage: 'en',
					variants: { en: { text: 'ok' } },
				}),
			).resolves.toMatchObject({ channel: 'sms', version: 1 });
		});

		it('keeps attachment links of email templates and checks them', async () => {
			const ledger = await ctx.open();
			const saved = await ledger.createTemplate(
				emailTemplate({
					id: 'att',
					variants: {
						en: {
							subject: 'Terms',
							text: 'See attached',
							attachments: [{ url: 'https://example.com/terms.pdf', fileName: 'terms.pdf' }],
						},
					},
				}),
			);
			expect(saved.variants.en.attachments).toEqual([
				{ url: 'https://example.com/terms.pdf', fileName: 'terms.pdf' },
			]);
			await expect(
				ledger.saveTemplateVersion('att', {
					defaultLanguage: 'en',
					variants: { en: { subject: 'x', attachments: [{ url: 'ftp://x/y' }] } },
				}),
			).rejects.toThrow(/http or https/);
		});

		it('lists live templates by name with search, channel filter and pages', async () => {
			const ledger = await ctx.open();
			for (const name of ['Welcome', 'Reminder 100%', 'reminder_b', 'Follow-up', 'Invoice']) {
				await ledger.createTemplate({
					channel: 'sms',
					name,
					defaultLanguage: 'en',
					variants: { en: { text: name } },
				});
			}
			await ledger.createTemplate(emailTemplate({ id: 'mail', name: 'Reminder mail' }));

			const all = await ledger.listTemplates({ channel: 'sms', limit: 2 });
			expect(all.templates.map((t) => t.name)).toEqual(['Follow-up', 'Invoice']);
			expect(all.nextOffset).toBe(2);
			const next = await ledger.listTemplates({ channel: 'sms', limit: 2, offset: 2 });
			expect(next.templates.map((t) => t.name)).toEqual(['Reminder 100%', 'reminder_b']);
			const last = await ledger.listTemplates({ channel: 'sms', limit: 2, offset: 4 });
			expect(last).toMatchObject({ nextOffset: null });
			expect(last.templates.map((t) => t.name)).toEqual(['Welcome']);

			const found = await ledger.listTemplates({ search: 'REMINDER' });
			expect(found.templates.map((t) => [t.channel, t.name])).toEqual([
				['sms', 'Reminder 100%'],
				['email', 'Reminder mail'],
				['sms', 'reminder_b'],
			]);
			// % and _ are literal characters in a search.
			const literal = await ledger.listTemplates({ search: '0%' });
			expect(literal.templates.map((t) => t.name)).toEqual(['Reminder 100%']);
			expect((await ledger.listTemplates({ search: 'r_b' })).templates).toHaveLength(1);
			expect((await ledger.listTemplates({ search: 'mail' })).templates[0]).toMatchObject({
				id: 'mail',
				latestVersion: 1,
				defaultLanguage: 'en',
				languages: ['de', 'en'],
			});
		});

		it('soft delete hides a template and frees its name; hard delete removes it', async () => {
			const ledger = await ctx.open();
			await ledger.createTemplate(emailTemplate({ id: 'soft' }));
			expect(await ledger.deleteTemplate('soft', 'soft')).toBe(true);
			expect(await ledger.deleteTemplate('soft', 'soft')).toBe(false);
			expect(await ledger.getTemplate('soft', 1)).toBeNull();
			expect((await ledger.listTemplates({})).templates).toEqual([]);
			await expect(ledger.createTemplate(emailTemplate({ id: 'soft' }))).rejects.toThrow(
				/deleted \(soft\)/,
			);
			await expect(ledger.createTemplate(emailTemplate({ id: 'again' }))).resolves.toMatchObject({
				version: 1,
			});

			expect(await ledger.deleteTemplate('soft', 'hard')).toBe(true);
			expect(await ledger.deleteTemplate('soft', 'hard')).toBe(false);
			await expect(
				ledger.createTemplate(emailTemplate({ id: 'soft', name: 'Reused ID' })),
			).resolves.toMatchObject({ id: 'soft', version: 1 });
		});

		it('counts recorded sends per template, version, language and status', async () => {
			const ledger = await ctx.open();
			const template = (version: number, language: string) => ({
				template: { id: 'tpl', name: 'Reminder', version, language },
			});
			const record = async (key: string, status: 'sent' | 'failed', result: object) => {
				const row = await sendNow(ledger, key, status);
				const { record: claimed } = await ledger.claimSend(
					{ idempotencyKey: `${key}-r`, participantId: 'p', channel: 'sms' },
					'w',
					60_000,
				);
				await ledger.completeSend(claimed.id, { status, result: { ...result } });
				return row;
			};
			await record('a', 'sent', template(1, 'en'));
			await record('b', 'sent', template(2, 'en'));
			await record('c', 'sent', template(2, 'en'));
			await record('d', 'failed', template(2, 'es-MX'));
			await record('e', 'sent', { template: 'a WhatsApp template name' });

			expect(await ledger.statsByTemplate()).toEqual([
				{
					templateId: 'tpl',
					name: 'Reminder',
					version: 1,
					language: 'en',
					status: 'sent',
					count: 1,
				},
				{
					templateId: 'tpl',
					name: 'Reminder',
					version: 2,
					language: 'en',
					status: 'sent',
					count: 2,
				},
				{
					templateId: 'tpl',
					name: 'Reminder',
					version: 2,
					language: 'es-MX',
					status: 'failed',
					count: 1,
				},
			]);
			expect(await ledger.statsByTemplate('other')).toEqual([]);
			expect(await ledger.statsByTemplate('tpl')).toHaveLength(3);
		});
	});
}
