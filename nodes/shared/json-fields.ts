// Type guards for the validated readers of stored JSON (ledger payloads, task data, handovers).
import type { IDataObject } from 'n8n-workflow';

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** The value when it is a string, else `fallback`. */
export function textOr<T extends string | null>(value: unknown, fallback: T): string | T {
	return typeof value === 'string' ? value : fallback;
}

/** JSON text parsed, or the parser's complaint (for an input error that names the field). */
export function parseJsonText(
	text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}
