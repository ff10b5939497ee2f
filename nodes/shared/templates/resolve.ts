// Resolves the saved template a sending node's item uses, at send time: the version (latest or
// pinned), the participant's language variant, and the node's own fields over the template's.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../errors';
import { ledgerFor } from '../ledger/access';
import type { LedgerTemplates } from '../ledger/parts';
import type { StoredTemplate, TemplateChannel, TemplateContent } from '../ledger/templates';
import type { ItemContext } from '../pipeline/item-context';
import { participantLanguage, pickLanguage } from './language';
import { TEMPLATE_PARAMETERS } from './description';

/** Opens the template store only when an item uses a template. */
/** What resolving a template needs from the store. */
export type TemplateReader = Pick<LedgerTemplates, 'getTemplate'>;
export type TemplateSource = () => Promise<TemplateReader>;

/** What the result records about the template an item was sent from. */
export type TemplateUse = {
	id: string;
	name: string;
	version: number;
	language: string;
};

export interface TemplatedItem {
	/** The item whose parameters fall back to the template's fields. */
	item: ItemContext;
	/** `{ template }` for the result's details, empty without a template. */
	details: { template?: TemplateUse };
}

const CHANNEL_LABELS: Record<TemplateChannel, string> = {
	email: 'email',
	sms: 'SMS',
	telegram: 'Telegram',
	notification: 'internal notifications',
};

/** Node parameter -> template field, per channel. */
const NODE_FIELDS: Record<TemplateChannel, Record<string, 'subject' | 'html' | 'text'>> = {
	email: { subject: 'subject', html: 'html', text: 'text' },
	sms: { message: 'text' },
	telegram: { startPhrase: 'text' },
	notification: { subject: 'subject', message: 'text' },
};

/** The template ID of the Template parameter (a resource locator or a plain ID); '' for none. */
export function templateIdOf(value: unknown): string {
	const raw = typeof value === 'object' && value !== null ? Reflect.get(value, 'value') : value;
	return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
}

function isSet(value: unknown): boolean {
	if (typeof value === 'string') return value.trim() !== '';
	return value !== undefined && value !== null;
}

function pinnedVersionOf(raw: unknown): number {
	const version = Number(raw);
	if (!Number.isInteger(version) || version < 1)
		throw new InputError(`Pinned Version '${String(raw)}' is not a version number (1, 2, ...)`);
	return version;
}

function attachmentLinks(content: TemplateContent): IDataObject {
	const links = (content.attachments ?? []).map((a) => ({
		url: a.url,
		fileName: a.fileName ?? '',
	}));
	return { link: links };
}

/** The item with the node's fields first and the template's where the node leaves them empty. */
function overlay(
	item: ItemContext,
	channel: TemplateChannel,
	content: TemplateContent,
): ItemContext {
	const fields = NODE_FIELDS[channel];
	const param = (name: string, fallback?: unknown): unknown => {
		const field = fields[name];
		if (field) {
			const own = item.param(name, fallback);
			return isSet(own) ? own : (content[field] ?? own);
		}
		if (channel === 'email' && name === 'emailFormat') {
			// The bodies decide the format: both when both are set, else the one that is.
			const html = isSet(param('html', '')) ? 'html' : '';
			const text = isSet(param('text', '')) ? 'text' : '';
			return html && text ? 'both' : html || text || 'html';
		}
		if (channel === 'email' && name === 'attachmentLinks') {
			const own = item.param(name, fallback);
			const ownLinks = typeof own === 'object' && own !== null ? Reflect.get(own, 'link') : [];
			return Array.isArray(ownLinks) && ownLinks.length > 0 ? own : attachmentLinks(content);
		}
		return item.param(name, fallback);
	};
	return { ...item, param };
}

/** The template (latest, or `version`), or a clear error saying what is missing. */
export async function requireTemplate(
	templates: TemplateReader,
	id: string,
	version?: number,
): Promise<StoredTemplate> {
	const stored = await templates.getTemplate(id, version);
	if (stored) return stored;
	const latest = version === undefined ? null : await templates.getTemplate(id);
	if (latest)
		throw new InputError(
			`Template '${latest.name}' has no version ${version} (its latest is ${latest.latestVersion})`,
			'Pin a version that exists, or set Version to Latest.',
		);
	throw new InputError(
		`Template '${id}' does not exist (or was deleted)`,
		'Pick a template from the list, or save one with the Communication Templates node.',
	);
}

async function loadTemplate(
	source: TemplateSource,
	id: string,
	pinned: number | undefined,
	channel: TemplateChannel,
): Promise<StoredTemplate> {
	const stored = await requireTemplate(await source(), id, pinned);
	if (stored.channel !== channel)
		throw new InputError(
			`Template '${stored.name}' is for ${CHANNEL_LABELS[stored.channel]}, not ${CHANNEL_LABELS[channel]}`,
			`Choose one of the ${CHANNEL_LABELS[channel]} templates.`,
		);
	return stored;
}

/** Applies the item's Template, if it has one; throws InputError for a missing template. */
export async function applyTemplate(
	item: ItemContext,
	source: TemplateSource,
	channel: TemplateChannel,
): Promise<TemplatedItem> {
	const id = templateIdOf(item.param(TEMPLATE_PARAMETERS.template, ''));
	if (!id) return { item, details: {} };
	const pinned =
		item.param(TEMPLATE_PARAMETERS.version, 'latest') === 'pinned'
			? pinnedVersionOf(item.param(TEMPLATE_PARAMETERS.pinnedVersion, 1))
			: undefined;
	const stored = await loadTemplate(source, id, pinned, channel);
	const language = pickLanguage(stored, participantLanguage(item.participant));
	const template = { id: stored.id, name: stored.name, version: stored.version, language };
	return { item: overlay(item, channel, stored.variants[language]), details: { template } };
}

/**
 * One store per execution, opened on first use; each template version is read once per execution
 * (Latest means the newest version when the execution, or a planned item's resume, sends).
 */
export function lazyTemplateSource(open: () => Promise<TemplateReader>): TemplateSource {
	let opened: Promise<TemplateReader> | undefined;
	const reads = new Map<string, ReturnType<TemplateReader['getTemplate']>>();
	const reader: TemplateReader = {
		getTemplate: async (id, version) => {
			const key = `${id}\n${version ?? 'latest'}`;
			let read = reads.get(key);
			if (!read) {
				read = (opened ??= open()).then(async (store) => await store.getTemplate(id, version));
				reads.set(key, read);
			}
			return await read;
		},
	};
	return async () => reader;
}

/** The template store of the node's ledger, opened on the first item that uses a template. */
export function templateSourceFor(ctx: Parameters<typeof ledgerFor>[0]): TemplateSource {
	return lazyTemplateSource(async () => await ledgerFor(ctx));
}
