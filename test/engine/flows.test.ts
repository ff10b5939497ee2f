// To Another Flow and From Another Flow through n8n's engine and the harness's executeWorkflow
// (which mirrors n8n 2.41's sub-workflow runner): both modes, pairing, profiles, and the errors.
import type {
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { FromAnotherFlowTrigger } from '../../nodes/FromAnotherFlow/FromAnotherFlowTrigger.node';
import { ToAnotherFlow } from '../../nodes/ToAnotherFlow/ToAnotherFlow.node';
import { UpdateField } from '../../nodes/UpdateField/UpdateField.node';
import { getLedger } from '../../nodes/shared/ledger';
import {
	ExecuteWorkflowTriggerStandIn,
	N8N_BASE,
	executeWorkflowTriggerNode,
} from '../support/engine/execute-workflow-trigger';
import { EngineHarness, type WorkflowJson } from '../support/engine/harness';
import { TestFailing, TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';

/** Returns its input reversed, after `delayMs` (to tell Transfer from Run and Wait). */
class TestReorder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'testReorder',
		name: 'testReorder',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'testReorder' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Delay', name: 'delayMs', type: 'number', default: 0 },
			{ displayName: 'Copies', name: 'copies', type: 'number', default: 1 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const delay = this.getNodeParameter('delayMs', 0) as number;
		const copies = this.getNodeParameter('copies', 0) as number;
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
		const items = this.getInputData()
			.map((item, index) => ({ index, item }))
			.reverse();
		return [
			items.flatMap(({ item, index }) =>
				Array.from({ length: copies }, () => ({
					json: { ...item.json },
					pairedItem: { item: index },
				})),
			),
		];
	}
}

function harness() {
	return new EngineHarness({
		nodes: {
			[PKG]: [new ToAnotherFlow(), new FromAnotherFlowTrigger(), new UpdateField()],
			test: [new TestItems(), new TestFailing(), new TestReorder()],
			[N8N_BASE]: [new ExecuteWorkflowTriggerStandIn()],
		},
	});
}

const source = (items: Array<Record<string, unknown>>) =>
	node('Source', 'test.testItems', { items: JSON.stringify(items) });
const picked = (id: string, name = 'Nurture') => ({
	__rl: true,
	mode: 'list',
	value: id,
	cachedResultName: name,
});

function toFlow(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return node(
		'To Nurture',
		`${PKG}.toAnotherFlow`,
		{ workflowId: picked('wf-nurture'), ...parameters },
		extra,
	);
}

/** The target: n8n's trigger -> From Another Flow -> Update Field (stage) [-> extra nodes]. */
function nurtureFlow(...extra: INode[]): WorkflowJson {
	return chain(
		executeWorkflowTriggerNode() as INode,
		node('From Another Flow', `${PKG}.fromAnotherFlowTrigger`),
		node('Tag', `${PKG}.updateField`, {
			assignments: {
				assignment: [
					{
						attribute: 'stage',
						value: '={{ "nurture from " + $json.handover.from.workflowName }}',
					},
				],
			},
		}),
		...extra,
	);
}

let counter = 0;
const fresh = (label: string) => `${label}-${++counter}-${Date.now()}`;

describe('To Another Flow: Run and Wait', () => {
	it("returns the target's last node output paired to each participant, with the stored profile handed over", async () => {
		const [a, b] = [fresh('a'), fresh('b')];
		await (await getLedger()).updateProfile(a, { score: 90 });
		const h = harness();
		h.addWorkflow('wf-nurture', nurtureFlow());
		const caller = {
			...chain(
				source([
					{ id: a, name: 'Ann' },
					{ id: b, name: 'Bob' },
				]),
				toFlow({ mode: 'runAndWait' }),
			),
			id: 'wf-main',
			name: 'Lead intake',
		};
		const result = await h.run(caller);
		expect(result.status).toBe('success');
		const out = result.output('To Nurture');
		expect(out.map((i) => [i.json.id, i.json.stage, i.json.score, i.pairedItem])).toEqual([
			[a, 'nurture from Lead intake', 90, { item: 0 }],
			[b, 'nurture from Lead intake', undefined, { item: 1 }],
		]);
		const handover = out[0].json.handover as Record<string, unknown>;
		expect(handover).toMatchObject({
			participantId: a,
			mode: 'runAndWait',
			status: 'completed',
			to: { workflowId: 'wf-nurture', workflowName: 'Nurture' },
		});
		const executionId = String(handover.executionId);
		expect(out[0].metadata?.subExecution).toEqual({ executionId, workflowId: 'wf-nurture' });
		// The target really ran, as its own execution, and saved what it did to the profile.
		expect(h.resultFor(executionId).output('From Another Flow')[0].json.handover).toMatchObject({
			participantId: a,
			itemIndex: 0,
			from: {
				workflowId: 'wf-main',
				workflowName: 'Lead intake',
				node: 'To Nurture',
				executionId: result.executionId,
			},
		});
		expect((await (await getLedger()).getProfile(b)).attributes).toEqual({
			stage: 'nurture from Lead intake',
		});
	});

	it('pairs results by their handover when one execution gets every participant and reorders them', async () => {
		const h = harness();
		h.addWorkflow('wf-nurture', nurtureFlow(node('Reorder', 'test.testReorder', { copies: 2 })));
		const ids = [fresh('x'), fresh('y'), fresh('z')];
		const result = await h.run(
			chain(
				source(ids.map((id) => ({ id }))),
				toFlow({ mode: 'runAndWait', options: { singleExecution: true } }),
			),
		);
		const out = result.output('To Nurture');
		expect(out.map((i) => [i.json.id, i.pairedItem])).toEqual([
			[ids[2], { item: 2 }],
			[ids[2], { item: 2 }],
			[ids[1], { item: 1 }],
			[ids[1], { item: 1 }],
			[ids[0], { item: 0 }],
			[ids[0], { item: 0 }],
		]);
		expect(
			new Set(out.map((i) => (i.json.handover as { executionId: string }).executionId)).size,
		).toBe(1);
	});
});

describe('To Another Flow: Transfer', () => {
	it('starts the target and continues at once; the target finishes on its own', async () => {
		const id = fresh('t');
		const h = harness();
		h.addWorkflow(
			'wf-nurture',
			nurtureFlow(
				node('Slow', 'test.testReorder', { delayMs: 1000 }),
				node('Late Tag', `${PKG}.updateField`, {
					assignments: {
						assignment: [{ attribute: 'nurture_done', value: 'true', type: 'boolean' }],
					},
				}),
			),
		);
		const started = Date.now();
		const result = await h.run(chain(source([{ id, name: 'Tia' }]), toFlow({ mode: 'transfer' })));
		expect(Date.now() - started).toBeLessThan(1000);
		const [out] = result.output('To Nurture');
		expect(out.json).toMatchObject({
			id,
			name: 'Tia',
			handover: { participantId: id, mode: 'transfer', status: 'started' },
		});
		expect(out.pairedItem).toEqual({ item: 0 });
		const ledger = await getLedger();
		expect((await ledger.getProfile(id)).attributes.nurture_done).toBeUndefined();

		await h.settled();
		const executionId = String((out.json.handover as { executionId: string }).executionId);
		expect(h.resultFor(executionId).status).toBe('success');
		expect((await ledger.getProfile(id)).attributes).toMatchObject({
			stage: 'nurture from Test workflow',
			nurture_done: true,
		});
	});
});

describe('To Another Flow: errors name the target flow', () => {
	const noTrigger = chain(
		source([{ id: 'x' }]),
		node('From Another Flow', `${PKG}.fromAnotherFlowTrigger`),
	);

	it.each(['runAndWait', 'transfer'])(
		'a missing target and a target without the trigger fail clearly (%s)',
		async (mode) => {
			const h = harness();
			h.addWorkflow('wf-plain', noTrigger);
			const missing = await h.run(
				chain(
					source([{ id: 'p' }]),
					toFlow({ mode, workflowId: picked('wf-gone', 'Old nurture') }),
				),
			);
			expect(missing.nodeError('To Nurture')?.message).toBe(
				"Target flow 'Old nurture' (ID wf-gone) does not exist",
			);
			const untriggered = await h.run(
				chain(source([{ id: 'p' }]), toFlow({ mode, workflowId: 'wf-plain' })),
			);
			const error = untriggered.nodeError('To Nurture');
			expect(error?.message).toBe(
				"Target flow with ID 'wf-plain' cannot receive participants: it has no 'When Executed by Another Workflow' trigger",
			);
			expect(error?.description).toMatch(/Accept all data/);
		},
	);

	it('a failing target fails only its participant under the error output', async () => {
		const h = harness();
		h.addWorkflow(
			'wf-nurture',
			nurtureFlow(node('Check', 'test.testFailing', { label: '={{ $json.name }}' })),
		);
		const result = await h.run(
			chain(
				source([
					{ id: fresh('ok'), name: 'ann' },
					{ id: fresh('bad'), name: 'bob', fail: true },
				]),
				toFlow({ mode: 'runAndWait' }, { onError: 'continueErrorOutput' }),
			),
		);
		expect(result.output('To Nurture', 0).map((i) => i.json.name)).toEqual(['ann']);
		const [failed] = result.output('To Nurture', 1);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(String(failed.json.error)).toContain(
			"Target flow 'Nurture' (ID wf-nurture) failed: Item 'bob' asked to fail",
		);
	});

	it('asks for a target when an expression yields none', async () => {
		const result = await harness().run(
			chain(
				source([{ id: 'p' }]),
				toFlow({ workflowId: { __rl: true, mode: 'id', value: '={{ $json.flow }}' } }),
			),
		);
		expect(result.nodeError('To Nurture')?.message).toBe('No target flow is selected');
	});
});

describe('From Another Flow', () => {
	it('overlays the stored profile and can refuse items that were not handed over', async () => {
		const id = fresh('f');
		await (await getLedger()).updateProfile(id, { tier: 'gold' });
		const receive = (options = {}) =>
			node(
				'From Another Flow',
				`${PKG}.fromAnotherFlowTrigger`,
				{ options },
				{ onError: 'continueErrorOutput' },
			);
		const open = await harness().run(chain(source([{ id }]), receive()));
		expect(open.output('From Another Flow')[0].json).toEqual({ id, tier: 'gold' });
		const strict = await harness().run(chain(source([{ id }]), receive({ requireHandover: true })));
		expect(strict.output('From Another Flow', 1)[0].json.error).toMatch(
			/^This item was not handed over by a To Another Flow node/,
		);
	});
});
