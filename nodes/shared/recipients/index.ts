// Parses, validates and de-duplicates every list of email addresses or phone numbers the nodes take.
import {
	formatEmailAddress,
	NOT_AN_EMAIL,
	parseEmailEntry,
	parseEmailParts,
	type EmailAddress,
	type EntryCheck,
	type ParsedEmail,
} from './email-address';
import {
	flattenListInput,
	pickStringField,
	showValue,
	splitListText,
	type ListEntry,
} from './list-input';
import { checkPhoneNumber, resolveDefaultCountry } from './phone-number';
import { InputError } from '../errors';

export { formatEmailAddress, type EmailAddress };

/** Why one entry was refused; callers compose it with `describeRecipientProblem`. */
export interface RecipientProblem {
	input: string;
	reason: string;
}

export interface EmailListResult {
	valid: EmailAddress[];
	invalid: RecipientProblem[];
}

export interface PhoneListResult {
	valid: string[];
	invalid: RecipientProblem[];
}

export type SingleEmailResult =
	{ ok: true; value: EmailAddress } | { ok: false; problem: RecipientProblem };
export type SinglePhoneResult =
	{ ok: true; e164: string } | { ok: false; problem: RecipientProblem };

type Checked<T> = { ok: true; value: T } | { ok: false; problem: RecipientProblem };

const EMAIL_OBJECT_KEYS = ['address', 'email'] as const;
const PHONE_OBJECT_KEYS = ['phone', 'number', 'e164', 'phoneNumber'] as const;
const MAX_SHOWN_INPUT = 120;

function problem(input: string, reason: string): { ok: false; problem: RecipientProblem } {
	return { ok: false, problem: { input, reason } };
}

function checkEmailEntry(entry: ListEntry): Checked<ParsedEmail> {
	if (entry.kind === 'unusable') return problem(entry.shown, NOT_AN_EMAIL);
	let parsed: EntryCheck<ParsedEmail>;
	let shown: string;
	if (entry.kind === 'text') {
		shown = entry.text;
		parsed = parseEmailEntry(entry.text);
	} else {
		const address = pickStringField(entry.value, EMAIL_OBJECT_KEYS);
		if (address === undefined) return problem(entry.shown, 'has no email address');
		shown = address;
		if (splitListText(address).length > 1) return problem(shown, 'contains more than one address');
		const name = entry.value.name;
		parsed = parseEmailParts(typeof name === 'string' ? name : undefined, address);
	}
	return parsed.ok ? { ok: true, value: parsed.value } : problem(shown, parsed.reason);
}

/** Every entry in input order, before de-duplication. */
function checkEmailEntries(input: unknown): Array<Checked<ParsedEmail>> {
	return flattenListInput(input).map(checkEmailEntry);
}

/** Keeps the first of each key; problems are kept once per distinct input and reason. */
function deduplicate<T>(
	checked: Array<Checked<T>>,
	keyOf: (value: T) => string,
): { valid: T[]; invalid: RecipientProblem[] } {
	const valid: T[] = [];
	const invalid: RecipientProblem[] = [];
	// One entry or none has nothing to de-duplicate against (the usual To, CC, BCC and Reply-To).
	if (checked.length < 2) {
		for (const result of checked)
			if (result.ok) valid.push(result.value);
			else invalid.push(result.problem);
		return { valid, invalid };
	}
	const seen = new Set<string>();
	const seenProblems = new Set<string>();
	for (const result of checked) {
		if (result.ok) {
			const key = keyOf(result.value);
			if (seen.has(key)) continue;
			seen.add(key);
			valid.push(result.value);
		} else {
			const key = `${result.problem.input}\u0000${result.problem.reason}`;
			if (seenProblems.has(key)) continue;
			seenProblems.add(key);
			invalid.push(result.problem);
		}
	}
	return { valid, invalid };
}

/**
 * Reads a list of email addresses from text (`a@x.com; Name <b@y.com>`), arrays, `{ name, address }`
 * or `{ email }` objects. Duplicates (case-insensitive) keep their first occurrence.
 */
export function parseEmailList(input: unknown): EmailListResult {
	const { valid, invalid } = deduplicate(checkEmailEntries(input), (parsed) => parsed.key);
	return { valid: valid.map((parsed) => parsed.value), invalid };
}

/** Reads a field that must hold exactly one address (From, Reply-To, Send Test To). */
export function parseEmailAddress(input: unknown): SingleEmailResult {
	const checked = checkEmailEntries(input);
	if (checked.length === 0) return problem('', 'is empty');
	if (checked.length > 1) return problem(showValue(input), 'contains more than one address');
	const [only] = checked;
	return only.ok ? { ok: true, value: only.value.value } : only;
}

/** The one address a field holds, or an InputError that names the field and what is wrong. */
export function requireEmailAddress(label: string, input: unknown): EmailAddress {
	const parsed = parseEmailAddress(input);
	if (!parsed.ok) throw new InputError(describeRecipientProblem(label, parsed.problem));
	return parsed.value;
}

/** `CC entry 'bob@' is not an email address`; the input is shown on one line and shortened. */
export function describeRecipientProblem(label: string, p: RecipientProblem): string {
	let shown = p.input.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
	if (shown.length > MAX_SHOWN_INPUT) shown = `${shown.slice(0, MAX_SHOWN_INPUT - 3)}...`;
	return `${label} entry '${shown}' ${p.reason}`;
}

function checkPhoneEntry(
	entry: ListEntry,
	country: Parameters<typeof checkPhoneNumber>[1],
): Checked<string> {
	if (entry.kind === 'unusable') return problem(entry.shown, 'is not a valid phone number');
	let text: string;
	if (entry.kind === 'text') {
		text = entry.text;
	} else {
		const field = pickStringField(entry.value, PHONE_OBJECT_KEYS);
		if (field === undefined) return problem(entry.shown, 'has no phone number');
		text = field;
		if (splitListText(text).length > 1) return problem(text, 'contains more than one phone number');
	}
	const checked = checkPhoneNumber(text, country);
	return checked.ok ? { ok: true, value: checked.e164 } : problem(text, checked.reason);
}

function checkPhoneEntries(
	input: unknown,
	defaultCountry: string | undefined,
): Array<Checked<string>> {
	const entries = flattenListInput(input);
	const country = resolveDefaultCountry(defaultCountry);
	if (!country.ok) {
		const { reason } = country;
		return entries.map((entry) =>
			problem(entry.kind === 'text' ? entry.text : entry.shown, reason),
		);
	}
	return entries.map((entry) => checkPhoneEntry(entry, country.country));
}

/**
 * Reads one phone number as E.164. International forms (`+49 30 ...`, `0049 30 ...`) need no
 * country; national forms (`030 1234567`) need `defaultCountry` (ISO 3166 alpha-2).
 */
export function parsePhoneNumber(input: unknown, defaultCountry?: string): SinglePhoneResult {
	const checked = checkPhoneEntries(input, defaultCountry);
	if (checked.length === 0) return problem('', 'is empty');
	if (checked.length > 1) return problem(showValue(input), 'contains more than one phone number');
	const [only] = checked;
	return only.ok ? { ok: true, e164: only.value } : only;
}

/** Reads a list of phone numbers (same list forms as emails), de-duplicated on the E.164 value. */
export function parsePhoneList(input: unknown, defaultCountry?: string): PhoneListResult {
	return deduplicate(checkPhoneEntries(input, defaultCountry), (e164) => e164);
}
