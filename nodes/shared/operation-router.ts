// Picks a multi-operation node's action for its Operation parameter, or fails the node clearly.
import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The action registered for `operation`. An operation the node does not have (a hand-edited or
 * newer workflow) is a node error, never a silent pass-through.
 */
export function actionForOperation<A>(
	node: INode,
	actions: Readonly<Record<string, A>>,
	operation: unknown,
): A {
	if (typeof operation === 'string' && Object.prototype.hasOwnProperty.call(actions, operation)) {
		return actions[operation];
	}
	throw new NodeOperationError(node, `Unknown operation '${String(operation)}'`, {
		description: `Choose one of the node's operations: ${Object.keys(actions).join(', ')}.`,
	});
}
