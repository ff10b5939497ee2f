// The Communication Templates node through n8n's engine: create, update, get, list, preview,
// delete and statistics against the embedded ledger.
import { randomUUID } from 'node:crypto';

import type { INode } from 'n8n-workflow';

import { CommunicationTemplates } from '../../nodes/CommunicationTemplates/CommunicationTemplates.node';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { chain, node, PKG } from '../support/engine/workflow';

const harness = () =>
	new EngineHarness({
		nodes: { [PKG]: [new CommunicationTemplates()], test: [new TestItems()] },
		credentials: {},
	});

async function run(
	parameters: INode['parameters'],
	items: Array<Record<string, unknown>> = [{}],
	extra: Partial<INode> = {},
) {
	const wf = chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		node('Templates', `${PKG}.communicationTemplates`, parameters, extra),
	);
	const result = await harness().run({ ...wf, id: `wf-${randomUUID()}` });
	return { result, out: result.status === 'success' ? result.output('Templates') : [] };
}

const ref = (id: string) => ({ __rl: true, mode: 'id', value: id });

it('creates with languages, saves new versions that keep other languages, and reads any version', async () => {
	const id = `booking-${randomUUID()}`;
	const created = await run({
		operation: 'create',
		channel: 'email',
		name: `Booking ${id}`,
		templateId: id,
		defaultLanguage: 'en',
		subject: 'Booked, {{ first_name }}',
		html: '<p>Hi {{ first_name }}</p>',
		attachmentLinks: { link: [{ url: 'https://example.com/terms.pdf', fileName: 'terms.pdf' }] },
		otherLanguages: { language: [{ language: 'de', subject: 'Gebucht', text: 'Hallo' }] },
	});
	expect(created.out.map((o) => o.json)).toEqual([
		expect.objectContaining({
			id,
			channel: 'email',
			version: 1,
			languages: ['de', 'en'],
			variants: {
				en: {
					subject: 'Booked, {{ first_name }}',
					html: '<p>Hi {{ first_name }}</p>',
					attachments: [{ url: 'https://example.com/terms.pdf', fileName: 'terms.pdf' }],
				},
				de: { subject: 'Gebucht', text: 'Hallo' },
			},
		}),
	]);

	const updated = await run({
		operation: 'update',
		template: ref(id),
		channel: 'email',
		contentSource: 'json',
		defaultLanguage: 'en',
		variantsJson: JSON.stringify({
			en: { subject: 'v2', text: 'v2 text' },
			'es-MX': { text: 'Hola' },
		}),
	});
	expect(updated.out[0].json).toMatchObject({ version: 2, languages: ['de', 'en', 'es-MX'] });

	const first = await run({ operation: 'get', template: ref(id), version: 1 });
	expect(first.out[0].json).toMatchObject({
		version: 1,
		latestVersion: 2,
		languages: ['de', 'en'],
	});
	const latest = await run({ operation: 'get', template: ref(id), version: 0 });
	expect(latest.out[0].json).toMatchObject({ version: 2, variants: { en: { subject: 'v2' } } });

	const wrongChannel = await run(
		{ operation: 'update', template: ref(id), channel: 'sms', text: 'x' },
		[{}],
		{ onError: 'continueRegularOutput' },
	);
	expect(wrongChannel.out[0].json.error).toMatch(/is for email, but Channel is set to sms/);
});

it('previews a template for the input item: merge fields, language, SMS segments and encoding', async () => {
	const id = `reminder-${randomUUID()}`;
	await run({
		operation: 'create',
		channel: 'sms',
		name: id,
		templateId: id,
		defaultLanguage: 'en',
		text: 'Hi {{ first_name }}, see you at {{ appointment.start_time }}',
		otherLanguages: { language: [{ language: 'es', text: 'Hola {{ first_name }} 👋' }] },
	});
	const { out } = await run({ operation: 'preview', template: ref(id) }, [
		{ first_name: 'Ann', appointment: { start_time: '10:30' } },
		{ first_name: 'Luz', locale: 'es-MX' },
		{ last_name: 'No first name' },
	]);
	expect(out.map((o) => o.json)).toEqual([
		{
			template: { id, name: id, version: 1, language: 'en' },
			channel: 'sms',
			text: 'Hi Ann, see you at 10:30',
			attachments: [],
			warnings: [],
			sms: { segments: 1, encoding: 'GSM-7', characters: 24 },
		},
		expect.objectContaining({
			template: expect.objectContaining({ language: 'es' }),
			text: 'Hola Luz 👋',
			sms: { segments: 1, encoding: 'UCS-2', characters: 10 },
		}),
		expect.objectContaining({
			text: 'Hi , see you at ',
			warnings: [
				'Text: merge field {{ first_name }}, {{ appointment.start_time }} has no value and was left empty',
			],
		}),
	]);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});

it('escapes merge values in a previewed HTML body', async () => {
	const id = `html-${randomUUID()}`;
	await run({
		operation: 'create',
		channel: 'email',
		name: id,
		templateId: id,
		subject: 'For {{ name }}',
		html: '<p>{{ name }}</p>',
	});
	const { out } = await run({ operation: 'preview', template: ref(id), language: 'EN' }, [
		{ name: '<b>Bo</b>' },
	]);
	expect(out[0].json).toMatchObject({
		subject: 'For <b>Bo</b>',
		html: '<p>&lt;b&gt;Bo&lt;/b&gt;</p>',
	});
});

it('lists by channel and search, one item per template, and deletes soft or permanently', async () => {
	const tag = randomUUID().slice(0, 8);
	for (const name of ['b', 'a', 'c'])
		await run({
			operation: 'create',
			channel: 'telegram',
			name: `${tag}-${name}`,
			text: name,
		});
	const listed = await run({
		operation: 'list',
		channelFilter: 'telegram',
		search: tag,
		returnAll: true,
	});
	expect(listed.out.map((o) => o.json.name)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
	const limited = await run({ operation: 'list', search: tag, returnAll: false, limit: 2 });
	expect(limited.out).toHaveLength(2);

	const [a, b] = listed.out.map((o) => String(o.json.id));
	const soft = await run({ operation: 'delete', template: ref(a) });
	expect(soft.out[0].json).toEqual({ id: a, deleted: true, permanent: false });
	const hard = await run({ operation: 'delete', template: ref(b), permanent: true });
	expect(hard.out[0].json).toEqual({ id: b, deleted: true, permanent: true });
	const again = await run({ operation: 'delete', template: ref(a) }, [{}], {
		onError: 'continueRegularOutput',
	});
	expect(again.out[0].json.error).toBe(`Template '${a}' does not exist (or was deleted already)`);
	const rest = await run({ operation: 'list', search: tag, returnAll: true });
	expect(rest.out.map((o) => o.json.name)).toEqual([`${tag}-c`]);
	const gone = await run({ operation: 'get', template: ref(a) }, [{}], {
		onError: 'continueRegularOutput',
	});
	expect(gone.out[0].json.error).toMatch(/does not exist \(or was deleted\)/);
});

it('refuses a create with content the channel does not have, or a taken name', async () => {
	const name = `dup-${randomUUID()}`;
	await run({ operation: 'create', channel: 'sms', name, text: 'x' });
	const { out } = await run({ operation: 'create', channel: 'sms', name, text: 'y' }, [{}], {
		onError: 'continueRegularOutput',
	});
	expect(out[0].json.error).toMatch(/Another sms template is named/);
	const json = await run(
		{
			operation: 'create',
			channel: 'sms',
			name: `${name}-2`,
			contentSource: 'json',
			variantsJson: '{"en": {"subject": "no subjects in SMS"}}',
		},
		[{}],
		{ onError: 'continueRegularOutput' },
	);
	expect(json.out[0].json.error).toMatch(/sms template has no field 'subject'/);
});
