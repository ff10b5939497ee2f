import type { INode } from 'n8n-workflow';

import { EngineHarness, type WorkflowJson } from '../support/engine/harness';
import { HarnessRequest } from '../support/engine/http';
import { TestBinary, TestFailing, TestItems, TestWait } from '../support/engine/test-nodes';

const T = 'test';

function node(
	name: string,
	type: string,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return {
		id: `${name}-id`,
		name,
		type: `${T}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

function chain(...nodes: INode[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

const items = JSON.stringify([{ name: 'ann' }, { name: 'bob', fail: true }, { name: 'cy' }]);

function harness() {
	return new EngineHarness({
		nodes: { [T]: [new TestItems(), new TestFailing(), new TestBinary(), new TestWait()] },
	});
}

describe('engine harness (real WorkflowExecute)', () => {
	it('runs items through nodes with expressions evaluated by n8n and pairedItem kept', async () => {
		const wf = chain(
			node('Source', 'testItems', { items: JSON.stringify([{ name: 'ann' }, { name: 'cy' }]) }),
			node('Label', 'testFailing'),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		const out = result.output('Label');
		expect(out.map((i) => i.json.label)).toEqual(['ann', 'cy']);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('stops the execution with the item error when continueOnFail is off', async () => {
		const wf = chain(node('Source', 'testItems', { items }), node('Label', 'testFailing'));
		const result = await harness().run(wf);
		expect(result.status).toBe('error');
		expect(result.nodeError('Label')?.message).toBe("Item 'bob' asked to fail");
	});

	it('continues with the failed item on the regular output (continueRegularOutput)', async () => {
		const wf = chain(
			node('Source', 'testItems', { items }),
			node('Label', 'testFailing', {}, { onError: 'continueRegularOutput' }),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		expect(result.output('Label').map((i) => i.json.error ?? i.json.label)).toEqual([
			'ann',
			"Item 'bob' asked to fail",
			'cy',
		]);
	});

	it('routes the failed item to the error output (continueErrorOutput)', async () => {
		const wf = chain(
			node('Source', 'testItems', { items }),
			node('Label', 'testFailing', {}, { onError: 'continueErrorOutput' }),
		);
		const result = await harness().run(wf);
		expect(result.output('Label', 0).map((i) => i.json.label)).toEqual(['ann', 'cy']);
		const errors = result.output('Label', 1);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toBe("Item 'bob' asked to fail");
		expect(errors[0].pairedItem).toEqual({ item: 1 });
	});

	it('stores binary data through n8n-core and reads it back in the next node', async () => {
		const wf = chain(
			node('Source', 'testItems', { items: JSON.stringify([{ n: 1 }]) }),
			node('Write', 'testBinary', { mode: 'write', text: 'hello binary' }),
			node('Read', 'testBinary', { mode: 'read' }),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		const written = result.output('Write')[0].binary?.data;
		expect(written).toMatchObject({ fileName: 'note.txt', mimeType: 'text/plain' });
		expect(result.output('Read')[0].json.text).toBe('hello binary');
	});

	describe('waiting and resuming through webhook()', () => {
		const wf = chain(
			node('Source', 'testItems', { items: JSON.stringify([{ name: 'ann' }]) }),
			node('Wait', 'testWait'),
			node('After', 'testFailing', { label: '={{ $json.resumedWith.answer }}' }),
		);

		it("reports waiting after putExecutionToWait with the execution's resume URL", async () => {
			const h = harness();
			const result = await h.run(wf);
			expect(result.status).toBe('waiting');
			expect(result.ranNodes()).not.toContain('After');
			const resumeUrl = String(result.output('Wait')[0].json.resumeUrl);
			expect(resumeUrl).toMatch(
				new RegExp(`/webhook-waiting/${result.executionId}/Wait-id\\?signature=[\\w-]{16,}$`),
			);
		});

		it('stays waiting on GET and continues after a POST with the webhook output', async () => {
			const h = harness();
			const first = await h.run(wf);
			const resumeUrl = String(first.output('Wait')[0].json.resumeUrl);

			const get = await h.resume(
				first.executionId,
				HarnessRequest.fromUrl(resumeUrl, { method: 'GET' }),
			);
			expect(get.response.body).toBe('<p>Waiting</p>');
			expect(get.result.status).toBe('waiting');

			const post = await h.resume(
				first.executionId,
				HarnessRequest.fromUrl(resumeUrl, { method: 'POST', body: { answer: 'yes' } }),
			);
			expect(post.result.status).toBe('success');
			expect(post.result.output('After').map((i) => i.json.label)).toEqual(['yes']);
			expect(post.result.output('Wait')).toEqual([
				expect.objectContaining({ json: { resumedWith: { answer: 'yes' } } }),
			]);
		});

		it('resumes after a restart (new engine, executions loaded from storage)', async () => {
			const h1 = harness();
			const waiting = await h1.run(wf);
			const restarted = new EngineHarness({
				nodes: { [T]: [new TestItems(), new TestFailing(), new TestBinary(), new TestWait()] },
				executions: h1.exportExecutions(),
			});
			const resumeUrl = String(waiting.output('Wait')[0].json.resumeUrl);
			const post = await restarted.resume(
				waiting.executionId,
				HarnessRequest.fromUrl(resumeUrl, { method: 'POST', body: { answer: 'after restart' } }),
			);
			expect(post.result.status).toBe('success');
			expect(post.result.output('After')[0].json.label).toBe('after restart');
		});

		it("refuses a resume request without the execution's resume token, as n8n 2.x does", async () => {
			const h = harness();
			const first = await h.run(wf);
			const resumeUrl = String(first.output('Wait')[0].json.resumeUrl);
			const forged = resumeUrl.replace(/signature=[\w-]+/, 'signature=forged');
			await expect(
				h.resume(first.executionId, HarnessRequest.fromUrl(forged, { method: 'POST' })),
			).rejects.toThrow('Invalid token');
			expect(h.resultFor(first.executionId).status).toBe('waiting');
		});

		it('resumes over a real socket when the resume URL is called', async () => {
			const h = harness();
			await h.startWaitingServer();
			try {
				const first = await h.run(wf);
				const resumeUrl = String(first.output('Wait')[0].json.resumeUrl);
				expect(resumeUrl.startsWith(h.baseUrl)).toBe(true);
				const res = await fetch(resumeUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ answer: 'http' }),
				});
				expect(res.status).toBe(200);
				const after = h.resultFor(first.executionId);
				expect(after.status).toBe('success');
				expect(after.output('After')[0].json.label).toBe('http');
			} finally {
				await h.close();
			}
		});
	});
});
