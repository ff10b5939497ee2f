// Checks links users hand to a provider (media, status callbacks, TwiML, recordings): absolute http(s).
import { InputError } from './errors';

const UNSAFE = /[\s\u0000-\u001f\u007f]/;
// A comma only separates two links when another link follows it: commas are legal inside URLs.
const LIST_SEPARATOR = /\s+|,(?=\s*https?:\/\/)/i;

function shown(value: string): string {
	const oneLine = value.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
	return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

/** One absolute http(s) URL, trimmed; throws InputError naming the field otherwise. */
export function parseHttpUrl(label: string, raw: unknown): string {
	if (typeof raw !== 'string')
		throw new InputError(`${label} must be a URL, not ${raw === null ? 'null' : typeof raw}`);
	const text = raw.trim();
	if (!text) throw new InputError(`${label} is empty`);
	if (UNSAFE.test(text))
		throw new InputError(`${label} '${shown(text)}' contains spaces or control characters`);
	if (!URL.canParse(text))
		throw new InputError(
			`${label} '${shown(text)}' is not an absolute URL (it must start with https:// or http://)`,
		);
	const url = new URL(text);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new InputError(`${label} '${shown(text)}' must be an http or https link`);
	}
	return text;
}

/** An optional URL: empty means "not set". */
export function parseOptionalHttpUrl(label: string, raw: unknown): string | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	return parseHttpUrl(label, raw);
}

/** Links from text (one per line, or separated by spaces or commas) or an array; de-duplicated. */
export function parseHttpUrlList(label: string, raw: unknown): string[] {
	const entries: unknown[] = Array.isArray(raw)
		? raw.flat()
		: typeof raw === 'string'
			? raw.split(LIST_SEPARATOR)
			: raw === undefined || raw === null
				? []
				: [raw];
	const urls: string[] = [];
	for (const entry of entries) {
		const value =
			typeof entry === 'object' && entry !== null && 'url' in entry
				? (entry as { url: unknown }).url
				: entry;
		if (typeof value === 'string' && value.trim().replace(/,$/, '') === '') continue;
		const url = parseHttpUrl(
			`${label} entry`,
			typeof value === 'string' ? value.trim().replace(/,$/, '') : value,
		);
		if (!urls.includes(url)) urls.push(url);
	}
	return urls;
}
