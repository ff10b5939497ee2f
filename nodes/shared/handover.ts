// The handover record To Another Flow attaches to each participant it sends, and that From
// Another Flow reads in the target: who sent it, from where, and which input item it was.
import type { IDataObject } from 'n8n-workflow';

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

/** The handover record on an item, when it carries a well-formed one. */
export function readHandover(json: IDataObject, field: string): HandoverRecord | undefined {
	const value = json[field];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const record = value as IDataObject;
	const from = record.from;
	if (typeof record.id !== 'string' || typeof record.itemIndex !== 'number') return undefined;
	if (typeof from !== 'object' || from === null || Array.isArray(from)) return undefined;
	return value as unknown as HandoverRecord;
}
