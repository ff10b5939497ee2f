// The WhatsApp peer's message templates: Graph template objects built from the seed, the paged
// GET /{waba-id}/message_templates answer, and the parameter counts a send must match.
import type { WhatsAppTemplateSeed } from '../types';

const MEDIA_HEADERS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);
const GRAPH_DEFAULT_LIMIT = 25;

const numbered = (count: number) => Array.from({ length: count }, (_v, i) => `{{${i + 1}}}`);

/** What a send must carry for this template: header / body parameter counts and url buttons. */
export function expectedParameters(seed: WhatsAppTemplateSeed): {
	header: number;
	body: number;
	urlButtons: number[];
} {
	const media = MEDIA_HEADERS.has(seed.headerFormat ?? 'TEXT');
	const urlButtons = Array.from({ length: seed.urlButtons ?? 0 }, (_v, i) => i);
	return { header: media ? 1 : (seed.headerParams ?? 0), body: seed.bodyParams, urlButtons };
}

/** The template as Graph describes it: components with {{n}} placeholders and examples. */
export function graphTemplate(seed: WhatsAppTemplateSeed, index: number): Record<string, unknown> {
	const components: Array<Record<string, unknown>> = [];
	const format = seed.headerFormat ?? 'TEXT';
	if (MEDIA_HEADERS.has(format)) {
		components.push({
			type: 'HEADER',
			format,
			example: { header_handle: ['https://scontent.whatsapp.net/sandbox-sample'] },
		});
	} else if ((seed.headerParams ?? 0) > 0) {
		components.push({ type: 'HEADER', format: 'TEXT', text: `Update ${numbered(1).join('')}` });
	}
	const placeholders = numbered(seed.bodyParams);
	components.push({
		type: 'BODY',
		text: [`Message ${seed.name.replace(/_/g, ' ')}`, ...placeholders].join(' '),
		...(placeholders.length > 0
			? { example: { body_text: [placeholders.map((_p, i) => `sample ${i + 1}`)] } }
			: {}),
	});
	components.push({ type: 'FOOTER', text: 'Sandbox Business' });
	const buttons = [
		...Array.from({ length: seed.urlButtons ?? 0 }, (_v, i) => ({
			type: 'URL',
			text: `Open ${i + 1}`,
			url: `https://example.com/track/{{1}}`,
			example: [`https://example.com/track/sample${i + 1}`],
		})),
		...Array.from({ length: seed.quickReplies ?? 0 }, (_v, i) => ({
			type: 'QUICK_REPLY',
			text: `Reply ${i + 1}`,
		})),
	];
	if (buttons.length > 0) components.push({ type: 'BUTTONS', buttons });
	return {
		id: seed.id ?? String(1_028_400_000_000_000 + index * 7919),
		name: seed.name,
		language: seed.language,
		status: seed.status,
		category: seed.category ?? 'UTILITY',
		parameter_format: 'POSITIONAL',
		components,
	};
}

const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

function offsetOf(cursor: string | null): number | undefined {
	if (!cursor) return 0;
	const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

/**
 * One page of the list: `name` filters by substring, `status` by a comma list, `fields` picks
 * fields (id always). `paging.next` only when more follow; pages hold at most `pageLimit`.
 */
export function templateListPage(
	seeds: WhatsAppTemplateSeed[],
	query: URLSearchParams,
	pageLimit: number,
	selfUrl: string,
): { body: Record<string, unknown> } | { invalid: string } {
	const name = (query.get('name') ?? '').toLowerCase();
	const statuses = (query.get('status') ?? '').split(',').filter(Boolean);
	const all = seeds
		.map(graphTemplate)
		.filter((template) => !name || String(template.name).toLowerCase().includes(name))
		.filter((template) => statuses.length === 0 || statuses.includes(String(template.status)));
	const offset = offsetOf(query.get('after'));
	if (offset === undefined) return { invalid: 'Invalid after cursor' };
	const asked = Number(query.get('limit') ?? GRAPH_DEFAULT_LIMIT);
	const size = Math.max(
		1,
		Math.min(Number.isFinite(asked) ? asked : GRAPH_DEFAULT_LIMIT, pageLimit),
	);
	const fields = (query.get('fields') ?? '').split(',').filter(Boolean);
	const data = all
		.slice(offset, offset + size)
		.map((template) =>
			fields.length === 0
				? template
				: Object.fromEntries(
						Object.entries(template).filter(([key]) => key === 'id' || fields.includes(key)),
					),
		);
	if (data.length === 0) return { body: { data: [] } };
	const end = offset + data.length;
	const paging: Record<string, unknown> = {
		cursors: { before: cursorOf(offset), after: cursorOf(end) },
	};
	if (end < all.length) {
		const next = new URLSearchParams(query);
		next.set('after', cursorOf(end));
		paging.next = `${selfUrl}?${next.toString()}`;
	}
	return { body: { data, paging } };
}
