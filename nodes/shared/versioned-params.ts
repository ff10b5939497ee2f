// Node versions that move rarely-used parameters into Options: the version conditions and one reader for both places.
import type { INodeProperties } from 'n8n-workflow';

import { isObject } from './json-fields';

/** Reads a node parameter (an item's `param`, or getNodeParameter bound to an item). */
export type ParamReader = (name: string, fallback?: unknown) => unknown;

function showFor(
	property: INodeProperties,
	version: NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>['@version'],
): INodeProperties {
	const own = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...own, show: { ...own.show, '@version': version } } };
}

/** The property as shown on version 1 nodes only (where it kept its top-level place). */
export function version1Only(property: INodeProperties): INodeProperties {
	return showFor(property, [1]);
}

/** The property as shown on version 2 and later nodes only. */
export function fromVersion2(property: INodeProperties): INodeProperties {
	return showFor(property, [{ _cnd: { gte: 2 } }]);
}

/**
 * A parameter that version 2 moved into the Options collection: its value in Options when set
 * there, else the top-level one (version 1 workflows), else `fallback`.
 */
export function movedParam(read: ParamReader, name: string, fallback: unknown): unknown {
	const options = read('options', {});
	if (isObject(options) && options[name] !== undefined) return options[name];
	return read(name, fallback);
}
