// Applies nested attribute writes (`address.city`) to a stored profile; both ledger backends run
// it inside their own atomic read-modify-write so concurrent writers never lose each other's keys.
import type { JsonObject } from './json';
import type { ProfilePathWrite } from './records';

/** Keys that would reach Object.prototype through plain-object assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws for a path the ledger must never store (empty, blank key, prototype keys). */
export function assertProfilePath(path: readonly string[]): void {
	if (path.length === 0)
		throw new Error('Communication ledger: a profile path needs at least one key');
	for (const key of path) {
		if (key === '')
			throw new Error(`Communication ledger: profile path '${path.join('.')}' has an empty key`);
		if (FORBIDDEN_KEYS.has(key)) {
			throw new Error(`Communication ledger: '${key}' cannot be used as a profile attribute name`);
		}
	}
}

/**
 * Returns a copy of `attributes` with each write applied in order. Missing or non-object
 * parents on the way are replaced by objects, because the write names the path it wants;
 * siblings of every parent are kept.
 */
export function applyProfileWrites(
	attributes: JsonObject,
	writes: readonly ProfilePathWrite[],
): JsonObject {
	const root: JsonObject = structuredClone(attributes);
	for (const write of writes) {
		assertProfilePath(write.path);
		let parent = root;
		for (const key of write.path.slice(0, -1)) {
			const child = parent[key];
			if (!isPlainObject(child)) parent[key] = {};
			parent = parent[key] as JsonObject;
		}
		const leaf = write.path[write.path.length - 1];
		if (write.onlyIfMissing && Object.prototype.hasOwnProperty.call(parent, leaf)) continue;
		parent[leaf] = structuredClone(write.value);
	}
	return root;
}
