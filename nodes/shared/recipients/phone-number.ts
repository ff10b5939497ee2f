// Validates one phone number with libphonenumber-js and normalises it to E.164.
import type * as PhoneLibrary from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { findUnsafeCharacters } from './email-address';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: string };

let phoneLibrary: typeof PhoneLibrary | undefined;

// The full ("max") metadata is what makes validity real (number ranges, not just lengths), and it
// is large, so it is loaded on first use instead of when n8n loads the node.
function loadPhoneLibrary(): typeof PhoneLibrary {
	phoneLibrary ??= require('libphonenumber-js/max') as typeof PhoneLibrary;
	return phoneLibrary;
}

const LETTER = /\p{L}/u;
// Digits, a leading plus and the punctuation people use to group digits.
const PHONE_CHARACTERS = /^\+?[0-9\s\-.()/]+$/;

const PARSE_ERROR_REASONS: Record<string, string> = {
	NOT_A_NUMBER: 'is not a valid phone number',
	TOO_SHORT: 'is too short to be a phone number',
	TOO_LONG: 'is too long to be a phone number',
	INVALID_LENGTH: 'is not a valid phone number',
};

/** Normalises a Default Country option; an unknown code is reported, never silently ignored. */
export function resolveDefaultCountry(
	defaultCountry: string | undefined,
): { ok: true; country?: CountryCode } | { ok: false; reason: string } {
	const code = (defaultCountry ?? '').trim().toUpperCase();
	if (code === '') return { ok: true };
	if (!loadPhoneLibrary().isSupportedCountry(code)) {
		return {
			ok: false,
			reason: `cannot be checked: Default Country '${defaultCountry}' is not a known ISO 3166 country code`,
		};
	}
	return { ok: true, country: code };
}

/** Checks one phone number entry; `country` is an already resolved Default Country. */
export function checkPhoneNumber(entry: string, country: CountryCode | undefined): PhoneCheck {
	const text = entry.trim();
	const unsafe = findUnsafeCharacters(text);
	if (unsafe) return { ok: false, reason: unsafe };
	if (text === '') return { ok: false, reason: 'is empty' };
	// Vanity numbers (1-800-FLOWERS) are refused rather than guessed at.
	if (LETTER.test(text)) return { ok: false, reason: 'contains letters' };
	if (!PHONE_CHARACTERS.test(text)) {
		return { ok: false, reason: 'has characters that are not allowed in a phone number' };
	}
	let digits = text.replace(/[\s\-.()/]/g, '');
	// 00 is the international prefix almost everywhere; accept it without needing a country.
	if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
	if (!digits.startsWith('+') && country === undefined) {
		return { ok: false, reason: 'has no country code (start it with + or set a Default Country)' };
	}
	const library = loadPhoneLibrary();
	try {
		const parsed = library.parsePhoneNumberWithError(digits, {
			defaultCountry: country,
			extract: false,
		});
		if (!parsed.isValid()) return { ok: false, reason: 'is not a valid phone number' };
		return { ok: true, e164: parsed.number };
	} catch (error) {
		if (error instanceof library.ParseError) {
			return {
				ok: false,
				reason: PARSE_ERROR_REASONS[error.message] ?? 'is not a valid phone number',
			};
		}
		throw error;
	}
}
