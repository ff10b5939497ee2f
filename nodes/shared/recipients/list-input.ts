// Turns whatever a recipients field holds (list text, JSON text, arrays, objects) into single entries.

/** One entry of a recipient list before it is validated. */
export type ListEntry =
	| { kind: 'text'; text: string }
	| { kind: 'object'; value: Record<string, unknown>; shown: string }
	| { kind: 'unusable'; shown: string };

/** Splits list text on separators, but never inside a quoted string or inside angle brackets. */
export function splitListText(text: string): string[] {
	const entries: string[] = [];
	let start = 0;
	let inQuotes = false;
	let angleDepth = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inQuotes) {
			// A backslash keeps the next character inside the quoted string.
			if (ch === '\\') i++;
			else if (ch === '"') inQuotes = false;
		} else if (ch === '"') {
			inQuotes = true;
		} else if (ch === '<') {
			angleDepth++;
		} else if (ch === '>' && angleDepth > 0) {
			angleDepth--;
		} else if ((ch === ',' || ch === ';') && angleDepth === 0) {
			entries.push(text.slice(start, i));
			start = i + 1;
		}
	}
	entries.push(start === 0 ? text : text.slice(start));
	// Whitespace (line breaks included) around an entry is layout, not content, so it is trimmed;
	// a line break inside an entry survives and is rejected by the validators.
	const kept: string[] = [];
	for (const entry of entries) {
		const trimmed = entry.trim();
		if (trimmed !== '') kept.push(trimmed);
	}
	return kept;
}

/** An expression may hand over a JSON array as text (e.g. `["a@x.com","b@y.com"]`). */
function parseJsonArrayText(text: string): unknown[] | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
	try {
		const parsed: unknown = JSON.parse(trimmed);
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** A short, single-line rendering of a value for problem messages. */
export function showValue(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value);
	}
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** Flattens strings, nested arrays and objects into entries, in input order. */
export function flattenListInput(input: unknown): ListEntry[] {
	const entries: ListEntry[] = [];
	const visit = (value: unknown, depth: number): void => {
		if (value === null || value === undefined) return;
		if (typeof value === 'string') {
			const jsonArray = parseJsonArrayText(value);
			if (jsonArray) {
				visit(jsonArray, depth);
				return;
			}
			for (const text of splitListText(value)) entries.push({ kind: 'text', text });
			return;
		}
		if (Array.isArray(value)) {
			// Deep nesting only comes from hostile or broken data; stop before the stack does.
			if (depth > 20) {
				entries.push({ kind: 'unusable', shown: '[nested too deeply]' });
				return;
			}
			for (const element of value) visit(element, depth + 1);
			return;
		}
		if (typeof value === 'number' || typeof value === 'bigint') {
			entries.push({ kind: 'text', text: String(value) });
			return;
		}
		if (typeof value === 'object' && !(value instanceof Date)) {
			entries.push({
				kind: 'object',
				value: value as Record<string, unknown>,
				shown: showValue(value),
			});
			return;
		}
		entries.push({ kind: 'unusable', shown: showValue(value) });
	};
	visit(input, 0);
	return entries;
}

/** The first string-valued field among `keys`, trimmed. */
export function pickStringField(
	value: Record<string, unknown>,
	keys: readonly string[],
): string | undefined {
	for (const key of keys) {
		if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
		const field = value[key];
		if (typeof field === 'string') return field.trim();
		if (typeof field === 'number' && Number.isFinite(field)) return String(field);
	}
	return undefined;
}
