// WhatsApp approved templates through n8n's engine against the sandbox's Graph peer: the check
// before sending (status, parameter counts; nothing reaches /messages on a refusal), the template
// picker (listSearch through n8n-core's LoadOptionsContext), and version 1 workflows.
import { randomUUID } from 'node:crypto';

import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { searchTemplates } from '../../nodes/WhatsAppCommunication/methods/list-search';
import { WhatsAppCommunication } from '../../nodes/WhatsAppCommunication/WhatsAppCommunication.node';
import { DEFAULT_SEED, startSandbox, type Sandbox } from '../../sandbox';
import type { WhatsAppTemplateSeed } from '../../sandbox/types';
import {
	chatHarness,
	communicationOf,
	itemsInto,
	loadOptionsContext,
} from '../support/chat-engine';
import { fakeDateOnly } from '../support/engine/clock';
import { node, PKG, scheduledWorkflow } from '../support/engine/workflow';

// Only Date is faked (for the planned send): sockets and timers stay real.
fakeDateOnly();

let sandbox: Sandbox;
const CRED = 'communicationWhatsAppApi';
const continueRegular = { onError: 'continueRegularOutput' as const };
const v2 = { typeVersion: 2 };
const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;
const bodyParams = (...texts: string[]) => ({ parameter: texts.map((text) => ({ text })) });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const person = (n: number) => ({ id: `p${n}`, phone: phone(n), name: 'Ann', time: '10:00' });

/** The harness with the WhatsApp Business Account ID set, so templates are read and checked. */
const withAccount = (businessAccountId = sandbox.credentials.whatsapp.businessAccountId) =>
	chatHarness(sandbox, new WhatsAppCommunication(), {
		communicationWhatsAppApi: { businessAccountId },
	});

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => {
	sandbox.reset();
	sandbox.setSeed({ whatsappTemplates: DEFAULT_SEED.whatsappTemplates });
});

const requestsTo = (edge: string) =>
	sandbox.state().requests.filter((r) => r.peer === 'whatsapp' && r.path.endsWith(edge));
const sentTemplates = () =>
	sandbox
		.state()
		.whatsapp.filter((r) => r.path.endsWith('/messages'))
		.map((r) => r.body.template);

describe('WhatsApp template check before sending', () => {
	it('sends an approved template picked from the list, reading the template once per execution', async () => {
		const wf = itemsInto(
			[person(1), person(2), person(3)],
			'whatsAppCommunication',
			CRED,
			{
				templateName: fromList('appointment_reminder|en_US'),
				bodyParameters: bodyParams('{{ name }}', '{{ time }}'),
			},
			v2,
		);
		const result = await withAccount().run(wf);
		expect(result.status).toBe('success');
		expect(sentTemplates()).toHaveLength(3);
		expect(sentTemplates()[0]).toMatchObject({
			name: 'appointment_reminder',
			language: { code: 'en_US' },
		});
		expect(requestsTo('/message_templates')).toHaveLength(1);
		expect(result.output('Node').map((o) => communicationOf(o).warnings)).toEqual([[], [], []]);
	});

	it('refuses a parameter-count mismatch per item before any message request reaches the peer', async () => {
		const items = [person(10), person(11)];
		const wf = itemsInto(
			items,
			'whatsAppCommunication',
			CRED,
			{
				templateName: fromList('appointment_reminder|en_US'),
				bodyParameters: bodyParams('{{ name }}'),
				buttonParameters: { button: [{ subType: 'url', index: 0, value: 'x' }] },
			},
			{ ...v2, ...continueRegular },
		);
		const result = await withAccount().run(wf);
		const out = result.output('Node');
		expect(out).toHaveLength(2);
		for (const item of out) {
			expect(item.json.error).toBe(
				"The number of template parameters does not match the template 'appointment_reminder' (en_US): " +
					'its body has 2 placeholders ({{1}}, {{2}}), Body Parameters has 1; ' +
					'it has no button 0, Button Parameters sets one. Nothing was sent.',
			);
			expect(communicationOf(item)).toMatchObject({ status: 'failed', success: false });
		}
		expect(requestsTo('/messages')).toHaveLength(0);
		expect(requestsTo('/message_templates')).toHaveLength(1);
	});

	it('refuses a media header given as text, and a missing URL button value', async () => {
		const h = withAccount();
		const update = await h.run(
			itemsInto(
				[person(20)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: byName('order_update'),
					languageCode: 'en',
					headerParameters: { parameter: [{ type: 'text', value: 'Order 17' }] },
					bodyParameters: bodyParams('shipped'),
				},
				{ ...v2, ...continueRegular },
			),
		);
		expect(update.output('Node')[0].json.error).toContain(
			'its header needs one document (a link), Header Parameters has text',
		);
		const tracking = await h.run(
			itemsInto(
				[person(21)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: fromList('delivery_tracking|de'),
					bodyParameters: bodyParams('{{ name }}'),
				},
				{ ...v2, ...continueRegular },
			),
		);
		expect(tracking.output('Node')[0].json.error).toContain(
			'its button 0 (URL) needs a value in Button Parameters',
		);
		expect(requestsTo('/messages')).toHaveLength(0);
	});

	it.each([
		['winter_promo', 'PAUSED', 'WhatsApp paused it because of low quality'],
		['spring_promo', 'REJECTED', 'WhatsApp did not approve it'],
		['summer_sale', 'DISABLED', 'WhatsApp disabled it'],
	])('refuses the %s template (%s) without sending', async (name, status, reason) => {
		const wf = itemsInto(
			[person(30)],
			'whatsAppCommunication',
			CRED,
			{
				templateName: byName(name),
				languageCode: 'en_US',
				bodyParameters: name === 'summer_sale' ? bodyParams('x') : {},
			},
			{ ...v2, ...continueRegular },
		);
		const result = await withAccount().run(wf);
		const [out] = result.output('Node');
		expect(out.json.error).toBe(
			`The template '${name}' (en_US) is ${status}: ${reason}${
				status === 'PAUSED'
					? '; edit it in WhatsApp Manager or use another one'
					: status === 'REJECTED'
						? '; edit and resubmit it in WhatsApp Manager or use another one'
						: ' for repeated low quality; use another template'
			}. Nothing was sent.`,
		);
		expect(requestsTo('/messages')).toHaveLength(0);
	});

	it('names the languages a template exists in when the chosen one does not exist', async () => {
		const wf = itemsInto(
			[person(40)],
			'whatsAppCommunication',
			CRED,
			{
				templateName: byName('appointment_reminder'),
				languageCode: 'de',
				bodyParameters: bodyParams('a', 'b'),
			},
			{ ...v2, ...continueRegular },
		);
		const result = await withAccount().run(wf);
		expect(result.output('Node')[0].json.error).toBe(
			"The template 'appointment_reminder' does not exist in de; it exists in en_US (APPROVED): pick one of those languages. Nothing was sent.",
		);
		expect(requestsTo('/messages')).toHaveLength(0);
	});

	it('reads the template fresh in each execution: paused after the first run, refused in the second', async () => {
		const h = withAccount();
		const run = async (n: number) =>
			await h.run(
				itemsInto(
					[person(n)],
					'whatsAppCommunication',
					CRED,
					{
						templateName: fromList('hello_world|en_US'),
					},
					{ ...v2, ...continueRegular },
				),
			);
		expect(communicationOf((await run(50)).output('Node')[0]).status).toBe('sent');
		sandbox.setSeed({
			whatsappTemplates: DEFAULT_SEED.whatsappTemplates.map((t) =>
				t.name === 'hello_world' ? { ...t, status: 'PAUSED' as const } : t,
			),
		});
		expect((await run(51)).output('Node')[0].json.error).toContain(
			"The template 'hello_world' (en_US) is PAUSED",
		);
		expect(requestsTo('/messages')).toHaveLength(1);
	});

	it('finds the template on a later page when many names contain it', async () => {
		const similar: WhatsAppTemplateSeed[] = Array.from({ length: 7 }, (_v, i) => ({
			name: `promo_${i}`,
			language: 'en_US',
			status: 'APPROVED',
			bodyParams: 0,
		}));
		sandbox.setSeed({
			whatsappTemplates: [
				...similar,
				{ name: 'promo', language: 'en_US', status: 'APPROVED', bodyParams: 1 },
			],
		});
		const result = await withAccount().run(
			itemsInto(
				[person(60)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: byName('promo'),
					languageCode: 'en_US',
					bodyParameters: bodyParams('{{ name }}'),
				},
				v2,
			),
		);
		expect(result.status).toBe('success');
		// Graph's name filter matches all eight; three pages of three.
		expect(requestsTo('/message_templates')).toHaveLength(3);
		expect(sentTemplates()).toHaveLength(1);
	});

	it('sends unchecked with a warning when the templates cannot be read, and checks nothing without an account ID', async () => {
		const wrongAccount = await withAccount('999999').run(
			itemsInto(
				[person(70)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: fromList('hello_world|en_US'),
				},
				v2,
			),
		);
		expect(communicationOf(wrongAccount.output('Node')[0])).toMatchObject({
			status: 'sent',
			warnings: [
				expect.stringContaining(
					'The template was not checked before sending: Could not read the templates of the WhatsApp Business Account',
				),
			],
		});
		const withoutAccount = await chatHarness(sandbox, new WhatsAppCommunication()).run(
			itemsInto(
				[person(71)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: fromList('hello_world|en_US'),
				},
				v2,
			),
		);
		expect(communicationOf(withoutAccount.output('Node')[0])).toMatchObject({ status: 'sent' });
		expect(requestsTo('/message_templates')).toHaveLength(1);
		expect(sentTemplates()).toHaveLength(2);
	});

	it('a planned message whose template was paused before its window opened fails clearly at send time', async () => {
		jest.setSystemTime(new Date('2026-06-10T03:00:00Z')); // Berlin 05:00
		const patient = {
			id: `be-${randomUUID()}`,
			phone: '+4915112345678',
			timezone: 'Europe/Berlin',
		};
		const h = withAccount();
		await h.startWaitingServer();
		try {
			const wf = scheduledWorkflow(
				'whatsAppCommunication',
				[patient],
				{
					templateName: fromList('hello_world|en_US'),
				},
				{ [CRED]: { id: `sandbox-${CRED}`, name: 'Sandbox' } },
			);
			wf.nodes[1].typeVersion = 2;
			wf.nodes[1].onError = 'continueRegularOutput';
			const first = await h.run(wf);
			expect(first.status).toBe('waiting');
			sandbox.setSeed({
				whatsappTemplates: DEFAULT_SEED.whatsappTemplates.map((t) =>
					t.name === 'hello_world' ? { ...t, status: 'PAUSED' as const } : t,
				),
			});
			jest.setSystemTime(new Date('2026-06-10T07:00:10Z')); // Berlin 09:00:10
			await dispatchDue(await getLedger(), new Date(), { workerId: 'd1' });
			const done = h.resultFor(first.executionId);
			const [out] = done.output('Node');
			expect(out.json.error).toContain("The template 'hello_world' (en_US) is PAUSED");
			expect(communicationOf(out)).toMatchObject({ status: 'failed' });
			expect(requestsTo('/messages')).toHaveLength(0);
		} finally {
			await h.close();
		}
	});
});

describe('Version 1 workflows (Template Name as plain text) keep working', () => {
	const description = new WhatsAppCommunication().description;
	/** What the editor does when it opens the node: resolve parameters and look for issues. */
	const load = (typeVersion: number, parameters: INodeParameters) => {
		const saved = node('WhatsApp', `${PKG}.whatsAppCommunication`, parameters, { typeVersion });
		const resolved = NodeHelpers.getNodeParameters(
			description.properties,
			saved.parameters,
			true,
			false,
			saved,
			description,
		);
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{
				...saved,
				parameters: resolved ?? {},
			},
			description,
		);
		return { resolved, issues };
	};

	it('loads a version 1 node with its plain name, and a new node as version 2 with the picker', () => {
		expect(description.defaultVersion).toBe(2);
		const v1 = load(1, { templateName: 'appointment_reminder', languageCode: 'de' });
		expect(v1.resolved).toMatchObject({ templateName: 'appointment_reminder', languageCode: 'de' });
		expect(v1.issues).toBeNull();

		const fresh = load(2, {});
		expect(fresh.resolved?.templateName).toEqual({ __rl: true, mode: 'list', value: '' });
		// A pick from the list carries its language: Language Code is not shown then.
		expect(fresh.resolved).not.toHaveProperty('languageCode');
		expect(fresh.issues?.parameters).toHaveProperty('templateName');

		const named = load(2, { templateName: byName('hello_world') });
		expect(named.resolved).toMatchObject({ languageCode: 'en_US' });
		expect(named.issues).toBeNull();
	});

	it('sends a version 1 node with its plain template name, checked like version 2', async () => {
		const h = withAccount();
		const ok = await h.run(
			itemsInto([person(80)], 'whatsAppCommunication', CRED, {
				templateName: 'appointment_reminder',
				languageCode: 'en_US',
				bodyParameters: bodyParams('{{ name }}', '{{ time }}'),
			}),
		);
		expect(ok.status).toBe('success');
		expect(sentTemplates()).toEqual([
			expect.objectContaining({ name: 'appointment_reminder', language: { code: 'en_US' } }),
		]);
		// A plain string in a version 2 node (pasted JSON) reads the same way.
		const pasted = await h.run(
			itemsInto(
				[person(81)],
				'whatsAppCommunication',
				CRED,
				{
					templateName: 'hello_world',
					languageCode: 'en_US',
				},
				v2,
			),
		);
		expect(pasted.status).toBe('success');
		expect(sentTemplates()).toHaveLength(2);
	});
});

describe('Template picker (listSearch through n8n-core LoadOptionsContext)', () => {
	const context = (h = withAccount()) =>
		loadOptionsContext(h, 'whatsAppCommunication', CRED, { templateName: fromList('') });

	it('lists only APPROVED templates with language and category, across Graph pages', async () => {
		const found = await searchTemplates.call(context());
		expect(found).toEqual({
			results: [
				{ name: 'hello_world (en_US · utility)', value: 'hello_world|en_US' },
				{ name: 'appointment_reminder (en_US · utility)', value: 'appointment_reminder|en_US' },
				{ name: 'order_update (en · utility)', value: 'order_update|en' },
				{ name: 'delivery_tracking (de · utility)', value: 'delivery_tracking|de' },
			],
		});
		// Seven templates, three per page.
		expect(requestsTo('/message_templates')).toHaveLength(3);
	});

	it('searches by name, and hands back a token when there are more than one call returns', async () => {
		expect((await searchTemplates.call(context(), 'ORDER')).results).toEqual([
			{ name: 'order_update (en · utility)', value: 'order_update|en' },
		]);
		sandbox.setSeed({
			whatsappTemplates: Array.from({ length: 40 }, (_v, i) => ({
				name: `offer_${String(i).padStart(2, '0')}`,
				language: 'es_MX',
				status: i % 4 === 0 ? 'REJECTED' : 'APPROVED',
				bodyParams: 0,
				category: 'MARKETING',
			})),
		});
		const first = await searchTemplates.call(context());
		// Ten pages of three per call: 30 templates read, the rejected ones left out.
		expect(first.results).toHaveLength(22);
		expect(first.results[0]).toEqual({
			name: 'offer_01 (es_MX · marketing)',
			value: 'offer_01|es_MX',
		});
		expect(first.paginationToken).toEqual(expect.any(String));
		const rest = await searchTemplates.call(context(), undefined, first.paginationToken);
		expect(rest.results.map((r) => r.value)).toEqual([
			'offer_30|es_MX',
			'offer_31|es_MX',
			'offer_33|es_MX',
			'offer_34|es_MX',
			'offer_35|es_MX',
			'offer_37|es_MX',
			'offer_38|es_MX',
			'offer_39|es_MX',
		]);
		expect(rest.paginationToken).toBeUndefined();
	});

	it('explains that the list needs the WhatsApp Business Account ID', async () => {
		const h = chatHarness(sandbox, new WhatsAppCommunication());
		await expect(searchTemplates.call(context(h))).rejects.toThrow(
			'Enter the WhatsApp Business Account ID in the WhatsApp credential to list its templates',
		);
	});
});
