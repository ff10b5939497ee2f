// JSON values as the ledger stores them, and the one way to turn any value into a stored JSON object.

export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function isJsonObject(value: JsonValue): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep JSON copy of `value`, exactly as it would be stored: fields that are undefined (or
 * functions) are dropped, undefined array entries become null, dates become ISO strings
 * (anything with `toJSON` is converted by it). Throws when `value` is not an object once
 * converted (an array, a primitive, undefined) or cannot be written as JSON (cycles, BigInt).
 */
export function toJsonObject(value: unknown): JsonObject {
	const text = JSON.stringify(value);
	const copy: JsonValue = text === undefined ? null : (JSON.parse(text) as JsonValue);
	if (!isJsonObject(copy)) {
		throw new Error('Communication ledger: only an object can be stored as a JSON object');
	}
	return copy;
}
