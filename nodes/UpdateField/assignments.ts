// Applies one item's assignments in order: resolve each value (constant or another attribute),
// convert it to its type, write it at its dot path, and collect the ledger writes.
import { InputError } from '../shared/errors';
import type { JsonValue, ProfilePathWrite } from '../shared/ledger/types';
import { parentSeeds, parseAttributePath, readPath, writePath } from './attribute-path';
import { convertValue, isValueType, type ValueType } from './convert';

export interface Assignment {
	attribute: string;
	valueFrom: 'constant' | 'attribute';
	value: unknown;
	sourceAttribute: string;
	type: ValueType;
}

export interface AppliedAssignments {
	/** The target object (participant item JSON or customer profile) with every write applied. */
	target: Record<string, unknown>;
	/** What to persist: parent seeds (only where nothing is stored) followed by the writes. */
	writes: ProfilePathWrite[];
	/** attribute path -> converted value, in order, for the output. */
	written: Array<{ attribute: string; value: JsonValue }>;
}

function textOf(value: unknown): string {
	return typeof value === 'string'
		? value
		: value === undefined || value === null
			? ''
			: String(value);
}

/** Normalises the raw fixedCollection rows; the row number (1-based) names each in messages. */
export function readAssignments(raw: unknown): Assignment[] {
	const rows = Array.isArray(raw) ? raw : [];
	return rows.map((row, index) => {
		const fields = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
		const type = fields.type ?? 'string';
		if (!isValueType(type))
			throw new InputError(`Assignment ${index + 1}: unknown type '${textOf(type)}'`);
		return {
			attribute: textOf(fields.attribute),
			valueFrom: fields.valueFrom === 'attribute' ? 'attribute' : 'constant',
			value: fields.value,
			sourceAttribute: textOf(fields.sourceAttribute),
			type,
		};
	});
}

/**
 * `target` is what the attributes are written into. `view` is what references read: the
 * participant with its stored profile, the target placed at `viewPrefix` ([] for the participant,
 * ['customer'] for the customer profile); every write lands in it too, so a later assignment
 * sees an earlier one. `seedSource` provides the parent objects seeded into the profile.
 */
export function applyAssignments(
	assignments: readonly Assignment[],
	options: {
		target: Record<string, unknown>;
		view: Record<string, unknown>;
		viewPrefix: string[];
		seedSource: unknown;
		zone: string;
	},
): AppliedAssignments {
	if (assignments.length === 0) {
		throw new InputError(
			'No assignments to apply',
			'Add at least one assignment with an attribute and a value.',
		);
	}
	const target = { ...options.target };
	const view = { ...options.view };
	const writes: ProfilePathWrite[] = [];
	const written: Array<{ attribute: string; value: JsonValue }> = [];
	for (const [index, assignment] of assignments.entries()) {
		const number = index + 1;
		const path = parseAttributePath(assignment.attribute, `Assignment ${number}: attribute`);
		const label = `Assignment ${number} (${path.join('.')})`;
		let raw = assignment.value;
		if (assignment.valueFrom === 'attribute') {
			const source = parseAttributePath(assignment.sourceAttribute, `${label}: source attribute`);
			raw = readPath(view, source);
			if (raw === undefined) {
				throw new InputError(
					`${label}: the source attribute '${source.join('.')}' has no value for this participant`,
					'Check the attribute name (nested names use dots, e.g. address.city), or use a constant value.',
				);
			}
		}
		const value = convertValue(raw, assignment.type, { zone: options.zone, label });
		writePath(target, path, value, `Assignment ${number}: attribute`);
		writePath(view, [...options.viewPrefix, ...path], value, `Assignment ${number}: attribute`);
		writes.push(...parentSeeds(options.seedSource, path), { path, value });
		written.push({ attribute: path.join('.'), value });
	}
	return { target, writes, written };
}
