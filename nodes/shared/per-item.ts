// The execute() loop of nodes that do one ledger step per item (no sending): results merged into
// the item, errors per item with pairedItem, the first error thrown unless failed items continue.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, toNodeError } from './errors';

export async function runPerItem(
	ctx: IExecuteFunctions,
	step: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject>,
	secrets: unknown[] = [],
): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const out: INodeExecutionData[] = [];
	for (const [i, item] of ctx.getInputData().entries()) {
		try {
			const fields = await step(i, item);
			const next: INodeExecutionData = {
				json: { ...item.json, ...fields },
				pairedItem: { item: i },
			};
			if (item.binary) next.binary = item.binary;
			out.push(next);
		} catch (error) {
			const nodeError = toNodeError(node, error, i, secrets);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push(errorItem(item, i, nodeError, { toErrorOutput }));
		}
	}
	return [out];
}
