// Dot paths into participant data (`address.city`): parse, read, write without losing siblings,
// and the deep overlay of an item with its stored profile.
import type { JsonObject, JsonValue } from '../shared/ledger/types';
import { InputError } from '../shared/errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
	);
}

/** `address.city` -> ['address', 'city']; `label` names the field in messages. */
export function parseAttributePath(raw: unknown, label: string): string[] {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '')
		throw new InputError(
			`${label} is empty`,
			'Enter an attribute name such as status or address.city.',
		);
	const path = text.split('.').map((key) => key.trim());
	if (path.some((key) => key === '')) {
		throw new InputError(
			`${label} '${text}' has an empty part`,
			'Separate nested attribute names with single dots and nothing else, e.g. address.city.',
		);
	}
	const forbidden = path.find((key) => FORBIDDEN_KEYS.has(key));
	if (forbidden)
		throw new InputError(
			`${label} '${text}' uses '${forbidden}', which cannot be an attribute name`,
		);
	return path;
}

/** The value at `path`, or undefined when any part is missing. Numeric parts index arrays. */
export function readPath(root: unknown, path: readonly string[]): unknown {
	let current = root;
	for (const key of path) {
		if (Array.isArray(current) && /^\d+$/.test(key)) {
			current = current[Number(key)];
		} else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, key)) {
			current = current[key];
		} else {
			return undefined;
		}
	}
	return current;
}

/**
 * Sets `path` in `root` (mutated), creating missing parent objects and keeping siblings.
 * A parent that holds something other than an object is an input error: writing through it
 * would silently destroy that value.
 */
export function writePath(
	root: Record<string, unknown>,
	path: readonly string[],
	value: unknown,
	label: string,
): void {
	let parent = root;
	for (const [depth, key] of path.slice(0, -1).entries()) {
		const child = parent[key];
		if (child === undefined || child === null) {
			parent[key] = {};
		} else if (!isPlainObject(child)) {
			const at = path.slice(0, depth + 1).join('.');
			const kind = Array.isArray(child) ? 'a list' : `a ${typeof child}`;
			throw new InputError(
				`${label} '${path.join('.')}' cannot be written: '${at}' holds ${kind}, not an object`,
				`Write '${at}' itself (type JSON), or choose an attribute path whose parents are objects.`,
			);
		} else {
			// Copied so the input item (shared with other branches) is never mutated.
			parent[key] = { ...child };
		}
		parent = parent[key] as Record<string, unknown>;
	}
	parent[path[path.length - 1]] = value;
}

/** `base` with `over` laid on top: objects merge key by key, anything else in `over` wins. */
export function deepOverlay(base: unknown, over: unknown): unknown {
	if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(over)) merged[key] = deepOverlay(base[key], value);
	return merged;
}

/**
 * Seeds for the ledger: for each parent of `path` where the item holds an object, that object,
 * written only if the stored profile has nothing there yet. Keeps an item's `address.zip` when
 * only `address.city` is updated and the profile had no `address` before.
 */
export function parentSeeds(
	source: unknown,
	path: readonly string[],
): Array<{ path: string[]; value: JsonValue; onlyIfMissing: true }> {
	const seeds: Array<{ path: string[]; value: JsonValue; onlyIfMissing: true }> = [];
	for (let depth = 1; depth < path.length; depth++) {
		const prefix = path.slice(0, depth);
		const value = readPath(source, prefix);
		if (!isPlainObject(value)) break;
		seeds.push({ path: prefix, value: value as JsonObject, onlyIfMissing: true });
	}
	return seeds;
}
