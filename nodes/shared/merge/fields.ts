// The merge-field engine: finds `{{ path }}` and `[[ path ]]` placeholders in text and fills them from
// the participant's data (aliases, escaping, missing fields listed).

export interface MergeResult {
	text: string;
	missing: string[];
}

export interface MergeOptions {
	/**
	 * `html` escapes inserted values (never the template) so data cannot inject markup; a function
	 * escapes values for another markup (e.g. Telegram MarkdownV2).
	 */
	escape?: 'none' | 'html' | ((value: string) => string);
}

// `[[ path ]]` means the same as `{{ path }}`: n8n's editor turns typed `{{ }}` into an expression and
// its HTML editor evaluates `{{ }}`, while it leaves `[[ ]]` alone in every field type and mode.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}|\[\[\s*((?:[^[\]]|\[[^[\]]*\])*?)\s*\]\]/g;
const IDENTIFIER = /^[\p{L}\p{N}_-]+/u;
const BRACKET_INDEX = /^\[(?:(\d+)|'([^']*)'|"([^"]*)")\]/;
// The participant IS the contact: `{{ contact.first_name }}` also reads `first_name` on the item.
const PARTICIPANT_PREFIXES = new Set(['contact', 'participant']);
const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** n8n resolves its own expressions before the node runs; anything that looks like one is not ours. */
function isN8nExpression(content: string): boolean {
	return content.startsWith('$') || content.includes('(');
}

/** Splits `items[0].name`, `items.0.name` or `a['b c']` into segments; undefined if not a path. */
function parsePath(content: string): string[] | undefined {
	const segments: string[] = [];
	let rest = content;
	const first = IDENTIFIER.exec(rest);
	if (!first) return undefined;
	segments.push(first[0]);
	rest = rest.slice(first[0].length);
	while (rest !== '') {
		if (rest.startsWith('.')) {
			const identifier = IDENTIFIER.exec(rest.slice(1));
			if (!identifier) return undefined;
			segments.push(identifier[0]);
			rest = rest.slice(1 + identifier[0].length);
			continue;
		}
		const bracket = BRACKET_INDEX.exec(rest);
		if (!bracket) return undefined;
		segments.push(bracket[1] ?? bracket[2] ?? bracket[3]);
		rest = rest.slice(bracket[0].length);
	}
	return segments;
}

function childOf(parent: unknown, segment: string): unknown {
	if (parent === null || typeof parent !== 'object') return undefined;
	if (Array.isArray(parent)) return /^\d+$/.test(segment) ? parent[Number(segment)] : undefined;
	// Own properties only, so `constructor` or `__proto__` never leak into a message.
	if (!Object.prototype.hasOwnProperty.call(parent, segment)) return undefined;
	return (parent as Record<string, unknown>)[segment];
}

function lookupPath(root: unknown, segments: readonly string[]): unknown {
	let current = root;
	for (const segment of segments) {
		current = childOf(current, segment);
		if (current === undefined) return undefined;
	}
	return current;
}

function nonEmptyText(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** `name` falls back to `full_name`, then to first and last name, on the same object. */
function nameAlias(parent: unknown): string | undefined {
	const fullName =
		nonEmptyText(childOf(parent, 'full_name')) ?? nonEmptyText(childOf(parent, 'fullName'));
	if (fullName) return fullName;
	const first =
		nonEmptyText(childOf(parent, 'first_name')) ?? nonEmptyText(childOf(parent, 'firstName'));
	const last =
		nonEmptyText(childOf(parent, 'last_name')) ?? nonEmptyText(childOf(parent, 'lastName'));
	const joined = [first, last].filter((part) => part !== undefined).join(' ');
	return joined === '' ? undefined : joined;
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null;
}

function resolveWithAlias(root: unknown, segments: readonly string[]): unknown {
	const direct = lookupPath(root, segments);
	if (isPresent(direct) || segments[segments.length - 1] !== 'name') return direct;
	return nameAlias(lookupPath(root, segments.slice(0, -1)));
}

function resolvePath(data: Record<string, unknown>, segments: readonly string[]): unknown {
	const value = resolveWithAlias(data, segments);
	if (isPresent(value) || segments.length < 2 || !PARTICIPANT_PREFIXES.has(segments[0]))
		return value;
	return resolveWithAlias(data, segments.slice(1));
}

/** Text for a value, or undefined when there is nothing meaningful to insert. */
function renderValue(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value);
	}
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	if (typeof value !== 'object') return undefined;
	try {
		// Date-like objects (luxon DateTime) say how they want to be shown through toJSON.
		const toJSON = (value as { toJSON?: unknown }).toJSON;
		if (typeof toJSON === 'function') {
			const json: unknown = toJSON.call(value);
			if (typeof json === 'string') return json;
		}
		return JSON.stringify(value);
	} catch {
		// Circular or hostile data renders as missing rather than failing the whole message.
		return undefined;
	}
}

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** The merge-field path inside a placeholder, or undefined when the placeholder is not ours. */
function mergeFieldPath(content: string): { path: string; segments: string[] } | undefined {
	if (isN8nExpression(content)) return undefined;
	const segments = parsePath(content);
	return segments ? { path: content, segments } : undefined;
}

/**
 * Replaces `{{ path }}` placeholders with values from `data`. Missing values render empty and are
 * listed in `missing` (unique, in order of appearance); n8n-expression-like placeholders are kept.
 */
export function renderMergeFields(
	template: string,
	data: Record<string, unknown>,
	options: MergeOptions = {},
): MergeResult {
	const missing: string[] = [];
	const text = template.replace(
		PLACEHOLDER,
		(placeholder: string, braces?: string, brackets?: string) => {
			const field = mergeFieldPath(braces ?? brackets ?? '');
			if (!field) return placeholder;
			const rendered = renderValue(resolvePath(data, field.segments));
			if (rendered === undefined) {
				if (!missing.includes(field.path)) missing.push(field.path);
				return '';
			}
			if (typeof options.escape === 'function') return options.escape(rendered);
			return options.escape === 'html' ? escapeHtml(rendered) : rendered;
		},
	);
	return { text, missing };
}

/** The merge-field paths a template uses (unique, in order), for validation and hints. */
export function collectMergeFields(template: string): string[] {
	const paths: string[] = [];
	for (const match of template.matchAll(PLACEHOLDER)) {
		const field = mergeFieldPath(match[1] ?? match[2] ?? '');
		if (field && !paths.includes(field.path)) paths.push(field.path);
	}
	return paths;
}
