// Picks a template's language variant for a participant: exact tag, then base language, then default.
import type { IDataObject } from 'n8n-workflow';

import { normalizeLanguage, type StoredTemplate } from '../ledger/templates';

/** The participant's `language`, else `locale` attribute, as a tag; undefined when unusable. */
export function participantLanguage(participant: IDataObject): string | undefined {
	for (const key of ['language', 'locale']) {
		const value = participant[key];
		if (typeof value !== 'string' || !value.trim()) continue;
		try {
			return normalizeLanguage(value);
		} catch {
			// A malformed attribute (e.g. "English") falls through to the next one or the default.
		}
	}
	return undefined;
}

/**
 * `es-MX` -> the `es-MX` variant, else `es`, else the template's default language. `wanted`
 * undefined means the default.
 */
export function pickLanguage(
	template: Pick<StoredTemplate, 'variants' | 'defaultLanguage'>,
	wanted: string | undefined,
): string {
	if (wanted) {
		if (template.variants[wanted]) return wanted;
		const base = wanted.split('-')[0];
		if (template.variants[base]) return base;
	}
	return template.defaultLanguage;
}
