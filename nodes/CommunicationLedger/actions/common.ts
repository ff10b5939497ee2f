// What the Communication Ledger's lookups share: the action contract and the limit.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { CommunicationLedger } from '../../shared/ledger/types';
import { communicationNameProperty } from '../../shared/schedule/description';

/** One lookup for one item: the fields it adds to the item's JSON. */
export type LedgerLookup = (
	this: IExecuteFunctions,
	ledger: CommunicationLedger,
	itemIndex: number,
	item: INodeExecutionData,
) => Promise<IDataObject>;

export interface LedgerAction {
	description: INodeProperties[];
	execute: LedgerLookup;
}

/** The sending nodes' Communication Name, here as a filter. */
export const communicationNameFilter: INodeProperties = {
	...communicationNameProperty,
	description: 'Only this communication (empty: all)',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
};

export function limitOf(ctx: IExecuteFunctions, i: number): number {
	return ctx.getNodeParameter('limit', i, 100) as number;
}

/** The Communication Name filter; undefined when empty (all communications). */
export function communicationNameOf(ctx: IExecuteFunctions, i: number): string | undefined {
	return String(ctx.getNodeParameter('communicationName', i, '') ?? '').trim() || undefined;
}
