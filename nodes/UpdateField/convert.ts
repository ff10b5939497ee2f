// Converts an assignment's value to its declared type (string, number, boolean, date, JSON or
// as-is), with messages that say what to fix.
import { DateTime } from 'luxon';

import { InputError } from '../shared/errors';
import { parseJsonText } from '../shared/json-fields';
import type { JsonValue } from '../shared/ledger/types';

export const VALUE_TYPES = ['string', 'number', 'boolean', 'date', 'json', 'any'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SHOWN = 60;

function shown(value: unknown): string {
	let text: string;
	if (typeof value === 'string') text = `'${value}'`;
	else if (value === undefined) text = 'nothing';
	else if (typeof value === 'number') text = String(value);
	else text = JSON.stringify(value) ?? String(value);
	return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

/** Throws when `value` cannot be stored as JSON (functions, NaN, class instances...). */
export function asJsonValue(value: unknown, label: string): JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		throw new InputError(
			`${label}: ${String(value)} cannot be stored`,
			'Only finite numbers can be saved.',
		);
	}
	if (Array.isArray(value)) return value.map((entry) => asJsonValue(entry, label));
	if (value instanceof Date || DateTime.isDateTime(value)) return toIsoDate(value, 'UTC', label);
	if (
		typeof value === 'object' &&
		value !== null &&
		Object.getPrototypeOf(value) === Object.prototype
	) {
		const result: Record<string, JsonValue> = {};
		for (const [key, entry] of Object.entries(value)) {
			if (entry !== undefined) result[key] = asJsonValue(entry, label);
		}
		return result;
	}
	throw new InputError(
		`${label}: a ${typeof value} value cannot be stored`,
		'Use text, numbers, booleans, lists or objects.',
	);
}

function toNumber(value: unknown, label: string): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.trim());
		if (Number.isFinite(parsed)) return parsed;
	}
	throw new InputError(
		`${label}: ${shown(value)} is not a number`,
		'Use digits with a dot as the decimal separator and no thousands separators, e.g. 42 or 1234.5.',
	);
}

function toBoolean(value: unknown, label: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	throw new InputError(
		`${label}: ${shown(value)} is not a boolean`,
		'Use true or false (yes/no, on/off and 1/0 are accepted too).',
	);
}

function fromText(text: string, zone: string): DateTime {
	const trimmed = text.trim();
	const lower = trimmed.toLowerCase();
	if (lower === 'now') return DateTime.now().setZone(zone);
	if (lower === 'today') return DateTime.now().setZone(zone).startOf('day');
	for (const parse of [
		DateTime.fromISO,
		DateTime.fromRFC2822,
		DateTime.fromHTTP,
		DateTime.fromSQL,
	]) {
		const parsed = parse(trimmed, { zone, setZone: true });
		if (parsed.isValid) return parsed;
	}
	return DateTime.invalid('unparsable');
}

/**
 * ISO 8601 text for a date value: a date-only input stays a date (`2024-05-31`), anything with a
 * time becomes a full timestamp with its offset. Times without an offset are read in `zone`.
 */
export function toIsoDate(value: unknown, zone: string, label: string): string {
	if (typeof value === 'string' && DATE_ONLY.test(value.trim())) {
		const date = DateTime.fromISO(value.trim(), { zone });
		if (date.isValid) return value.trim();
	}
	if (typeof value === 'string' && value.trim().toLowerCase() === 'today') {
		return DateTime.now().setZone(zone).toISODate() ?? '';
	}
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone });
	else if (typeof value === 'number' && Number.isFinite(value))
		parsed = DateTime.fromMillis(value, { zone });
	else if (typeof value === 'string') parsed = fromText(value, zone);
	else parsed = DateTime.invalid('unsupported');
	const iso = parsed.isValid ? parsed.toISO({ suppressMilliseconds: true }) : null;
	if (iso === null) {
		throw new InputError(
			`${label}: ${shown(value)} is not a date`,
			'Use ISO 8601 such as 2024-05-31 or 2024-05-31T14:30:00+02:00 (a time without offset is read in the participant\'s or the workflow\'s time zone), "now", "today", or milliseconds since 1970.',
		);
	}
	return iso;
}

function toJson(value: unknown, label: string): JsonValue {
	if (typeof value !== 'string') return asJsonValue(value, label);
	const json = parseJsonText(value);
	if (!json.ok)
		throw new InputError(
			`${label}: ${shown(value)} is not valid JSON (${json.problem})`,
			'Write JSON with double quotes around keys and text, e.g. {"plan": "pro", "seats": 5} or ["a", "b"]. For plain text choose the type String.',
		);
	return json.value as JsonValue;
}

function toText(value: unknown, label: string): string {
	if (typeof value === 'string') return value;
	if (value === null) return '';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date || DateTime.isDateTime(value)) return toIsoDate(value, 'UTC', label);
	return JSON.stringify(asJsonValue(value, label));
}

/** `label` names the assignment in messages, e.g. "Assignment 2 (address.city)". */
export function convertValue(
	value: unknown,
	type: ValueType,
	options: { zone: string; label: string },
): JsonValue {
	const { label } = options;
	if (value === undefined) throw new InputError(`${label}: there is no value to write`);
	switch (type) {
		case 'string':
			return toText(value, label);
		case 'number':
			return toNumber(value, label);
		case 'boolean':
			return toBoolean(value, label);
		case 'date':
			return toIsoDate(value, options.zone, label);
		case 'json':
			return toJson(value, label);
		case 'any':
			return asJsonValue(value, label);
	}
}

export function isValueType(value: unknown): value is ValueType {
	return typeof value === 'string' && (VALUE_TYPES as readonly string[]).includes(value);
}
