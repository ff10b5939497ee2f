// The handover record To Another Flow attaches to each participant it sends, and that From
// Another Flow reads in the target: who sent it, from where, and which input item it was.
import type { IDataObject } from 'n8n-workflow';

import { isObject, textOr } from './json-fields';

export const DEFAULT_HANDOVER_FIELD = 'handover';

export type HandoverMode = 'transfer' | 'runAndWait';

export interface HandoverRecord {
	/** Unique per handed-over item: pairs what the target returns to the caller's input item. */
	id: string;
	participantId: string;
	mode: HandoverMode;
	/** The caller's input item index. */
	itemIndex: number;
	from: { workflowId: string; workflowName: string; executionId: string; node: string };
	sentAt: string;
}

const text = (value: unknown): string => textOr(value, '');

/**
 * The handover record on an item, when it carries a well-formed one (an `id`, the `itemIndex`
 * and a `from` object); fields missing from an older or hand-made record read as empty.
 */
export function readHandover(json: IDataObject, field: string): HandoverRecord | undefined {
	const value = json[field];
	if (!isObject(value) || !isObject(value.from)) return undefined;
	const { id, itemIndex, from } = value;
	if (typeof id !== 'string' || typeof itemIndex !== 'number') return undefined;
	return {
		id,
		participantId: text(value.participantId),
		mode: value.mode === 'runAndWait' ? 'runAndWait' : 'transfer',
		itemIndex,
		from: {
			workflowId: text(from.workflowId),
			workflowName: text(from.workflowName),
			executionId: text(from.executionId),
			node: text(from.node),
		},
		sentAt: text(value.sentAt),
	};
}

/** The record as item JSON, as To Another Flow attaches it. */
export function handoverToJson(record: HandoverRecord): IDataObject {
	return {
		id: record.id,
		participantId: record.participantId,
		mode: record.mode,
		itemIndex: record.itemIndex,
		from: { ...record.from },
		sentAt: record.sentAt,
	};
}
