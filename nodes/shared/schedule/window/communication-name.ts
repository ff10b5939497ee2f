// Validates the Communication Name that identifies a communication in the ledger and in Cancel/Dispatcher lookups.
import { describeValue, WindowInputError } from './inputs';

const NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const MAX_LENGTH = 100;

/** The name as UPPER_SNAKE_CASE, offered in the error when that would be valid. */
function suggestName(name: string): string {
	const suggestion = name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.toUpperCase();
	return NAME_PATTERN.test(suggestion) && suggestion.length <= MAX_LENGTH
		? suggestion
		: 'APPOINTMENT_REMINDER';
}

/**
 * The trimmed Communication Name: UPPER_SNAKE_CASE (a capital letter, then capitals, digits and
 * underscores), at most 100 characters. Names are not silently upper-cased: two spellings
 * that normalise alike would then address the same planned communications.
 * @throws WindowInputError saying what to fix, with a suggested valid name.
 */
export function validateCommunicationName(name: unknown): string {
	if (typeof name !== 'string' || name.trim() === '') {
		const problem =
			typeof name === 'string' || name === undefined || name === null
				? 'is empty'
				: `must be text, not ${describeValue(name)}`;
		throw new WindowInputError(
			`Communication Name ${problem}; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER`,
		);
	}
	const trimmed = name.trim();
	if (trimmed.length > MAX_LENGTH) {
		throw new WindowInputError(
			`Communication Name is ${trimmed.length} characters long; shorten it to at most ${MAX_LENGTH}`,
		);
	}
	if (!NAME_PATTERN.test(trimmed)) {
		throw new WindowInputError(
			`Communication Name '${trimmed}' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. ${suggestName(trimmed)}`,
		);
	}
	return trimmed;
}
