// Every examples/*.json is imported into the real n8n, runs to success (webhook ones via their production URL) and reaches the sandbox.
import { builtNodeTypes } from '../../scripts/n8n/built-types';
import { getE2E } from './harness';

const e2e = getE2E();
const nodeCount = builtNodeTypes().length;

describe('example workflows', () => {
	it('exist once the package has nodes (one per node use case)', () => {
		expect({ nodes: nodeCount, examples: e2e.examples.length > 0 || nodeCount === 0 }).toEqual({
			nodes: nodeCount,
			examples: true,
		});
	});

	// One block per example file, so a new example is covered without touching this test.
	for (const example of e2e.examples) {
		describe(example.slug, () => {
			it('was imported' + (example.activate ? ' and published' : ''), async () => {
				expect(example.provisionError).toBeUndefined();
				const workflow = await e2e.api.getWorkflow(example.id);
				expect(workflow?.name).toBe(example.name);
				if (example.activate) expect(workflow?.activeVersionId).toBe(workflow?.versionId);
			});

			// Examples started by their own schedule (the dispatcher) are covered by their node's tests.
			if (example.kind === 'other') return;
			const how = example.kind === 'webhook' ? 'from its production webhook' : 'with n8n execute';
			it(`runs ${how} and ends as ${example.expectedStatus}${example.expectsSandbox ? ', reaching the sandbox' : ''}`, async () => {
				const run = await e2e.runExample(example.slug);
				if (run.webhook) expect(run.webhook.status).toBeLessThan(400);
				expect({ status: run.execution.status, error: run.execution.error?.message }).toEqual({
					status: example.expectedStatus,
					error: undefined,
				});
				if (example.expectsSandbox) expect(run.delta.total).toBeGreaterThan(0);
			});
		});
	}
});
