// List: live templates by name, optionally one channel and a search, a page or all of them.
import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { isTemplateChannel } from '../../shared/ledger/templates';
import { channelProperty, type TemplateOperation } from './common';

const PAGE = 200;

const properties: INodeProperties[] = [
	{
		...channelProperty,
		name: 'channelFilter',
		options: [{ name: 'All Channels', value: 'all' }, ...(channelProperty.options ?? [])],
		default: 'all',
		description: 'Only templates of this channel',
	},
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		description: 'Only templates whose name or ID contains this text (any case)',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['list'] } }, properties);

export const execute: TemplateOperation = async function (templates, i) {
	const filter = this.getNodeParameter('channelFilter', i, 'all');
	const channel = isTemplateChannel(filter) ? filter : undefined;
	const search = String(this.getNodeParameter('search', i, '')).trim() || undefined;
	const returnAll = this.getNodeParameter('returnAll', i, false) === true;
	const wanted = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
	const found: IDataObject[] = [];
	let offset: number | null = 0;
	while (offset !== null && found.length < wanted) {
		const limit = Math.min(PAGE, wanted - found.length);
		const page = await templates.listTemplates({ channel, search, limit, offset });
		found.push(...page.templates.map((template) => ({ ...template })));
		offset = page.nextOffset;
	}
	return found;
};
