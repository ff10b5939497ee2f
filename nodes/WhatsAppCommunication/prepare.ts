// What is unique to WhatsApp: the template message (header, body and button parameters with merge fields, in order).
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { collectMergeFields } from '../shared/merge';
import { renderFieldForItem } from '../shared/merge';
import { requirePhoneNumber } from '../shared/recipients/phone-fields';
import { parseTemplateChoice } from './template-rules';
import {
	whatsAppTemplateMessage,
	type WhatsAppMessage,
} from '../shared/transport/whatsapp-message';

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2,3})?$/;
const MEDIA_TYPES = new Set(['image', 'video', 'document']);

interface Rendering {
	participant: IDataObject;
	strict: boolean;
	warnings: string[];
}

function rowsOf(value: unknown, key: string): IDataObject[] {
	const rows = (value as IDataObject | undefined)?.[key];
	return Array.isArray(rows) ? (rows as IDataObject[]) : [];
}

/** Fills merge fields; WhatsApp refuses empty values, new lines and tabs in parameters. */
function renderParameter(label: string, raw: unknown, rendering: Rendering): string {
	const template = raw === undefined || raw === null ? '' : String(raw);
	const rendered = renderFieldForItem(label, template, rendering.participant, rendering.strict);
	rendering.warnings.push(...rendered.warnings);
	const value = rendered.text
		.replace(/[\r\n\t]+/g, ' ')
		.replace(/ {5,}/g, '    ')
		.trim();
	if (value === '') {
		const fields = collectMergeFields(template);
		throw new InputError(
			fields.length > 0
				? `${label} is empty because merge field ${fields.map((f) => `{{ ${f} }}`).join(', ')} has no value: WhatsApp does not accept empty parameters`
				: `${label} is empty: WhatsApp does not accept empty parameters`,
		);
	}
	return value;
}

function mediaLink(label: string, value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new InputError(
			`${label} '${value}' is not a link: media headers need a public https:// URL`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw new InputError(`${label} must be an http(s) link`);
	return url.toString();
}

function headerComponent(rows: IDataObject[], rendering: Rendering): IDataObject | undefined {
	if (rows.length === 0) return undefined;
	const parameters = rows.map((row, index) => {
		const label = `Header parameter ${index + 1}`;
		const type = String(row.type ?? 'text');
		const value = renderParameter(label, row.value, rendering);
		if (!MEDIA_TYPES.has(type)) return { type: 'text', text: value };
		const media: IDataObject = { link: mediaLink(label, value) };
		const filename = String(row.filename ?? '').trim();
		if (type === 'document' && filename) media.filename = filename;
		return { type, [type]: media };
	});
	return { type: 'header', parameters };
}

function bodyComponent(rows: IDataObject[], rendering: Rendering): IDataObject | undefined {
	if (rows.length === 0) return undefined;
	const parameters = rows.map((row, index) => {
		const parameter: IDataObject = {
			type: 'text',
			text: renderParameter(`Body parameter ${index + 1}`, row.text, rendering),
		};
		const name = String(row.parameterName ?? '').trim();
		if (name) parameter.parameter_name = name;
		return parameter;
	});
	return { type: 'body', parameters };
}

function buttonComponents(rows: IDataObject[], rendering: Rendering): IDataObject[] {
	const seen = new Set<number>();
	return rows.map((row, position) => {
		const index = Number(row.index ?? 0);
		if (!Number.isInteger(index) || index < 0 || index > 9) {
			throw new InputError(
				`Button parameter ${position + 1}: Button Index must be a whole number from 0 to 9`,
			);
		}
		if (seen.has(index))
			throw new InputError(`Button index ${index} is given twice: each button takes one value`);
		seen.add(index);
		const subType = row.subType === 'quick_reply' ? 'quick_reply' : 'url';
		const value = renderParameter(`Button ${index} value`, row.value, rendering);
		const parameter =
			subType === 'url' ? { type: 'text', text: value } : { type: 'payload', payload: value };
		return { type: 'button', sub_type: subType, index: String(index), parameters: [parameter] };
	});
}

/** Reads parameters only through `item.param`, so a planned message is prepared again at send time. */
export function prepareTemplate(item: ItemContext): PreparedSend<WhatsAppMessage> {
	const { participant, settings } = item;
	const options = (item.param('options', {}) ?? {}) as IDataObject;
	const defaultCountry =
		typeof options.defaultCountry === 'string' ? options.defaultCountry : undefined;
	const explicit = String(item.param('phone', '') ?? '').trim();
	const e164 = requirePhoneNumber(
		explicit ? 'Phone Number' : "The participant's phone",
		explicit || participant.phone,
		defaultCountry,
	);

	const choice = parseTemplateChoice(item.param('templateName', ''));
	const name = choice.name;
	if (!TEMPLATE_NAME.test(name)) {
		throw new InputError(
			name
				? `Template Name '${name}' is not a WhatsApp template name (lowercase letters, digits and underscores)`
				: 'Template Name is empty',
		);
	}
	const language = choice.language ?? String(item.param('languageCode', '') ?? '').trim();
	if (!LANGUAGE_CODE.test(language)) {
		throw new InputError(
			`Language Code '${language}' is not a WhatsApp language code such as en, en_US or pt_BR`,
		);
	}

	const rendering: Rendering = {
		participant,
		strict: settings.failOnMissingMergeFields,
		warnings: [],
	};
	const components = [
		headerComponent(rowsOf(item.param('headerParameters', {}), 'parameter'), rendering),
		bodyComponent(rowsOf(item.param('bodyParameters', {}), 'parameter'), rendering),
		...buttonComponents(rowsOf(item.param('buttonParameters', {}), 'button'), rendering),
	].filter((component): component is IDataObject => component !== undefined);

	const payload = whatsAppTemplateMessage(e164, name, language, components);
	return { payload, to: [e164], warnings: rendering.warnings };
}
