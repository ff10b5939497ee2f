// Small builders for workflow JSON in engine tests.
import { randomUUID } from 'node:crypto';

import type { INode, INodeExecutionData } from 'n8n-workflow';

import type { WorkflowJson } from './harness';

export const PKG = 'n8n-nodes-communication-actions';

export function node(
	name: string,
	type: string,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return {
		id: `${name.replace(/\W+/g, '-')}-id`,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

/** Connects the nodes one after the other through their first output. */
export function chain(...nodes: INode[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

export function jsonItems(...values: Array<Record<string, unknown>>): INodeExecutionData[] {
	return values.map((json) => ({ json: json as INodeExecutionData['json'] }));
}

/** Source items -> the node under test with a 09:00-18:00 window -> a node after it (schedule tests). */
export function scheduledWorkflow(
	type: string,
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
	credentials: INode['credentials'],
): WorkflowJson {
	const wf = chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		node(
			'Node',
			`${PKG}.${type}`,
			{ ...parameters, schedule: { from: '09:00', to: '18:00' } } as INode['parameters'],
			{ credentials },
		),
		node('After', 'test.testItems', { items: '[]' }),
	);
	return { ...wf, id: `wf-${randomUUID()}` };
}
