// Searchable channel and user lists: the filter is applied while paging through Slack with its
// cursors, so a match on the last of thousands of channels shows up without "load more" clicks.
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { ProviderError } from '../../shared/errors';
import {
	createSlackClient,
	SLACK_CREDENTIAL,
	slackCredentials,
	type SlackClient,
	type SlackPage,
} from '../../shared/transport/slack';

const LIST_TIMEOUT_MS = 20_000;
/** Page size when browsing (Slack's recommendation) and when searching (Slack's maximum). */
const BROWSE_PAGE = 200;
const SEARCH_PAGE = 1000;
/** A search returns once it has this many matches; the rest come with the pagination token. */
const WANTED_MATCHES = 100;
/** Upper bound of pages read per call (20,000 channels when searching). */
const MAX_PAGES = 20;
/** Wait for a short Retry-After inside the editor rather than failing the list. */
const MAX_LIST_WAIT_MS = 10_000;

export interface PagedSearch {
	fetchPage: (cursor: string | undefined, limit: number) => Promise<SlackPage>;
	toItem: (entry: Record<string, unknown>) => INodeListSearchItems | undefined;
	filter?: string;
	paginationToken?: string;
}

async function withRateLimitWait<T>(run: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			const wait =
				error instanceof ProviderError && error.transient
					? (error.options.retryAfterMs ?? 1000)
					: undefined;
			if (wait === undefined || wait > MAX_LIST_WAIT_MS || attempt >= 3) throw error;
			await new Promise((resolve) => setTimeout(resolve, wait));
		}
	}
}

function matches(item: INodeListSearchItems, needle: string, extra: unknown[]): boolean {
	return [item.name, item.value, ...extra].some(
		(value) => typeof value === 'string' && value.toLowerCase().includes(needle),
	);
}

/**
 * Pages through Slack from `paginationToken`: without a filter one page; with a filter until
 * enough matches are found or the list ends. The token continues where this call stopped.
 */
export async function searchPaged(
	search: PagedSearch,
	searchable: (entry: Record<string, unknown>) => unknown[] = () => [],
): Promise<INodeListSearchResult> {
	const needle = (search.filter ?? '').trim().replace(/^[#@]/, '').toLowerCase();
	const limit = needle ? SEARCH_PAGE : BROWSE_PAGE;
	const results: INodeListSearchItems[] = [];
	let cursor = search.paginationToken || undefined;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const page = await withRateLimitWait(async () => await search.fetchPage(cursor, limit));
		for (const entry of page.items) {
			const item = search.toItem(entry);
			if (item && (!needle || matches(item, needle, searchable(entry)))) results.push(item);
		}
		cursor = page.nextCursor || undefined;
		if (!cursor || !needle || results.length >= WANTED_MATCHES) break;
	}
	return cursor ? { results, paginationToken: cursor } : { results };
}

async function clientFor(ctx: ILoadOptionsFunctions): Promise<SlackClient> {
	return await createSlackClient(
		slackCredentials(await ctx.getCredentials(SLACK_CREDENTIAL)),
		LIST_TIMEOUT_MS,
	);
}

function channelTypes(sendTo: unknown): string[] {
	if (sendTo === 'privateChannel') return ['private_channel'];
	if (sendTo === 'publicChannel') return ['public_channel'];
	return ['public_channel', 'private_channel'];
}

export function channelItem(entry: Record<string, unknown>): INodeListSearchItems | undefined {
	if (typeof entry.id !== 'string' || typeof entry.name !== 'string' || entry.is_archived === true)
		return undefined;
	return { name: `#${entry.name}`, value: entry.id };
}

export function userItem(entry: Record<string, unknown>): INodeListSearchItems | undefined {
	if (
		typeof entry.id !== 'string' ||
		entry.deleted === true ||
		entry.is_bot === true ||
		entry.id === 'USLACKBOT'
	)
		return undefined;
	const profile = (entry.profile ?? {}) as Record<string, unknown>;
	const realName =
		typeof entry.real_name === 'string' && entry.real_name ? entry.real_name : profile.real_name;
	const handle = typeof entry.name === 'string' ? entry.name : '';
	const label =
		typeof realName === 'string' && realName ? `${realName} (@${handle})` : `@${handle}`;
	return { name: label, value: entry.id };
}

function userSearchFields(entry: Record<string, unknown>): unknown[] {
	const profile = (entry.profile ?? {}) as Record<string, unknown>;
	return [entry.name, entry.real_name, profile.display_name, profile.email];
}

export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await clientFor(this);
	const types = channelTypes(this.getCurrentNodeParameter('sendTo'));
	return await searchPaged({
		fetchPage: async (cursor, limit) => await client.listConversations(types, cursor, limit),
		toItem: channelItem,
		filter,
		paginationToken,
	});
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await clientFor(this);
	return await searchPaged(
		{
			fetchPage: async (cursor, limit) =>
				await client.listUsers(cursor, Math.min(limit, BROWSE_PAGE)),
			toItem: userItem,
			filter,
			paginationToken,
		},
		userSearchFields,
	);
}
