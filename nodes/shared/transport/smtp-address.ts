// Addresses and Message-IDs as SMTP servers take them. No mail library is loaded here, so the nodes
// that name a message before sending it do not load one when n8n starts.
import { randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';

const ASCII = /^[\x00-\x7f]*$/;

/** An address with an internationalised domain in its punycode form (the form DNS and SMTP use). */
export function envelopeAddress(address: string): string {
	const at = address.lastIndexOf('@');
	const domain = address.slice(at + 1);
	if (at < 0 || ASCII.test(domain)) return address;
	return `${address.slice(0, at)}@${domainToASCII(domain) || domain}`;
}

/** A new Message-ID on the sender's domain: `<uuid@domain>`. */
export function newMessageId(fromAddress: string): string {
	return `<${randomUUID()}@${envelopeAddress(fromAddress).split('@').pop() ?? 'localhost'}>`;
}
