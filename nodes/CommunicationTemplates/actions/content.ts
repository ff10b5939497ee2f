// The content of a template version as Create and Update take it: fields per channel for the
// default language plus other languages, or all languages at once as JSON (for imports from files).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { isObject } from '../../shared/json-fields';
import {
	checkVersionInput,
	TEMPLATE_FIELDS,
	type TemplateChannel,
	type TemplateVersionInput,
} from '../../shared/ledger/templates';

const forFields = { contentSource: ['fields'] };
const SUBJECT_CHANNELS = ['email', 'notification'];
const withSubject = { '/channel': SUBJECT_CHANNELS };
const emailOnly = { '/channel': ['email'] };

const subjectField: INodeProperties = {
	displayName: 'Subject',
	name: 'subject',
	type: 'string',
	default: '',
	placeholder: 'Your booking, {{ first_name }}',
};
const htmlField: INodeProperties = {
	displayName: 'HTML',
	name: 'html',
	type: 'string',
	typeOptions: { rows: 5, editor: 'htmlEditor' },
	default: '',
	description: 'Write merge fields as [[ first_name ]] here: this editor evaluates {{ }} itself',
};
const textField: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: 'Hi {{ first_name }}, see you on {{ appointment.date }}!',
};

export const contentProperties: INodeProperties[] = [
	{
		displayName: 'Content',
		name: 'contentSource',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Type the content here' },
			{
				name: 'JSON',
				value: 'json',
				description: 'Every language at once, e.g. from a file: { "en": { "text": "..." } }',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Default Language',
		name: 'defaultLanguage',
		type: 'string',
		default: 'en',
		placeholder: 'en',
		description:
			'The language tag of the content below, used for participants whose language the template lacks (e.g. en, de, es-MX)',
	},
	{ ...subjectField, displayOptions: { show: { ...forFields, channel: SUBJECT_CHANNELS } } },
	{ ...htmlField, displayOptions: { show: { ...forFields, channel: ['email'] } } },
	{ ...textField, displayOptions: { show: forFields } },
	{
		displayName: 'Attachment Links',
		name: 'attachmentLinks',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add link',
		displayOptions: { show: { ...forFields, channel: ['email'] } },
		options: [
			{
				displayName: 'Link',
				name: 'link',
				values: [
					{ displayName: 'URL', name: 'url', type: 'string', default: '' },
					{ displayName: 'File Name', name: 'fileName', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Other Languages',
		name: 'otherLanguages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add language',
		displayOptions: { show: forFields },
		options: [
			{
				displayName: 'Language',
				name: 'language',
				values: [
					{
						displayName: 'Language',
						name: 'language',
						type: 'string',
						default: '',
						placeholder: 'es-MX',
					},
					{ ...subjectField, displayOptions: { show: withSubject } },
					{ ...htmlField, displayOptions: { show: emailOnly } },
					textField,
				],
			},
		],
	},
	{
		displayName: 'Languages (JSON)',
		name: 'variantsJson',
		type: 'json',
		default: '{\n  "en": { "text": "Hi {{ first_name }}" }\n}',
		displayOptions: { show: { contentSource: ['json'] } },
		description: 'An object keyed by language tag; each value holds the fields of the channel',
	},
];

/** The fields of one language that the channel's templates have. */
function languageContent(channel: TemplateChannel, source: IDataObject): IDataObject {
	const content: IDataObject = {};
	for (const field of TEMPLATE_FIELDS[channel]) {
		if (field === 'attachments') continue;
		const value = source[field];
		if (typeof value === 'string' && value !== '') content[field] = value;
	}
	return content;
}

function parseVariants(raw: unknown): IDataObject {
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			throw new InputError(`Languages (JSON) is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (!isObject(parsed))
		throw new InputError('Languages (JSON) must be an object keyed by language tag');
	return parsed;
}

/** The version the item's parameters describe, checked for the channel. */
export function versionInputOf(
	ctx: IExecuteFunctions,
	i: number,
	channel: TemplateChannel,
): TemplateVersionInput {
	const defaultLanguage = String(ctx.getNodeParameter('defaultLanguage', i, 'en')).trim();
	if (ctx.getNodeParameter('contentSource', i, 'fields') === 'json') {
		const variants = parseVariants(ctx.getNodeParameter('variantsJson', i));
		return checkVersionInput(channel, { defaultLanguage, variants });
	}
	const read = (name: string) => ctx.getNodeParameter(name, i, '');
	const main = languageContent(channel, {
		subject: read('subject'),
		html: read('html'),
		text: read('text'),
	});
	if (channel === 'email') {
		const links = (ctx.getNodeParameter('attachmentLinks', i, {}) as IDataObject).link;
		const attachments = (Array.isArray(links) ? links : [])
			.filter((link): link is IDataObject => isObject(link) && Boolean(link.url))
			.map((link) =>
				link.fileName ? { url: link.url, fileName: link.fileName } : { url: link.url },
			);
		if (attachments.length > 0) main.attachments = attachments;
	}
	const variants: IDataObject = { [defaultLanguage]: main };
	const others = (ctx.getNodeParameter('otherLanguages', i, {}) as IDataObject).language;
	for (const entry of Array.isArray(others) ? others : []) {
		if (!isObject(entry)) continue;
		const language = String(entry.language ?? '').trim();
		if (!language) throw new InputError('Other Languages: a language tag is empty');
		variants[language] = languageContent(channel, entry);
	}
	return checkVersionInput(channel, { defaultLanguage, variants });
}
