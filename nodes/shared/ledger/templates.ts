// Saved message templates: their shapes, the checks every save passes, and the stored-row readers.
import { InputError } from '../errors';
import { parseHttpUrl } from '../http-url';
import type { Row } from './rows';

export const TEMPLATE_CHANNELS = ['email', 'sms', 'telegram', 'notification'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export interface TemplateAttachment {
	url: string;
	fileName?: string;
}

/** One language's content; which fields a channel has is in TEMPLATE_FIELDS. */
export interface TemplateContent {
	subject?: string;
	html?: string;
	text?: string;
	attachments?: TemplateAttachment[];
}

type ContentField = keyof TemplateContent;

/** The content fields each channel's templates carry. */
export const TEMPLATE_FIELDS: Record<TemplateChannel, readonly ContentField[]> = {
	email: ['subject', 'html', 'text', 'attachments'],
	sms: ['text'],
	telegram: ['text'],
	notification: ['subject', 'text'],
};

/** Language tag -> content; always holds the default language. */
export type TemplateVariants = Record<string, TemplateContent>;

export interface TemplateVersionInput {
	defaultLanguage: string;
	variants: TemplateVariants;
}

export interface NewTemplate extends TemplateVersionInput {
	/** A stable ID (e.g. for imports); generated when missing. */
	id?: string;
	channel: TemplateChannel;
	name: string;
}

/** One version of a template, with the template's current name and latest version. */
export interface StoredTemplate {
	id: string;
	channel: TemplateChannel;
	name: string;
	version: number;
	latestVersion: number;
	defaultLanguage: string;
	variants: TemplateVariants;
	/** When this version was saved. */
	savedAt: string;
	createdAt: string;
}

export interface TemplateSummary {
	id: string;
	channel: TemplateChannel;
	name: string;
	latestVersion: number;
	defaultLanguage: string;
	languages: string[];
	updatedAt: string;
}

export interface TemplateQuery {
	channel?: TemplateChannel;
	/** Case-insensitive part of the name or ID. */
	search?: string;
	limit?: number;
	offset?: number;
}

export interface TemplatePage {
	templates: TemplateSummary[];
	/** The offset of the next page, or null on the last page. */
	nextOffset: number | null;
}

/** Sends per template, version, language and status (from the results the nodes recorded). */
export interface TemplateStats {
	templateId: string;
	name: string;
	version: number;
	language: string;
	status: string;
	count: number;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** `es_mx` -> `es-MX`, `EN` -> `en`, `zh-hant` -> `zh-Hant`; throws for a malformed tag. */
export function normalizeLanguage(raw: string): string {
	const tag = raw.trim().replace(/_/g, '-');
	if (!LANGUAGE_TAG.test(tag))
		throw new InputError(
			`Language '${raw}' is not a language tag`,
			'Use a tag such as en, de or es-MX.',
		);
	const [language, ...rest] = tag.split('-');
	const subtags = rest.map((part) => {
		if (part.length === 2) return part.toUpperCase();
		if (part.length === 4) return part[0].toUpperCase() + part.slice(1).toLowerCase();
		return part.toLowerCase();
	});
	return [language.toLowerCase(), ...subtags].join('-');
}

export function isTemplateChannel(value: unknown): value is TemplateChannel {
	return TEMPLATE_CHANNELS.some((channel) => channel === value);
}

function checkContent(channel: TemplateChannel, language: string, raw: unknown): TemplateContent {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		throw new InputError(`Template language '${language}' must be an object of fields`);
	const allowed = TEMPLATE_FIELDS[channel];
	const content: TemplateContent = {};
	for (const [field, value] of Object.entries(raw)) {
		if (value === undefined || value === null || value === '') continue;
		const known = allowed.find((name) => name === field);
		if (!known)
			throw new InputError(
				`A ${channel} template has no field '${field}' (language '${language}')`,
				`Its fields are: ${allowed.join(', ')}.`,
			);
		if (known === 'attachments') {
			if (!Array.isArray(value)) throw new InputError('Template attachments must be a list');
			content.attachments = value.map((entry: unknown, i) => {
				const link = typeof entry === 'string' ? { url: entry } : entry;
				if (typeof link !== 'object' || link === null)
					throw new InputError(`Template attachment ${i + 1} must be a link`);
				const url = parseHttpUrl(`Template attachment ${i + 1}`, Reflect.get(link, 'url'));
				const fileName: unknown = Reflect.get(link, 'fileName');
				return typeof fileName === 'string' && fileName.trim()
					? { url, fileName: fileName.trim() }
					: { url };
			});
		} else if (typeof value !== 'string') {
			throw new InputError(`Template field '${field}' (language '${language}') must be text`);
		} else content[known] = value;
	}
	if (Object.keys(content).length === 0)
		throw new InputError(`Template language '${language}' has no content`);
	return content;
}

/** Checks and normalises one version's content; the default language must be among the variants. */
export function checkVersionInput(
	channel: TemplateChannel,
	input: { defaultLanguage: string; variants: unknown },
): TemplateVersionInput {
	if (typeof input.variants !== 'object' || input.variants === null)
		throw new InputError('Template variants must be an object keyed by language');
	const variants: TemplateVariants = {};
	for (const [language, content] of Object.entries(input.variants)) {
		const tag = normalizeLanguage(language);
		if (variants[tag]) throw new InputError(`Template language '${tag}' is given twice`);
		variants[tag] = checkContent(channel, tag, content);
	}
	const defaultLanguage = normalizeLanguage(input.defaultLanguage);
	if (!variants[defaultLanguage])
		throw new InputError(
			`The template has no content for its default language '${defaultLanguage}'`,
			`Its languages: ${Object.keys(variants).join(', ') || 'none'}.`,
		);
	return { defaultLanguage, variants };
}

export function checkTemplateName(raw: string): string {
	const name = raw.trim();
	if (!name) throw new InputError('Template name is empty');
	if (name.length > 200) throw new InputError('Template name is longer than 200 characters');
	return name;
}

// Stored rows -------------------------------------------------------------------------------------

function textColumn(row: Row, column: string): string {
	const value = row[column];
	if (typeof value === 'string') return value;
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	throw new Error(`Communication ledger: column ${column} is missing from a stored template row`);
}

function channelColumn(row: Row): TemplateChannel {
	const value = row.channel;
	if (!isTemplateChannel(value))
		throw new Error(`Communication ledger: unknown template channel '${String(value)}'`);
	return value;
}

function variantsColumn(row: Row, channel: TemplateChannel, defaultLanguage: string) {
	const raw = row.variants;
	const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
	return checkVersionInput(channel, { defaultLanguage, variants: parsed }).variants;
}

/** A row of templates joined with one of its versions (columns `v_*`). */
export function toStoredTemplate(row: Row): StoredTemplate {
	const channel = channelColumn(row);
	const defaultLanguage = textColumn(row, 'default_language');
	return {
		id: textColumn(row, 'id'),
		channel,
		name: textColumn(row, 'name'),
		version: Number(row.version),
		latestVersion: Number(row.latest_version),
		defaultLanguage,
		variants: variantsColumn(row, channel, defaultLanguage),
		savedAt: textColumn(row, 'saved_at'),
		createdAt: textColumn(row, 'created_at'),
	};
}

export function toTemplateSummary(row: Row): TemplateSummary {
	const stored = toStoredTemplate(row);
	return {
		id: stored.id,
		channel: stored.channel,
		name: stored.name,
		latestVersion: stored.latestVersion,
		defaultLanguage: stored.defaultLanguage,
		languages: Object.keys(stored.variants).sort(),
		updatedAt: stored.savedAt,
	};
}

export function toTemplateStats(row: Row): TemplateStats {
	return {
		templateId: textColumn(row, 'template_id'),
		name: row.template_name === null ? '' : textColumn(row, 'template_name'),
		version: Number(row.template_version),
		language: row.template_language === null ? '' : textColumn(row, 'template_language'),
		status: textColumn(row, 'status'),
		count: Number(row.count),
	};
}
