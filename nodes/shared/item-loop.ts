// The execute() loop of nodes that do not send (log, record): one output item per input item, or
// a per-item error with pairedItem when failed items may continue.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, toNodeError } from './errors';

/** `handle` returns the fields added to the item's JSON; a thrown error fails only that item. */
export async function mapInputItems(
	ctx: IExecuteFunctions,
	handle: (item: INodeExecutionData, itemIndex: number) => Promise<IDataObject>,
	secrets: readonly unknown[] = [],
): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const out: INodeExecutionData[] = [];
	for (const [i, item] of ctx.getInputData().entries()) {
		try {
			const added = await handle(item, i);
			out.push({
				json: { ...item.json, ...added },
				pairedItem: { item: i },
				...(item.binary ? { binary: item.binary } : {}),
			});
		} catch (error) {
			const nodeError = toNodeError(node, error, i, secrets);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push(errorItem(item, i, nodeError, { toErrorOutput }));
		}
	}
	return [out];
}
