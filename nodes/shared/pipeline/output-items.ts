// Phase "output items", shared by the first run and every resume: every item once, in input
// order, with its result under its result field; failed items go where the node's On Error says.
import type { INodeExecutionData } from 'n8n-workflow';

import { withResult, type CommunicationResult } from './result';

export interface OutputEntry {
	itemIndex: number;
	item: INodeExecutionData;
	field: string;
	result: CommunicationResult;
	/** The item's error message when it failed. */
	error?: string;
}

export interface OutputOptions {
	/** The node's On Error is "Continue (using error output)". */
	toErrorOutput: boolean;
	/**
	 * Who moves failed items to the error output: n8n's engine after execute() (which needs an
	 * item holding only `error` and merges the input fields into it), or the node itself when
	 * it answers a webhook (the engine does not route those).
	 */
	errorRouting: 'engine' | 'node';
}

export function outputItems(
	entries: OutputEntry[],
	options: OutputOptions,
): INodeExecutionData[][] {
	const sorted = [...entries].sort((a, b) => a.itemIndex - b.itemIndex);
	const main: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	for (const { itemIndex, item, field, result, error } of sorted) {
		const pairedItem = { item: itemIndex };
		if (error !== undefined && options.toErrorOutput) {
			if (options.errorRouting === 'engine') main.push({ json: { error }, pairedItem });
			else failed.push({ json: { ...item.json, error }, pairedItem });
			continue;
		}
		const out = withResult(item, itemIndex, field, result);
		if (error !== undefined) out.json.error = error;
		main.push(out);
	}
	return options.toErrorOutput && options.errorRouting === 'node' ? [main, failed] : [main];
}
