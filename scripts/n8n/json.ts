// Narrowing helpers for JSON of unknown shape (n8n REST answers, example files).

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown, what: string): JsonRecord {
	if (!isRecord(value))
		throw new Error(`${what}: expected an object, got ${JSON.stringify(value)?.slice(0, 200)}`);
	return value;
}

export function asArray(value: unknown, what: string): unknown[] {
	if (!Array.isArray(value))
		throw new Error(`${what}: expected an array, got ${JSON.stringify(value)?.slice(0, 200)}`);
	return value;
}

export function stringField(record: JsonRecord, key: string): string | undefined {
	const value = record[key];
	return typeof value === 'string' ? value : undefined;
}

export function requireString(record: JsonRecord, key: string, what: string): string {
	const value = stringField(record, key);
	if (value === undefined) throw new Error(`${what}: missing string field '${key}'`);
	return value;
}
