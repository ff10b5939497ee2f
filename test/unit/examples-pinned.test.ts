// Every webhook example runs from the editor with one click: its webhook node has the sample request pinned.
import { loadExamples } from '../../scripts/n8n/examples';

const webhookExamples = loadExamples().filter((example) => example.kind === 'webhook');

describe('webhook examples', () => {
	it('exist', () => {
		expect(webhookExamples.length).toBeGreaterThan(0);
	});

	it.each(webhookExamples.map((example) => [example.slug, example]))(
		'%s: pins its sample request on its webhook node',
		(_slug, example) => {
			const pinned = example.payload.pinData?.[example.webhooks[0].nodeName];
			expect(Array.isArray(pinned)).toBe(true);
			const [item] = pinned as Array<{ json: Record<string, unknown> }>;
			expect(item.json.body).toEqual(example.request?.body ?? {});
			expect(item.json.query).toEqual(example.request?.query ?? {});
		},
	);
});
