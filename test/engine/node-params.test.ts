// The pipeline's parameter reader against n8n's own getNodeParameter, through the real engine:
// constants read once and `={{ $json.field }}` / `={{ $json.field.inner }}` read from the item give
// what n8n gives per item, for paths through null, strings and missing objects too.
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { itemFieldOf, NodeParameters, nodeParameters } from '../../nodes/shared/node-params';
import { EngineHarness } from '../support/engine/harness';
import { TestItems, testNodeDescription } from '../support/engine/test-nodes';
import { chain, node } from '../support/engine/workflow';

// `absent` is on neither the node nor its description (a parameter of another node version).
const PARAMETERS = [
	'to',
	'plain',
	'options',
	'list',
	'computed',
	'nested',
	'absent',
	'schedule',
	'mixed',
	'deep',
	'window',
];

/** The value, or the message of the error reading it threw. */
function attempt(read: () => unknown): unknown {
	try {
		return read();
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** Outputs, per item, each parameter read by n8n and by the reader. */
class CompareParameters implements INodeType {
	description = testNodeDescription('compareParameters', {
		properties: [
			{ displayName: 'To', name: 'to', type: 'string', default: '={{ $json.email }}' },
			{ displayName: 'Plain', name: 'plain', type: 'string', default: 'hello' },
			{ displayName: 'List', name: 'list', type: 'string', default: '' },
			{ displayName: 'Computed', name: 'computed', type: 'string', default: '' },
			{ displayName: 'Nested', name: 'nested', type: 'json', default: '' },
			{ displayName: 'Deep', name: 'deep', type: 'string', default: '' },
			{
				displayName: 'Window',
				name: 'window',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'From', name: 'from', type: 'string', default: '' },
					{ displayName: 'To', name: 'to', type: 'string', default: '' },
				],
			},
			{
				displayName: 'Schedule',
				name: 'schedule',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'From', name: 'from', type: 'string', default: '' },
					{ displayName: 'To', name: 'to', type: 'string', default: '' },
					{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '' },
					{ displayName: 'Days', name: 'days', type: 'json', default: '' },
				],
			},
			{
				displayName: 'Mixed',
				name: 'mixed',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'A', name: 'a', type: 'string', default: '' },
					{ displayName: 'B', name: 'b', type: 'string', default: '' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Retry', name: 'retryCount', type: 'number', default: 2 },
					{ displayName: 'Field', name: 'resultField', type: 'string', default: '' },
				],
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const reader = nodeParameters(this);
		return [
			this.getInputData().map((item, i) => ({
				json: {
					n8n: PARAMETERS.map(
						(name) => attempt(() => this.getNodeParameter(name, i, 'fallback')) as never,
					),
					reader: PARAMETERS.map(
						(name) => attempt(() => reader.get(name, i, item, 'fallback')) as never,
					),
					absentObject: [
						this.getNodeParameter('absent', i, { a: 1 }) as never,
						reader.get('absent', i, item, { a: 1 }) as never,
					],
				},
			})),
		];
	}
}

/** Reads To and Window for every item through a reader whose n8n calls are counted. */
class CountReads implements INodeType {
	description = testNodeDescription('countReads', {
		properties: [
			{ displayName: 'To', name: 'to', type: 'string', default: '' },
			{ displayName: 'Window', name: 'window', type: 'json', default: '' },
			{ displayName: 'Fixed', name: 'fixed', type: 'json', default: '' },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let calls = 0;
		const counted = {
			getNode: () => this.getNode(),
			getNodeParameter: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
				calls++;
				return this.getNodeParameter(...args);
			},
		} as unknown as IExecuteFunctions;
		const reader = new NodeParameters(counted);
		const read = this.getInputData().map((item, i) => ({
			json: {
				to: reader.get('to', i, item) as never,
				window: reader.get('window', i, item) as never,
			},
		}));
		const itemCalls = calls;
		// Every read is the caller's own copy, also of a constant: changing one changes no other read.
		const first = this.getInputData()[0];
		const window = reader.get('window', 0, first) as { from?: string };
		window.from = 'changed';
		const fixed = reader.get('fixed', 0, first) as { days: string[] };
		fixed.days.push('sun');
		const isolated = [
			(reader.get('window', 0, first) as { from?: string }).from,
			(reader.get('fixed', 1, first) as { days: string[] }).days,
		];
		return [read.map((r) => ({ json: { ...r.json, calls: itemCalls, isolated } as never }))];
	}
}

describe('pipeline parameter reader', () => {
	it('recognises only a plain item field path as a direct read', () => {
		expect(itemFieldOf('={{ $json.email }}')).toEqual(['email']);
		expect(itemFieldOf('={{$json.phone}}')).toEqual(['phone']);
		expect(itemFieldOf('={{ $json.contact.email }}')).toEqual(['contact', 'email']);
		expect(itemFieldOf('={{ $json.contact?.email }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json.contact.email ?? "x" }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json. }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json.email }} ')).toBeUndefined();
		expect(itemFieldOf('=x {{ $json.email }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json["email"] }}')).toBeUndefined();
		expect(itemFieldOf('{{ $json.email }}')).toBeUndefined();
		expect(itemFieldOf(42)).toBeUndefined();
	});

	it('reads field paths from each item without asking n8n per item, and asks n8n when a step is not an object', async () => {
		const items = Array.from({ length: 20 }, (_v, i) => ({
			contact: { phone: `+1555000${String(i).padStart(4, '0')}` },
			window: i === 7 ? null : { from: `0${i % 10}:00`, to: '18:00' },
		}));
		const wf = chain(
			node('Source', 'test.testItems', { items: JSON.stringify(items) }),
			node('Count', 'test.countReads', {
				to: '={{ $json.contact.phone }}',
				window: { from: '={{ $json.window.from }}', to: '={{ $json.window.to }}' } as never,
				fixed: { days: ['mon', 'tue'] } as never,
			}),
		);
		const harness = new EngineHarness({ nodes: { test: [new TestItems(), new CountReads()] } });
		const result = await harness.run(wf);
		expect(result.status).toBe('success');
		const out = result.output('Count');
		expect(out.map((o) => o.json.to)).toEqual(items.map((item) => item.contact.phone));
		expect(out[3].json.window).toEqual({ from: '03:00', to: '18:00' });
		expect(out[7].json.window).toEqual({});
		// One n8n evaluation of Window for its shape, one for the item whose window is null.
		expect(out[0].json.calls).toBe(2);
		expect(out[0].json.isolated).toEqual(['00:00', ['mon', 'tue']]);
	});

	it('gives what n8n gives for every item: field values of every type, constants and other expressions', async () => {
		const items = [
			{
				email: 'ann@example.com',
				n: 1,
				contact: { email: 'ann@example.com' },
				window: { from: '09:00', to: '17:00' },
			},
			{
				email: ['a@example.com', 'b@example.com'],
				n: 2,
				contact: { email: ['a@example.com'] },
				window: { from: '10:00' },
			},
			{ email: 42, n: 3, contact: 'text', window: null },
			{ email: null, n: 4, contact: null, window: { from: 7, to: true } },
			{ email: { address: 'x@example.com' }, n: 5, contact: { email: { a: 1 } }, window: {} },
			{ email: true, n: 6, contact: [], window: 'evening' },
			{ n: 7 },
			{ email: '', n: 8, contact: {}, window: { from: { toString: 1 } } },
		];
		const wf = chain(
			node('Source', 'test.testItems', { items: JSON.stringify(items) }),
			node('Compare', 'test.compareParameters', {
				to: '={{ $json.email }}',
				plain: 'hello',
				options: { retryCount: 3, resultField: 'out' },
				list: '={{ $json.n * 2 }}',
				computed: '=Hi {{ $json.n }}',
				nested: '={{ $json }}',
				// Item fields inside a collection, next to constants and inside a list.
				schedule: {
					from: '={{ $json.email }}',
					to: '={{ $json.n }}',
					timeZone: 'UTC',
					days: ['={{ $json.n }}', 'mon', { at: '={{ $json.missing }}' }],
				} as never,
				// One other expression inside: n8n evaluates the whole collection.
				mixed: { a: '={{ $json.n }}', b: '={{ $json.n + 1 }}' },
				// Field paths: a step through null, a string or a missing object is n8n's to answer.
				deep: '={{ $json.contact.email }}',
				window: { from: '={{ $json.window.from }}', to: '={{ $json.window.to }}' },
			}),
		);
		const harness = new EngineHarness({
			nodes: { test: [new TestItems(), new CompareParameters()] },
		});
		const result = await harness.run(wf);
		expect(result.status).toBe('success');
		const out = result.output('Compare');
		expect(out).toHaveLength(items.length);
		for (const { json } of out) {
			expect(json.reader).toEqual(json.n8n);
			expect(json.absentObject).toEqual([{ a: 1 }, { a: 1 }]);
		}
		expect(out[0].json.reader).toEqual([
			'ann@example.com',
			'hello',
			{ retryCount: 3, resultField: 'out' },
			2,
			'Hi 1',
			items[0],
			'fallback',
			{
				from: 'ann@example.com',
				to: 1,
				timeZone: 'UTC',
				days: [1, 'mon', { at: undefined }],
			},
			{ a: 1, b: 2 },
			'ann@example.com',
			{ from: '09:00', to: '17:00' },
		]);
		// A path through null, a string or a missing object: n8n answers undefined, not an error.
		const reader = (i: number) => out[i].json.reader as unknown[];
		expect(reader(3)[9]).toBeUndefined();
		expect(reader(6)[10]).toEqual({});
		expect(reader(5)[10]).toEqual({});
	});
});
