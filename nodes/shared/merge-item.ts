// Renders one node field's merge fields for an item: missing values become warnings, or an item
// error when the item's "Fail on Missing Merge Fields" option is on.
import { InputError } from './errors';
import { renderMergeFields, type MergeOptions } from './merge';

export interface RenderedField {
	text: string;
	warnings: string[];
}

/** `label` names the field in messages ("Start Phrase", "Body parameter 2"). */
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
