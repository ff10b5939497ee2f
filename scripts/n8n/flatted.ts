// Decodes the `flatted` format n8n's REST API uses for execution data (circular-safe JSON), without a dependency.
import { isRecord } from './json';

/**
 * A flatted document is a JSON array: entry 0 is the root; inside objects and arrays every string is the
 * index of another entry (string values themselves are entries of their own).
 */
export function parseFlatted(text: string): unknown {
	const table: unknown = JSON.parse(text);
	if (!Array.isArray(table)) throw new Error('Not a flatted document');
	const revived = new Set<object>();
	const resolve = (value: unknown): unknown => {
		if (typeof value !== 'string') return value;
		const entry: unknown = table[Number(value)];
		if (typeof entry === 'object' && entry !== null) revive(entry);
		return entry;
	};
	const revive = (node: object): void => {
		if (revived.has(node)) return;
		revived.add(node);
		if (Array.isArray(node)) {
			for (let i = 0; i < node.length; i++) node[i] = resolve(node[i]);
		} else if (isRecord(node)) {
			for (const key of Object.keys(node)) node[key] = resolve(node[key]);
		}
	};
	const root: unknown = table[0];
	if (typeof root === 'object' && root !== null) revive(root);
	return root;
}
