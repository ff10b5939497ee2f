// Strict validation, parsing and header-safe formatting of one email address (RFC 5322 addr-spec).
import { domainToASCII } from 'node:url';

export interface EmailAddress {
	name?: string;
	address: string;
}

export type EntryCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parsed address plus the key used to spot duplicates. */
export interface ParsedEmail {
	value: EmailAddress;
	key: string;
}

// Line breaks in a header value are how header injection works, so every Unicode line break counts.
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
const LINE_BREAK_RUNS = /[\r\n\u0085\u2028\u2029]+/g;
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;
const DISPLAY_NAME_ATOMS =
	/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const QUOTED_LOCAL_CHAR = /^[\u0020-\u007e]$/;
const MAX_LOCAL_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 254;
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

export const NOT_AN_EMAIL = 'is not an email address';

/** True when the text holds any line break (CR, LF or a Unicode line/paragraph separator). */
export function hasLineBreak(text: string): boolean {
	return LINE_BREAK.test(text);
}

/** Reason text for characters that must never reach a header, or undefined when clean. */
export function findUnsafeCharacters(text: string): string | undefined {
	if (LINE_BREAK.test(text)) return 'contains a line break';
	if (CONTROL_CHARACTER.test(text)) return 'contains a control character';
	return undefined;
}

/** Reads a quoted string starting at `start` (a `"`); returns its unescaped content and end index. */
function readQuoted(text: string, start: number): { content: string; end: number } | undefined {
	let content = '';
	for (let i = start + 1; i < text.length; i++) {
		const ch = text[i];
		if (ch === '\\') {
			if (i + 1 >= text.length) return undefined;
			i++;
			content += text[i];
		} else if (ch === '"') {
			return { content, end: i };
		} else {
			content += ch;
		}
	}
	return undefined;
}

function checkQuotedLocal(local: string): string | undefined {
	const inner = local.slice(1, -1);
	for (let i = 0; i < inner.length; i++) {
		const ch = inner[i];
		if (!QUOTED_LOCAL_CHAR.test(ch)) return 'has characters that are not allowed in its local part';
		if (ch === '\\') i++;
		else if (ch === '"') return NOT_AN_EMAIL;
	}
	return undefined;
}

function checkDotAtomLocal(local: string): string | undefined {
	if (/\s/.test(local)) return 'contains a space';
	if (local.startsWith('.') || local.endsWith('.')) {
		return 'has a dot at the start or end of its local part';
	}
	if (local.includes('..')) return 'has consecutive dots';
	if (!local.split('.').every((atom) => ATEXT.test(atom))) {
		return 'has characters that are not allowed in its local part';
	}
	return undefined;
}

function checkDomain(domain: string): EntryCheck<string> {
	if (/\s/.test(domain)) return { ok: false, reason: 'contains a space' };
	if (domain.startsWith('[')) return { ok: false, reason: 'has an IP address instead of a domain' };
	let ascii = domain;
	// Internationalised domains are checked in their punycode form, the form DNS uses.
	if (/[^\u0000-\u007f]/.test(domain)) {
		ascii = domainToASCII(domain);
		if (ascii === '') return { ok: false, reason: 'has an invalid domain' };
	}
	if (!ascii.includes('.')) return { ok: false, reason: 'has no dot in its domain' };
	if (ascii.startsWith('.') || ascii.endsWith('.')) {
		return { ok: false, reason: 'has a dot at the start or end of its domain' };
	}
	if (ascii.includes('..')) return { ok: false, reason: 'has consecutive dots' };
	if (ascii.length > MAX_DOMAIN_LENGTH) {
		return { ok: false, reason: `has a domain longer than ${MAX_DOMAIN_LENGTH} characters` };
	}
	const labels = ascii.split('.');
	if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
		return { ok: false, reason: `has a domain label longer than ${MAX_LABEL_LENGTH} characters` };
	}
	if (!labels.every((label) => DOMAIN_LABEL.test(label))) {
		return { ok: false, reason: 'has an invalid domain' };
	}
	if (/^[0-9]+$/.test(labels[labels.length - 1])) {
		return { ok: false, reason: 'has a numeric top-level domain' };
	}
	return { ok: true, value: ascii };
}

/** Validates a bare addr-spec (`local@domain`); the value is the de-duplication key. */
export function checkAddrSpec(address: string): EntryCheck<string> {
	let local: string;
	let domain: string;
	if (address.startsWith('"')) {
		const quoted = readQuoted(address, 0);
		if (!quoted) return { ok: false, reason: 'has an unterminated quote' };
		local = address.slice(0, quoted.end + 1);
		if (address[quoted.end + 1] !== '@') return { ok: false, reason: NOT_AN_EMAIL };
		domain = address.slice(quoted.end + 2);
		const localProblem = checkQuotedLocal(local);
		if (localProblem) return { ok: false, reason: localProblem };
	} else {
		const parts = address.split('@');
		if (parts.length > 2) return { ok: false, reason: 'has more than one @' };
		if (parts.length < 2 || parts[0] === '' || parts[1] === '') {
			return { ok: false, reason: NOT_AN_EMAIL };
		}
		[local, domain] = parts;
		const localProblem = checkDotAtomLocal(local);
		if (localProblem) return { ok: false, reason: localProblem };
	}
	if (domain === '') return { ok: false, reason: NOT_AN_EMAIL };
	if (local.length > MAX_LOCAL_LENGTH) {
		return { ok: false, reason: `has a local part longer than ${MAX_LOCAL_LENGTH} characters` };
	}
	const checkedDomain = checkDomain(domain);
	if (!checkedDomain.ok) return checkedDomain;
	if (local.length + 1 + checkedDomain.value.length > MAX_ADDRESS_LENGTH) {
		return { ok: false, reason: `is longer than ${MAX_ADDRESS_LENGTH} characters` };
	}
	return { ok: true, value: `${local.toLowerCase()}@${checkedDomain.value.toLowerCase()}` };
}

/** Unquotes a display name (`"Doe, John"`, `John "JJ" Doe`), keeping the words in order. */
function readDisplayName(text: string): EntryCheck<string | undefined> {
	let name = '';
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '"') {
			const quoted = readQuoted(text, i);
			if (!quoted) return { ok: false, reason: 'has an unterminated quote' };
			name += quoted.content;
			i = quoted.end;
		} else {
			name += text[i];
		}
	}
	const trimmed = name.trim();
	return { ok: true, value: trimmed === '' ? undefined : trimmed };
}

/** Index of the first `<` outside quotes, -1 if none, or undefined when a quote never closes. */
function findAngleOpen(text: string): number | undefined {
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '"') {
			const quoted = readQuoted(text, i);
			if (!quoted) return undefined;
			i = quoted.end;
		} else if (text[i] === '<') {
			return i;
		}
	}
	return -1;
}

/** Parses one list entry: `addr`, `<addr>`, `Name <addr>` or `"Quoted, Name" <addr>`. */
export function parseEmailEntry(entry: string): EntryCheck<ParsedEmail> {
	const text = entry.trim();
	const unsafe = findUnsafeCharacters(text);
	if (unsafe) return { ok: false, reason: unsafe };
	if (text === '') return { ok: false, reason: NOT_AN_EMAIL };
	const open = findAngleOpen(text);
	if (open === undefined) return { ok: false, reason: 'has an unterminated quote' };
	let name: string | undefined;
	let address: string;
	if (open >= 0) {
		if (!text.endsWith('>')) return { ok: false, reason: NOT_AN_EMAIL };
		address = text.slice(open + 1, -1).trim();
		if (/[<>]/.test(address.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
			return { ok: false, reason: NOT_AN_EMAIL };
		}
		const readName = readDisplayName(text.slice(0, open));
		if (!readName.ok) return readName;
		name = readName.value;
	} else {
		address = text;
		if (text.replace(/"(?:[^"\\]|\\.)*"/g, '').includes('>'))
			return { ok: false, reason: NOT_AN_EMAIL };
	}
	const checked = checkAddrSpec(address);
	if (!checked.ok) return checked;
	const value: EmailAddress = name === undefined ? { address } : { name, address };
	return { ok: true, value: { value, key: checked.value } };
}

/** Validates an `{ name, address }` pair coming from structured data rather than list text. */
export function parseEmailParts(
	name: string | undefined,
	addressText: string,
): EntryCheck<ParsedEmail> {
	const parsed = parseEmailEntry(addressText);
	if (!parsed.ok || name === undefined) return parsed;
	const unsafe = findUnsafeCharacters(name);
	if (unsafe) return { ok: false, reason: unsafe };
	const trimmed = name.trim();
	const { address, name: nameFromText } = parsed.value.value;
	const chosenName = trimmed !== '' ? trimmed : nameFromText;
	const value: EmailAddress =
		chosenName === undefined ? { address } : { name: chosenName, address };
	return { ok: true, value: { value, key: parsed.value.key } };
}

/** Header form of an address: display names are quoted and escaped unless they are plain words. */
export function formatEmailAddress(a: EmailAddress): string {
	if (LINE_BREAK.test(a.address)) {
		// An address is never reshaped silently; a line break here is a caller bug.
		throw new Error('Email address contains a line break and cannot be used in a header');
	}
	const name = a.name?.replace(LINE_BREAK_RUNS, ' ').trim();
	if (!name) return a.address;
	// Non-ASCII names stay quoted as UTF-8; the mailer encodes them (RFC 2047) on the wire.
	const phrase = DISPLAY_NAME_ATOMS.test(name) ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`;
	return `${phrase} <${a.address}>`;
}
