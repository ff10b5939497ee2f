// Reads the shared "Options" every sending node offers (output message, retries, concurrency...).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeParameters } from '../node-params';
import { DEFAULT_RESULT_FIELD } from './result';

export interface NodeSendSettings {
	concurrency: number;
	maxPerSecond: number;
	retryCount: number;
	async: boolean;
	/** Send even to recipients on the suppression list (transactional messages), with a warning. */
	sendToSuppressed?: boolean;
}

export interface ItemSendSettings {
	outputMessage: string;
	onlyIfSuccessful: boolean;
	idempotencyKey: string;
	resultField: string;
	failOnMissingMergeFields: boolean;
}

function options(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const item = ctx.getInputData()[itemIndex] ?? { json: {} };
	return nodeParameters(ctx).get('options', itemIndex, item, {}) as IDataObject;
}

function bounded(value: unknown, fallback: number, min: number, max: number): number {
	const n = Number(value);
	if (!Number.isFinite(n)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(n)));
}

/** Settings that apply to the whole batch, read once (from the first item). */
export function readNodeSendSettings(
	ctx: IExecuteFunctions,
	defaults: Partial<NodeSendSettings> = {},
): NodeSendSettings {
	return nodeSendSettingsFrom(options(ctx, 0), defaults);
}

export function nodeSendSettingsFrom(
	o: IDataObject,
	defaults: Partial<NodeSendSettings> = {},
): NodeSendSettings {
	return {
		concurrency: bounded(o.maxConcurrentSends, defaults.concurrency ?? 5, 1, 100),
		maxPerSecond: bounded(o.maxPerSecond, defaults.maxPerSecond ?? 0, 0, 10_000),
		retryCount: bounded(o.retryCount, defaults.retryCount ?? 2, 0, 10),
		async: o.async === true,
		sendToSuppressed: o.sendToSuppressed === true,
	};
}

export function readItemSendSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaultOutput: string,
): ItemSendSettings {
	const o = options(ctx, itemIndex);
	const field =
		typeof o.resultField === 'string' && o.resultField.trim()
			? o.resultField.trim()
			: DEFAULT_RESULT_FIELD;
	return {
		outputMessage:
			typeof o.outputMessage === 'string' && o.outputMessage !== ''
				? o.outputMessage
				: defaultOutput,
		onlyIfSuccessful: o.onlyIfSuccessful === true,
		idempotencyKey: typeof o.idempotencyKey === 'string' ? o.idempotencyKey.trim() : '',
		resultField: field,
		failOnMissingMergeFields: o.failOnMissingMergeFields === true,
	};
}
