// Merge fields for every node: one renderer for a node field's `{{ path }}` placeholders, with one
// message for "Fail on Missing Merge Fields" (the field's label, the missing fields and the fix).
import { InputError } from '../errors';
import { renderMergeFields, type MergeOptions } from './fields';

export {
	collectMergeFields,
	escapeHtml,
	renderMergeFields,
	type MergeOptions,
	type MergeResult,
} from './fields';

export interface RenderedField {
	text: string;
	warnings: string[];
}

/**
 * Renders one node field for an item. A missing value renders empty with a warning, or, when
 * `failOnMissing` is on, fails the item. `label` names the field ("Subject", "Body parameter 2").
 */
export function renderFieldForItem(
	label: string,
	template: string,
	participant: Record<string, unknown>,
	failOnMissing: boolean,
	options: MergeOptions = {},
): RenderedField {
	const { text, missing } = renderMergeFields(template, participant, options);
	if (missing.length === 0) return { text, warnings: [] };
	const list = missing.map((path) => `{{ ${path} }}`).join(', ');
	if (failOnMissing) {
		throw new InputError(
			`${label}: merge field ${list} has no value for this participant`,
			'Add the value to the item or the stored profile, or turn off "Fail on Missing Merge Fields" to send with an empty value.',
		);
	}
	return { text, warnings: [`${label}: merge field ${list} has no value and was left empty`] };
}
