// Builds the SIP address an outbound call is routed through: sip:<E.164>@<server>;key=value...
import { InputError } from '../shared/errors';

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
// RFC 3261 "token" characters: what a parameter name or value may contain without quoting.
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const TRANSPORTS = ['udp', 'tcp', 'tls'];

export type SipParameter = [name: string, value: string | undefined];

function describeBadCharacter(label: string, text: string): string | undefined {
	if (/[\r\n]/.test(text)) return `${label} must not contain line breaks`;
	if (/\s/.test(text)) return `${label} must not contain spaces`;
	if (text.includes('@')) return `${label} must not contain '@'`;
	return undefined;
}

/** `sip.example.com`, `sip.example.com:5061`, `10.0.0.5` or `[2001:db8::1]:5060` (a leading sip: is dropped). */
export function parseSipServer(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim().replace(/^sips?:/i, '') : '';
	if (!text)
		throw new InputError(
			'SIP Server is empty: give the host name of your SIP server, e.g. sip.example.com',
		);
	const bad = describeBadCharacter('SIP Server', text);
	if (bad) throw new InputError(bad);
	const match = /^(\[[^\]]+\]|[^:;]+)(?::(\d{1,5}))?$/.exec(text);
	if (!match)
		throw new InputError(`SIP Server '${text}' is not a host name with an optional :port`);
	const [, host, port] = match;
	const hostOk =
		IPV4.test(host) ||
		IPV6.test(host) ||
		(host.length <= 253 && host.split('.').every((label) => HOST_LABEL.test(label)));
	if (!hostOk) throw new InputError(`SIP Server '${text}' is not a valid host name or IP address`);
	if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
		throw new InputError(`SIP Server port ${port} is not between 1 and 65535`);
	}
	return text.toLowerCase();
}

/** `transport=tcp;timeout=30` into name/value pairs; names are unique, transport is udp, tcp or tls. */
export function parseSipParameters(raw: unknown): SipParameter[] {
	const text = typeof raw === 'string' ? raw.trim().replace(/^;/, '') : '';
	if (!text) return [];
	const bad = describeBadCharacter('SIP Parameters', text);
	if (bad)
		throw new InputError(
			bad,
			'Write them as key=value pairs separated by semicolons, e.g. transport=udp;timeout=30',
		);
	const parameters: SipParameter[] = [];
	for (const part of text.split(';')) {
		if (part === '') continue;
		const [name, ...valueParts] = part.split('=');
		const value = valueParts.length ? valueParts.join('=') : undefined;
		if (!TOKEN.test(name)) throw new InputError(`SIP parameter '${part}' has an invalid name`);
		if (value === '') throw new InputError(`SIP parameter '${name}' has nothing after '='`);
		if (value !== undefined && !TOKEN.test(value)) {
			throw new InputError(
				`SIP parameter '${name}' has an invalid value '${value}' (letters, digits and - . ! % * _ + ~ only)`,
			);
		}
		const key = name.toLowerCase();
		if (parameters.some(([existing]) => existing.toLowerCase() === key))
			throw new InputError(`SIP parameter '${name}' is given twice`);
		if (key === 'transport' && !TRANSPORTS.includes((value ?? '').toLowerCase())) {
			throw new InputError(`SIP transport '${value ?? ''}' is not supported: use udp, tcp or tls`);
		}
		parameters.push([name, key === 'transport' ? value?.toLowerCase() : value]);
	}
	return parameters;
}

export function buildSipUri(e164: string, server: string, parameters: SipParameter[]): string {
	const suffix = parameters
		.map(([name, value]) => (value === undefined ? `;${name}` : `;${name}=${value}`))
		.join('');
	return `sip:${e164}@${server}${suffix}`;
}
