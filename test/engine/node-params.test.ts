// The pipeline's parameter reader against n8n's own getNodeParameter, through the real engine:
// constants read once and `={{ $json.field }}` read from the item give what n8n gives per item.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { itemFieldOf, nodeParameters } from '../../nodes/shared/node-params';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
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
];

/** Outputs, per item, each parameter read by n8n and by the reader. */
class CompareParameters implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Compare Parameters',
		name: 'compareParameters',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Compare' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'To', name: 'to', type: 'string', default: '={{ $json.email }}' },
			{ displayName: 'Plain', name: 'plain', type: 'string', default: 'hello' },
			{ displayName: 'List', name: 'list', type: 'string', default: '' },
			{ displayName: 'Computed', name: 'computed', type: 'string', default: '' },
			{ displayName: 'Nested', name: 'nested', type: 'json', default: '' },
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
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const reader = nodeParameters(this);
		return [
			this.getInputData().map((item, i) => ({
				json: {
					n8n: PARAMETERS.map((name) => this.getNodeParameter(name, i, 'fallback') as never),
					reader: PARAMETERS.map((name) => reader.get(name, i, item, 'fallback') as never),
					absentObject: [
						this.getNodeParameter('absent', i, { a: 1 }) as never,
						reader.get('absent', i, item, { a: 1 }) as never,
					],
				},
			})),
		];
	}
}

describe('pipeline parameter reader', () => {
	it('recognises only a single top-level item field as a direct read', () => {
		expect(itemFieldOf('={{ $json.email }}')).toBe('email');
		expect(itemFieldOf('={{$json.phone}}')).toBe('phone');
		expect(itemFieldOf('={{ $json.contact.email }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json.email }} ')).toBeUndefined();
		expect(itemFieldOf('=x {{ $json.email }}')).toBeUndefined();
		expect(itemFieldOf('={{ $json["email"] }}')).toBeUndefined();
		expect(itemFieldOf('{{ $json.email }}')).toBeUndefined();
		expect(itemFieldOf(42)).toBeUndefined();
	});

	it('gives what n8n gives for every item: field values of every type, constants and other expressions', async () => {
		const items = [
			{ email: 'ann@example.com', n: 1 },
			{ email: ['a@example.com', 'b@example.com'], n: 2 },
			{ email: 42, n: 3 },
			{ email: null, n: 4 },
			{ email: { address: 'x@example.com' }, n: 5 },
			{ email: true, n: 6 },
			{ n: 7 },
			{ email: '', n: 8 },
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
		]);
	});
});
