// WhatsApp template rules: reading Graph's template list, counting placeholders, and whether a
// message's header, body and button parameters fit the template (pure, no Graph).
import type { IDataObject } from 'n8n-workflow';

import {
	chooseTemplate,
	parametersProblem,
	parseTemplateChoice,
	placeholdersOf,
	statusProblem,
	templateNeeds,
} from '../../nodes/WhatsAppCommunication/template-rules';
import {
	readTemplatePage,
	type MessageTemplate,
} from '../../nodes/shared/transport/whatsapp-templates';

/** A template as Graph lists it (through the same reader the node uses). */
function graph(raw: Record<string, unknown>): MessageTemplate {
	const [template] = readTemplatePage({
		data: [{ name: 'order_confirmation', language: 'en_US', status: 'APPROVED', ...raw }],
	}).templates;
	return template;
}

const body = (text: string) => ({ type: 'BODY', text });
const textParams = (...texts: string[]) => texts.map((text) => ({ type: 'text', text }));
const message = (parts: Record<string, unknown[]>, buttons: IDataObject[] = []): IDataObject[] => [
	...Object.entries(parts).map(([type, parameters]) => ({ type, parameters }) as IDataObject),
	...buttons,
];
const urlButton = (index: number) => ({
	type: 'button',
	sub_type: 'url',
	index: String(index),
	parameters: [{ type: 'text', text: 'A-17' }],
});

describe('readTemplatePage', () => {
	it('reads templates and the after cursor only when Graph says a next page exists', () => {
		const first = readTemplatePage({
			data: [
				{
					id: '1',
					name: 'hello_world',
					language: 'en_US',
					status: 'APPROVED',
					category: 'UTILITY',
					components: [{ type: 'BODY', text: 'Hi' }],
				},
				{ language: 'de' },
				'not a template',
			],
			paging: { cursors: { before: 'QQ', after: 'QUZ' }, next: 'https://graph/next' },
		});
		expect(first.after).toBe('QUZ');
		expect(first.templates).toEqual([
			{
				id: '1',
				name: 'hello_world',
				language: 'en_US',
				status: 'APPROVED',
				category: 'UTILITY',
				parameterFormat: 'POSITIONAL',
				components: [{ type: 'BODY', format: '', text: 'Hi', buttons: [] }],
			},
		]);
		// Graph keeps the cursors on the last page but drops `next`.
		const last = readTemplatePage({ data: [], paging: { cursors: { after: 'QUZ' } } });
		expect(last).toEqual({ templates: [] });
		expect(readTemplatePage(null)).toEqual({ templates: [] });
	});
});

describe('parseTemplateChoice', () => {
	it('reads a list pick (name|language), a name, and a version 1 plain string', () => {
		expect(parseTemplateChoice({ __rl: true, mode: 'list', value: 'promo|pt_BR' })).toEqual({
			name: 'promo',
			language: 'pt_BR',
		});
		expect(parseTemplateChoice({ __rl: true, mode: 'name', value: ' promo ' })).toEqual({
			name: 'promo',
		});
		expect(parseTemplateChoice('appointment_reminder')).toEqual({ name: 'appointment_reminder' });
		expect(parseTemplateChoice(undefined)).toEqual({ name: '' });
	});
});

describe('placeholdersOf and templateNeeds', () => {
	it('counts distinct positional and named placeholders in order', () => {
		expect(placeholdersOf('Hi {{1}}, your order {{2}} ships {{ 3 }}; again {{1}}')).toEqual([
			'1',
			'2',
			'3',
		]);
		expect(placeholdersOf('Table for {{guests}} on {{day}}')).toEqual(['guests', 'day']);
		expect(placeholdersOf('No placeholders, {single} braces')).toEqual([]);
	});

	it('reads a media header, body placeholders and what each button takes', () => {
		const needs = templateNeeds(
			graph({
				components: [
					{ type: 'HEADER', format: 'IMAGE' },
					body('Hi {{1}} {{2}}'),
					{
						type: 'BUTTONS',
						buttons: [
							{ type: 'URL', text: 'Track', url: 'https://x.test/t/{{1}}' },
							{ type: 'URL', text: 'Home', url: 'https://x.test/' },
							{ type: 'QUICK_REPLY', text: 'Stop' },
							{ type: 'PHONE_NUMBER', text: 'Call' },
							{ type: 'COPY_CODE', text: 'Copy' },
						],
					},
				],
			}),
		);
		expect(needs.header).toEqual({ kind: 'media', format: 'image' });
		expect(needs.body).toEqual(['1', '2']);
		expect(needs.buttons.map((b) => [b.index, b.takes, b.required])).toEqual([
			[0, 'url', true],
			[1, 'none', false],
			[2, 'payload', false],
			[3, 'none', false],
			[4, 'coupon_code', true],
		]);
	});
});

describe('parametersProblem', () => {
	const confirmation = graph({
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
			body('Hi {{1}}, {{2}} arrives {{3}}'),
			{ type: 'FOOTER', text: 'Thanks' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'URL', text: 'Track', url: 'https://x.test/t/{{1}}' },
					{ type: 'QUICK_REPLY', text: 'Stop' },
				],
			},
		],
	});

	it('accepts exactly the parameters the template takes (quick-reply payloads optional)', () => {
		const parts = { header: textParams('A-17'), body: textParams('Ann', 'a box', 'Friday') };
		expect(parametersProblem(confirmation, message(parts, [urlButton(0)]))).toBeUndefined();
		const withPayload = {
			type: 'button',
			sub_type: 'quick_reply',
			index: '1',
			parameters: [{ type: 'payload', payload: 'STOP' }],
		};
		expect(
			parametersProblem(confirmation, message(parts, [urlButton(0), withPayload])),
		).toBeUndefined();
	});

	it('names every mismatch: body count, header count, a missing url button', () => {
		const problem = parametersProblem(confirmation, message({ body: textParams('Ann') }));
		expect(problem).toBe(
			"The number of template parameters does not match the template 'order_confirmation' (en_US): " +
				'its header has 1 placeholder ({{1}}), Header Parameters has 0; ' +
				'its body has 3 placeholders ({{1}}, {{2}}, {{3}}), Body Parameters has 1; ' +
				'its button 0 (URL) needs a value in Button Parameters. Nothing was sent.',
		);
	});

	it('refuses parameters for a template without placeholders, and buttons it does not have', () => {
		const hello = graph({ name: 'hello_world', components: [body('Hello')] });
		expect(parametersProblem(hello, [])).toBeUndefined();
		expect(parametersProblem(hello, message({ body: textParams('x') }))).toContain(
			'its body takes no parameters, Body Parameters has 1',
		);
		expect(parametersProblem(hello, message({}, [urlButton(2)]))).toContain(
			'it has no button 2, Button Parameters sets one',
		);
		const quickOnly = graph({
			components: [
				body('Hi'),
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }] },
			],
		});
		expect(parametersProblem(quickOnly, message({}, [urlButton(0)]))).toContain(
			'its button 0 is a QUICK_REPLY button, Button Parameters gives it a URL value',
		);
	});

	it('checks a media header by its type, and named body placeholders by name', () => {
		const invoice = graph({
			components: [{ type: 'HEADER', format: 'DOCUMENT' }, body('Your invoice')],
		});
		const documentHeader = [{ type: 'document', document: { link: 'https://x.test/a.pdf' } }];
		expect(parametersProblem(invoice, message({ header: documentHeader }))).toBeUndefined();
		expect(parametersProblem(invoice, message({ header: textParams('x') }))).toContain(
			'its header needs one document (a link), Header Parameters has text',
		);
		expect(parametersProblem(invoice, [])).toContain(
			'its header needs one document (a link), Header Parameters has none',
		);

		const named = graph({
			parameter_format: 'NAMED',
			components: [body('Table for {{guests}} on {{day}}')],
		});
		const given = [
			{ type: 'text', text: '4', parameter_name: 'guests' },
			{ type: 'text', text: 'Sat', parameter_name: 'date' },
		];
		expect(parametersProblem(named, message({ body: given }))).toContain(
			'its body uses named placeholders: set Parameter Name to {{day}}',
		);
	});
});

describe('statusProblem and chooseTemplate', () => {
	it.each([
		['PAUSED', 'WhatsApp paused it because of low quality'],
		['REJECTED', 'WhatsApp did not approve it'],
		['DISABLED', 'WhatsApp disabled it'],
		['PENDING', 'it is still under review'],
		['LIMIT_EXCEEDED', 'only APPROVED templates can start a conversation'],
	])('a %s template cannot be sent', (status, reason) => {
		const problem = statusProblem(graph({ name: 'winter_promo', status }));
		expect(problem).toContain(`The template 'winter_promo' (en_US) is ${status}: ${reason}`);
		expect(problem).toContain('Nothing was sent.');
	});

	it('an APPROVED template passes', () => {
		expect(statusProblem(graph({}))).toBeUndefined();
	});

	it('finds the language, or says which languages exist', () => {
		const en = graph({ name: 'promo', language: 'en' });
		const de = graph({ name: 'promo', language: 'de', status: 'PAUSED' });
		expect(chooseTemplate([en, de], 'promo', 'de')).toEqual({ template: de });
		expect(chooseTemplate([en, de], 'promo', 'es')).toEqual({
			problem:
				"The template 'promo' does not exist in es; it exists in en (APPROVED), de (PAUSED): pick one of those languages. Nothing was sent.",
		});
		expect(chooseTemplate([], 'promo', 'en')).toEqual({
			problem: expect.stringContaining(
				"The template 'promo' does not exist in this WhatsApp Business Account",
			),
		});
	});
});
