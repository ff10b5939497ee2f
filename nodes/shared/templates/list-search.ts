// The sending nodes' template picker: saved templates of one channel, searchable, a page at a time.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ledgerFor } from '../ledger/access';
import type { TemplateChannel, TemplateSummary } from '../ledger/templates';

const PAGE_SIZE = 50;

/** "Reminder (v3, de/en)": the name, its latest version and languages (and channel, when asked). */
export function templateLabel(template: TemplateSummary, withChannel = false): string {
	const channel = withChannel ? `${template.channel}, ` : '';
	return `${template.name} (${channel}v${template.latestVersion}, ${template.languages.join('/')})`;
}

/** A listSearch method over the ledger's templates of `channel` (undefined: every channel). */
export function templateListSearch(channel?: TemplateChannel) {
	return async function searchTemplates(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const ledger = await ledgerFor(this);
		const offset = Number(paginationToken ?? 0);
		const page = await ledger.listTemplates({
			channel,
			search: filter,
			limit: PAGE_SIZE,
			offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
		});
		return {
			results: page.templates.map((template) => ({
				name: templateLabel(template, channel === undefined),
				value: template.id,
			})),
			paginationToken: page.nextOffset === null ? undefined : String(page.nextOffset),
		};
	};
}
