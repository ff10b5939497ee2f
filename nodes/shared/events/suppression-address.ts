// The one spelling of an address on the suppression list, so a STOP from "+1 (555) 010-0001"
// and a send to "+15550100001" meet: E.164 phones, lower-cased emails, chat ids as text.
import type { SuppressionChannel } from '../ledger';
import { parseEmailEntry } from '../recipients/email-address';
import { checkPhoneNumber } from '../recipients/phone-number';

/** Provider prefixes in front of a phone number (Twilio's `whatsapp:+1...`, `tel:` URIs). */
const PHONE_PREFIX = /^(?:whatsapp|tel|sms):/i;

function normalisePhone(address: string): string {
	const text = address.trim().replace(PHONE_PREFIX, '').trim();
	const parsed = checkPhoneNumber(text, undefined);
	if (parsed.ok) return parsed.e164;
	// WhatsApp Cloud sends the number without its plus ("15550100001").
	const digits = text.replace(/[\s\-.()/]/g, '');
	if (/^[0-9]+$/.test(digits)) {
		const withPlus = checkPhoneNumber(`+${digits}`, undefined);
		if (withPlus.ok) return withPlus.e164;
	}
	// Not a valid number: kept as its bare digits so the same text always maps to one entry.
	return digits;
}

function normaliseEmail(address: string): string {
	const parsed = parseEmailEntry(address);
	const bare = parsed.ok ? parsed.value.value.address : address;
	return bare.trim().toLowerCase();
}

export function normaliseSuppressionAddress(channel: SuppressionChannel, address: string): string {
	switch (channel) {
		case 'sms':
		case 'whatsapp':
			return normalisePhone(address);
		case 'email':
			return normaliseEmail(address);
		case 'telegram':
			return String(address).trim();
	}
}
