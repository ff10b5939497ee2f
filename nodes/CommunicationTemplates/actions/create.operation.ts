// Create: a new template, stored as version 1.
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { channelOf, channelProperty, templateJson, type TemplateOperation } from './common';
import { contentProperties, versionInputOf } from './content';

const properties: INodeProperties[] = [
	channelProperty,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Booking confirmation',
		description: 'Unique among the templates of the channel',
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		placeholder: 'booking-confirmation',
		description:
			'A stable ID, e.g. to import the same template on several n8n instances. Empty: one is generated.',
	},
	...contentProperties,
];

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, properties);

export const execute: TemplateOperation = async function (templates, i) {
	const channel = channelOf(this, i);
	const saved = await templates.createTemplate({
		id: String(this.getNodeParameter('templateId', i, '')),
		channel,
		name: String(this.getNodeParameter('name', i)),
		...versionInputOf(this, i, channel),
	});
	return [templateJson(saved)];
};
