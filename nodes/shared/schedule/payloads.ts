// What the ledger keeps for later: the payload of a planned communication and the batch record
// of a waiting node, each written by the planner and read back through a validating reader.
import type { INodeExecutionData } from 'n8n-workflow';

import type { JsonObject } from '../ledger/types';
import { type RecordedItem, type CommunicationResult, type ItemSendSettings } from '../pipeline';

/** What a planned row keeps in its payload (no secrets: parameters and the item only). */
export interface PlannedPayload {
	kind: 'planned';
	item: INodeExecutionData;
	recorded: RecordedItem;
	settings: ItemSendSettings;
	to: string[];
	warnings: string[];
}

export interface BatchItem {
	itemIndex: number;
	item: INodeExecutionData;
	result: CommunicationResult;
	error?: string;
	resultField: string;
}

/** The batch record: outcomes of the items that were not planned, for the final output. */
export interface BatchPayload {
	kind: 'batch';
	items: BatchItem[];
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** True when the row's payload is a planned communication's (valid or not). */
export function isPlannedPayload(payload: JsonObject | null): boolean {
	return payload?.kind === 'planned';
}

function readItem(value: unknown): INodeExecutionData | null {
	if (!isObject(value) || !isObject(value.json)) return null;
	const item: INodeExecutionData = { json: value.json as INodeExecutionData['json'] };
	if (isObject(value.binary)) item.binary = value.binary as INodeExecutionData['binary'];
	return item;
}

function readSettings(value: unknown): ItemSendSettings | null {
	if (!isObject(value)) return null;
	const { outputMessage, onlyIfSuccessful, idempotencyKey, resultField } = value;
	const { failOnMissingMergeFields } = value;
	if (typeof outputMessage !== 'string' || typeof resultField !== 'string') return null;
	if (typeof idempotencyKey !== 'string') return null;
	return {
		outputMessage,
		onlyIfSuccessful: onlyIfSuccessful === true,
		idempotencyKey,
		resultField,
		failOnMissingMergeFields: failOnMissingMergeFields === true,
	};
}

function readRecorded(value: unknown): RecordedItem | null {
	if (!isObject(value) || !isObject(value.params) || !isObject(value.binaries)) return null;
	const binaries: RecordedItem['binaries'] = {};
	for (const [name, stored] of Object.entries(value.binaries)) {
		if (!isObject(stored) || typeof stored.base64 !== 'string') return null;
		binaries[name] = {
			base64: stored.base64,
			fileName: typeof stored.fileName === 'string' ? stored.fileName : undefined,
			mimeType: typeof stored.mimeType === 'string' ? stored.mimeType : undefined,
		};
	}
	return { params: value.params as JsonObject, binaries };
}

/** The planned payload of a ledger row, or null when it is missing or malformed. */
export function readPlannedPayload(payload: JsonObject | null): PlannedPayload | null {
	if (!payload || payload.kind !== 'planned') return null;
	const item = readItem(payload.item);
	const recorded = readRecorded(payload.recorded);
	const settings = readSettings(payload.settings);
	if (!item || !recorded || !settings) return null;
	if (!isStringList(payload.to) || !isStringList(payload.warnings)) return null;
	return { kind: 'planned', item, recorded, settings, to: payload.to, warnings: payload.warnings };
}

function readResult(value: unknown): CommunicationResult | null {
	if (!isObject(value) || typeof value.status !== 'string' || typeof value.channel !== 'string')
		return null;
	return value as CommunicationResult;
}

function readBatchItem(value: unknown): BatchItem | null {
	if (!isObject(value) || typeof value.itemIndex !== 'number') return null;
	const item = readItem(value.item);
	const result = readResult(value.result);
	if (!item || !result || typeof value.resultField !== 'string') return null;
	if (value.error !== undefined && typeof value.error !== 'string') return null;
	const entry: BatchItem = {
		itemIndex: value.itemIndex,
		item,
		result,
		resultField: value.resultField,
	};
	if (typeof value.error === 'string') entry.error = value.error;
	return entry;
}

/** The batch payload of a waiting node, or null when it is malformed. */
export function readBatchPayload(payload: JsonObject): BatchPayload | null {
	if (payload.kind !== 'batch' || !Array.isArray(payload.items)) return null;
	const items = payload.items.map(readBatchItem);
	if (items.some((entry) => entry === null)) return null;
	return { kind: 'batch', items: items as BatchItem[] };
}
