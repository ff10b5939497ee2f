// Parameters of the Communication Ledger node: the operation, then each lookup's own fields.
import type { INodeProperties } from 'n8n-workflow';

import { ledgerActions } from './actions/router';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Get Call Log', value: 'calls', action: 'Get the call log of a participant' },
		{
			name: 'Get Communications',
			value: 'communications',
			action: 'Get the communications of a participant',
		},
		{
			name: 'Get Overdue Communications',
			value: 'overdue',
			action: 'Get planned communications that are past due',
		},
		{ name: 'Get Profile', value: 'profile', action: 'Get the stored profile of a participant' },
		{
			name: 'Get Statistics',
			value: 'statistics',
			action: 'Get statistics per communication name',
		},
		{ name: 'Get Tasks', value: 'tasks', action: 'Get the manual tasks of a participant' },
	],
	default: 'communications',
};

export const ledgerProperties: INodeProperties[] = [
	operationProperty,
	...Object.values(ledgerActions).flatMap((action) => action.description),
];
