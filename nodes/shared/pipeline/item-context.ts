// What a channel's prepare() sees of one item: its parameters, binary data and participant.
// Live contexts read n8n and record what they read; replay contexts (a planned communication
// sent later from the node's webhook) answer from that record, so prepare() runs again with
// the parameters of the original execution and the participant's data of today.
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toJsonObject } from '../ledger/json';
import type { JsonObject } from '../ledger/types';
import { nodeParameters } from '../node-params';
import type { ItemSendSettings } from './send-options';

export interface ItemBinary {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

export interface ItemContext {
	itemIndex: number;
	item: INodeExecutionData;
	/** The item's JSON overlaid with the participant's stored profile. */
	participant: IDataObject;
	participantId: string;
	settings: ItemSendSettings;
	/** A node parameter evaluated for this item (expressions resolved). */
	param(name: string, fallback?: unknown): unknown;
	/** A binary property of the item, or undefined when it does not exist. */
	binary(name: string): Promise<ItemBinary | undefined>;
}

/** What a live context read, in a JSON form the ledger can keep. */
export interface RecordedItem {
	params: JsonObject;
	binaries: Record<string, { base64: string; fileName?: string; mimeType?: string }>;
}

export interface LiveItemContext extends ItemContext {
	record(): RecordedItem;
}

export function liveItemContext(
	ctx: IExecuteFunctions,
	base: Omit<ItemContext, 'param' | 'binary'>,
): LiveItemContext {
	// A Map, not a plain object filled by key: the plain object was kept past V8's young collections
	// (~3 KB per item in a 10,000-email run), the Map is not.
	const params = new Map<string, unknown>();
	const binaries = new Map<string, ItemBinary>();
	const reader = nodeParameters(ctx);
	return {
		...base,
		// A parameter read again for the same item (e.g. Options, for each field in it) is read once.
		param(name, fallback) {
			if (params.has(name)) return params.get(name);
			const value = reader.get(name, base.itemIndex, base.item, fallback);
			params.set(name, value);
			return value;
		},
		async binary(name) {
			const meta: IBinaryData | undefined = base.item.binary?.[name];
			if (!meta) return undefined;
			const data = await ctx.helpers.getBinaryDataBuffer(base.itemIndex, name);
			const value = { data, fileName: meta.fileName, mimeType: meta.mimeType };
			binaries.set(name, value);
			return value;
		},
		record() {
			const stored: RecordedItem['binaries'] = {};
			for (const [name, value] of binaries) {
				stored[name] = {
					base64: value.data.toString('base64'),
					fileName: value.fileName,
					mimeType: value.mimeType,
				};
			}
			return { params: toJsonObject(Object.fromEntries(params)), binaries: stored };
		},
	};
}

export function replayItemContext(
	recorded: RecordedItem,
	base: Omit<ItemContext, 'param' | 'binary'>,
): ItemContext {
	return {
		...base,
		param(name, fallback) {
			return Object.prototype.hasOwnProperty.call(recorded.params, name)
				? recorded.params[name]
				: fallback;
		},
		async binary(name) {
			const stored = recorded.binaries[name];
			if (!stored) return undefined;
			return {
				data: Buffer.from(stored.base64, 'base64'),
				fileName: stored.fileName,
				mimeType: stored.mimeType,
			};
		},
	};
}
