// The Template picker: the WhatsApp Business Account's APPROVED templates from Graph, with their
// language and category, searched by name while paging with Graph's cursors.
import { NodeOperationError } from 'n8n-workflow';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	WHATSAPP_CREDENTIAL,
	WhatsAppClient,
	whatsAppCredentials,
} from '../../shared/transport/whatsapp';
import type { MessageTemplate } from '../../shared/transport/whatsapp-templates';
import { templateChoiceValue } from '../template-rules';

const LIST_TIMEOUT_MS = 20_000;
const PAGE_SIZE = 100;
/** A call returns once it has this many entries; the rest come with the pagination token. */
const WANTED = 50;
/** Upper bound of Graph pages read per call. */
const MAX_PAGES = 10;

export const MISSING_ACCOUNT_ID =
	'Enter the WhatsApp Business Account ID in the WhatsApp credential to list its templates (WhatsApp Manager > Account tools), or choose "By Name" and type the template name';

function lower(value: string): string {
	return value.toLowerCase().replace(/_/g, ' ');
}

export function templateItem(template: MessageTemplate): INodeListSearchItems {
	const category = template.category ? ` · ${lower(template.category)}` : '';
	return {
		name: `${template.name} (${template.language}${category})`,
		value: templateChoiceValue(template),
	};
}

export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = whatsAppCredentials(await this.getCredentials(WHATSAPP_CREDENTIAL));
	if (!credentials.businessAccountId)
		throw new NodeOperationError(this.getNode(), MISSING_ACCOUNT_ID);
	const client = new WhatsAppClient(credentials, LIST_TIMEOUT_MS);
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let after = paginationToken || undefined;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const page = await client.listTemplates({ after, limit: PAGE_SIZE });
		for (const template of page.templates) {
			if (template.status !== 'APPROVED') continue;
			if (needle && !template.name.toLowerCase().includes(needle)) continue;
			results.push(templateItem(template));
		}
		after = page.after;
		if (!after || results.length >= WANTED) break;
	}
	return after ? { results, paginationToken: after } : { results };
}
