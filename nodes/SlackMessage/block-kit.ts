// Block Kit JSON checked before sending, and the escaping Slack needs for values put into messages.
import { InputError } from '../shared/errors';
import { parseJsonText } from '../shared/json-fields';

const MAX_BLOCKS = 50;

/** Slack treats &, < and > as control characters (links, mentions); data must not trigger them. */
export function escapeSlackText(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value escaped for Slack and for a JSON string literal (merge fields inside Blocks JSON). */
export function escapeSlackJsonValue(value: string): string {
	return JSON.stringify(escapeSlackText(value)).slice(1, -1);
}

/**
 * The blocks array from Block Kit JSON: an array of blocks or `{ "blocks": [...] }` (what Block
 * Kit Builder exports), each block an object with a "type". Throws InputError saying what to fix.
 */
export function parseBlockKit(input: unknown): Array<Record<string, unknown>> {
	let parsed: unknown = input;
	if (typeof input === 'string') {
		if (input.trim() === '')
			throw new InputError('Blocks is empty: enter Block Kit JSON or switch Message Type to Text');
		const json = parseJsonText(input);
		if (!json.ok)
			throw new InputError(
				`Blocks is not valid JSON: ${json.problem}`,
				"Check the JSON, e.g. in Slack's Block Kit Builder.",
			);
		parsed = json.value;
	}
	const container = parsed as { blocks?: unknown } | null;
	const blocks: unknown = Array.isArray(parsed)
		? parsed
		: typeof parsed === 'object' && parsed !== null && 'blocks' in parsed
			? container?.blocks
			: undefined;
	if (!Array.isArray(blocks)) {
		throw new InputError(
			'Blocks must be a JSON array of blocks or an object with a "blocks" array (as Block Kit Builder exports it)',
		);
	}
	if (blocks.length === 0) throw new InputError('Blocks is an empty list: add at least one block');
	if (blocks.length > MAX_BLOCKS) {
		throw new InputError(
			`Slack accepts at most ${MAX_BLOCKS} blocks in one message; this one has ${blocks.length}`,
		);
	}
	blocks.forEach((block: unknown, index) => {
		if (typeof block !== 'object' || block === null || Array.isArray(block)) {
			throw new InputError(
				`Block ${index + 1} is not an object: each block is an object like { "type": "section", ... }`,
			);
		}
		const type = (block as { type?: unknown }).type;
		if (typeof type !== 'string' || type.trim() === '') {
			throw new InputError(
				`Block ${index + 1} has no "type" (e.g. "section", "divider", "header")`,
			);
		}
	});
	return blocks as Array<Record<string, unknown>>;
}
