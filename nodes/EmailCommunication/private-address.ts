// Tells whether an IP address is not public unicast, also inside IPv6 forms that carry an IPv4 address.
import { BlockList, isIP } from 'node:net';

const blockedIPv4 = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['224.0.0.0', 4],
	['240.0.0.0', 4],
] as const) {
	blockedIPv4.addSubnet(net, prefix, 'ipv4');
}
// IPv6 only: an IPv4-mapped subnet here would make Node's BlockList match every IPv4 address.
const blockedIPv6 = new BlockList();
for (const [net, prefix] of [
	['::', 96], // unspecified, loopback and the deprecated IPv4-compatible forms
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8],
	['64:ff9b:1::', 48], // local-use NAT64
	['2001::', 32], // Teredo
] as const) {
	blockedIPv6.addSubnet(net, prefix, 'ipv6');
}

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted IPv4 part included). */
function ipv6Groups(address: string): number[] {
	let text = address.toLowerCase();
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const [head, tail] = text.split('::');
	if (tail === undefined) return parse(head);
	const left = parse(head);
	const right = parse(tail);
	return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(groups: number[]): string | undefined {
	const quad = (high: number, low: number) =>
		[high >> 8, high & 255, low >> 8, low & 255].join('.');
	const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
	if (zeros(0, 5) && groups[5] === 0xffff) return quad(groups[6], groups[7]);
	if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return quad(groups[6], groups[7]);
	if (groups[0] === 0x2002) return quad(groups[1], groups[2]);
	return undefined;
}

/** True for anything that is not a public unicast address (including text that is no address). */
export function isPrivateAddress(address: string): boolean {
	const host = address.split('%')[0];
	const family = isIP(host);
	if (family === 4) return blockedIPv4.check(host, 'ipv4');
	if (family !== 6) return true;
	if (blockedIPv6.check(host, 'ipv6')) return true;
	const ipv4 = embeddedIPv4(ipv6Groups(host));
	return ipv4 !== undefined && blockedIPv4.check(ipv4, 'ipv4');
}
