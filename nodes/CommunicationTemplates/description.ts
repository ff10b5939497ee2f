// Parameters of the Communication Templates node: the operation, then each operation's own fields.
import type { INodeProperties } from 'n8n-workflow';

import { templateActions } from './actions/router';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Create', value: 'create', action: 'Create a template' },
		{ name: 'Delete', value: 'delete', action: 'Delete a template' },
		{ name: 'Get', value: 'get', action: 'Get a template version' },
		{ name: 'Get Many', value: 'list', action: 'Get many templates' },
		{
			name: 'Get Statistics',
			value: 'statistics',
			action: 'Get send statistics per template version and language',
		},
		{
			name: 'Preview',
			value: 'preview',
			action: 'Preview a template with merge fields filled from the item',
		},
		{ name: 'Update', value: 'update', action: 'Save a new version of a template' },
	],
	default: 'create',
};

export const templatesProperties: INodeProperties[] = [
	operationProperty,
	...Object.values(templateActions).flatMap((action) => action.description),
];
