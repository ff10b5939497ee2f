// The per-item loop of every node's execute(): each item runs on its own, a thrown error fails only
// that item (pairedItem set, secrets scrubbed), and the first failure ends the node unless failed
// items continue (Continue / error output).
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { errorItem, toNodeError } from '../errors';

export type ItemRun<T> =
	| { itemIndex: number; item: INodeExecutionData; ok: true; value: T }
	| {
			itemIndex: number;
			item: INodeExecutionData;
			ok: false;
			error: NodeOperationError | NodeApiError;
	  };

/**
 * What failed for one item as n8n's error: thrown when failed items may not continue, otherwise
 * returned for the item's output.
 */
export function failItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	error: unknown,
	secrets: readonly unknown[] = [],
): NodeOperationError | NodeApiError {
	const nodeError = toNodeError(ctx.getNode(), error, itemIndex, secrets);
	if (!ctx.continueOnFail()) throw nodeError;
	return nodeError;
}

/** The output item for a failed item: n8n's error output shape, or the input with `error`. */
export function failedOutput(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	error: NodeOperationError | NodeApiError,
): INodeExecutionData {
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return errorItem(item, itemIndex, error, { toErrorOutput });
}

/**
 * Runs `step` for each input item in order and returns every item's result or error. The first
 * error is thrown (later items do not run) unless failed items continue.
 */
export async function eachItem<T>(
	ctx: IExecuteFunctions,
	step: (itemIndex: number, item: INodeExecutionData) => Promise<T>,
	secrets: readonly unknown[] = [],
): Promise<Array<ItemRun<T>>> {
	const runs: Array<ItemRun<T>> = [];
	for (const [itemIndex, item] of ctx.getInputData().entries()) {
		try {
			runs.push({ itemIndex, item, ok: true, value: await step(itemIndex, item) });
		} catch (error) {
			runs.push({ itemIndex, item, ok: false, error: failItem(ctx, itemIndex, error, secrets) });
		}
	}
	return runs;
}

export interface PerItemOptions {
	secrets?: readonly unknown[];
}

/**
 * One output per input item: `step` returns the fields added to the item's JSON (binary kept).
 * With `fanOut`, `step` returns the item's output items itself (none, one or many, pairedItem set).
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	step: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject>,
	options?: PerItemOptions & { fanOut?: false },
): Promise<INodeExecutionData[][]>;
export async function runPerItem(
	ctx: IExecuteFunctions,
	step: (itemIndex: number, item: INodeExecutionData) => Promise<INodeExecutionData[]>,
	options: PerItemOptions & { fanOut: true },
): Promise<INodeExecutionData[][]>;
export async function runPerItem(
	ctx: IExecuteFunctions,
	step: (
		itemIndex: number,
		item: INodeExecutionData,
	) => Promise<IDataObject | INodeExecutionData[]>,
	options: PerItemOptions & { fanOut?: boolean } = {},
): Promise<INodeExecutionData[][]> {
	const runs = await eachItem(ctx, step, options.secrets);
	const out: INodeExecutionData[] = [];
	for (const run of runs) {
		if (!run.ok) out.push(failedOutput(ctx, run.item, run.itemIndex, run.error));
		// With `fanOut` the step returns a list (its own output items), otherwise the added fields.
		else if (Array.isArray(run.value)) out.push(...run.value);
		else out.push(mergedItem(run.item, run.itemIndex, run.value));
	}
	return [out];
}

function mergedItem(item: INodeExecutionData, itemIndex: number, fields: IDataObject) {
	const next: INodeExecutionData = {
		json: { ...item.json, ...fields },
		pairedItem: { item: itemIndex },
	};
	if (item.binary) next.binary = item.binary;
	return next;
}
