// What the Communication Templates operations share: the action contract, the template picker,
// the channel choice and the template's output shape.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import type { LedgerTemplates } from '../../shared/ledger/parts';
import {
	isTemplateChannel,
	type StoredTemplate,
	type TemplateChannel,
} from '../../shared/ledger/templates';
import { toJsonObject } from '../../shared/ledger/json';
import { templateIdOf } from '../../shared/templates';

/** One operation for one item: the output items' JSON. */
export type TemplateOperation = (
	this: IExecuteFunctions,
	templates: LedgerTemplates,
	itemIndex: number,
) => Promise<IDataObject[]>;

export interface TemplateAction {
	description: INodeProperties[];
	execute: TemplateOperation;
}

export const SEARCH_ALL_TEMPLATES = 'searchAllTemplates';

export const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'template',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a template...',
			typeOptions: { searchListMethod: SEARCH_ALL_TEMPLATES, searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'booking-confirmation' },
	],
};

export const channelProperty: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	options: [
		{ name: 'Email', value: 'email', description: 'Subject, HTML, text and attachment links' },
		{
			name: 'Internal Notification',
			value: 'notification',
			description: 'Subject (used by email) and text',
		},
		{ name: 'SMS', value: 'sms', description: 'Text' },
		{ name: 'Telegram', value: 'telegram', description: 'Text' },
	],
	default: 'email',
	description: 'Which nodes can use the template',
};

export const versionProperty: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'The version to read; 0 means the latest',
};

export function channelOf(ctx: IExecuteFunctions, i: number): TemplateChannel {
	const channel = ctx.getNodeParameter('channel', i);
	if (!isTemplateChannel(channel)) throw new InputError(`Unknown channel '${String(channel)}'`);
	return channel;
}

export function templateIdParameter(ctx: IExecuteFunctions, i: number): string {
	const id = templateIdOf(ctx.getNodeParameter('template', i));
	if (!id) throw new InputError('Template is empty: pick a template or enter its ID');
	return id;
}

export function templateJson(stored: StoredTemplate): IDataObject {
	return {
		id: stored.id,
		channel: stored.channel,
		name: stored.name,
		version: stored.version,
		latestVersion: stored.latestVersion,
		defaultLanguage: stored.defaultLanguage,
		languages: Object.keys(stored.variants).sort(),
		variants: toJsonObject(stored.variants),
		savedAt: stored.savedAt,
		createdAt: stored.createdAt,
	};
}
