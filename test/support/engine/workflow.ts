// Small builders for workflow JSON in engine tests.
import type { INode, INodeExecutionData } from 'n8n-workflow';

import type { WorkflowJson } from './harness';

export const PKG = 'n8n-nodes-communication-actions';

export function node(
	name: string,
	type: string,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return { id: `${name.replace(/\W+/g, '-')}-id`, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
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
