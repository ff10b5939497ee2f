// Update: stores the template's next version; languages not given are kept from the latest one.
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { requireTemplate } from '../../shared/templates';
import {
	channelOf,
	channelProperty,
	templateIdParameter,
	templateJson,
	templateLocator,
	type TemplateOperation,
} from './common';
import { contentProperties, versionInputOf } from './content';

const properties: INodeProperties[] = [
	templateLocator,
	{ ...channelProperty, description: "The template's channel (it cannot change)" },
	...contentProperties,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'New Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Rename the template (empty: keep its name)',
			},
			{
				displayName: 'Replace All Languages',
				name: 'replaceLanguages',
				type: 'boolean',
				default: false,
				description:
					'Whether the new version holds only the languages given here; off: languages not given are kept from the latest version',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

export const execute: TemplateOperation = async function (templates, i) {
	const id = templateIdParameter(this, i);
	const latest = await requireTemplate(templates, id);
	const channel = channelOf(this, i);
	if (channel !== latest.channel)
		throw new InputError(
			`Template '${latest.name}' is for ${latest.channel}, but Channel is set to ${channel}`,
			"Set Channel to the template's channel: a template keeps its channel.",
		);
	const options = this.getNodeParameter('updateFields', i, {}) as {
		name?: string;
		replaceLanguages?: boolean;
	};
	const given = versionInputOf(this, i, channel);
	const variants = options.replaceLanguages
		? given.variants
		: { ...latest.variants, ...given.variants };
	const saved = await templates.saveTemplateVersion(id, {
		defaultLanguage: given.defaultLanguage,
		variants,
		name: options.name?.trim() || undefined,
	});
	return [templateJson(saved)];
};
