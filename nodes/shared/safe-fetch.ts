// Downloads a user-given URL safely: http(s) only, no private/loopback/link-local targets unless
// allowed (checked on the resolved address that is actually dialled), size cap, timeout.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

import { InputError } from './errors';

export interface SafeFetchOptions {
	maxBytes: number;
	timeoutMs: number;
	allowPrivateHosts: boolean;
	maxRedirects?: number;
}

export interface FetchedFile {
	content: Buffer;
	contentType: string | undefined;
	fileName: string;
	finalUrl: string;
}

const blocked = new BlockList();
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
	blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8],
	['::ffff:0:0', 96],
	['64:ff9b::', 96],
] as const) {
	blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
	const family = isIP(address);
	if (family === 0) return true;
	return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function fileNameFrom(url: URL, disposition: string | undefined): string {
	const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
	const raw = fromHeader?.[1] ?? decodeURIComponent(url.pathname.split('/').pop() ?? '');
	const cleaned = raw.replace(/[\r\n"\\/]/g, '').trim();
	return cleaned || 'attachment';
}

async function resolveTarget(
	url: URL,
	allowPrivate: boolean,
): Promise<{ address: string; family: number }> {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const addresses = isIP(host)
		? [{ address: host, family: isIP(host) }]
		: await lookup(host, { all: true });
	if (addresses.length === 0)
		throw new InputError(`Attachment host '${host}' could not be resolved`);
	if (!allowPrivate) {
		const privateOne = addresses.find((a) => isPrivateAddress(a.address));
		if (privateOne) {
			throw new InputError(
				`Attachment URL '${url.origin}' points at a private, loopback or link-local address (${privateOne.address}), which is not allowed`,
				'Enable the option "Allow Private Attachment Hosts" only if you trust the URL source.',
			);
		}
	}
	return addresses[0];
}

function get(
	url: URL,
	target: { address: string; family: number },
	options: SafeFetchOptions,
): Promise<IncomingMessage> {
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			url,
			{
				method: 'GET',
				timeout: options.timeoutMs,
				// Dial exactly the address that was checked, so DNS cannot change it in between.
				lookup: (_host, _opts, callback) => callback(null, target.address, target.family),
				headers: { 'user-agent': 'n8n-nodes-communication-actions', accept: '*/*' },
			},
			resolve,
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end();
	});
}

export async function fetchAttachment(
	rawUrl: string,
	options: SafeFetchOptions,
): Promise<FetchedFile> {
	let url: URL;
	try {
		url = new URL(rawUrl.trim());
	} catch {
		throw new InputError(`Attachment URL '${rawUrl}' is not a valid URL`);
	}
	const deadline = Date.now() + options.timeoutMs;
	for (let redirects = 0; ; redirects++) {
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new InputError(`Attachment URL '${url.href}' must use http or https`);
		}
		const target = await resolveTarget(url, options.allowPrivateHosts);
		let response: IncomingMessage;
		try {
			response = await get(url, target, {
				...options,
				timeoutMs: Math.max(1, deadline - Date.now()),
			});
		} catch (error) {
			const reason =
				(error as Error).message === 'timeout'
					? `did not answer within ${options.timeoutMs} ms`
					: `could not be fetched (${(error as Error).message})`;
			throw new InputError(`Attachment URL '${url.href}' ${reason}`);
		}
		const status = response.statusCode ?? 0;
		if (status >= 300 && status < 400 && response.headers.location) {
			response.resume();
			if (redirects >= (options.maxRedirects ?? 3))
				throw new InputError(`Attachment URL '${rawUrl}' redirects too often`);
			url = new URL(response.headers.location, url);
			continue;
		}
		if (status !== 200) {
			response.resume();
			throw new InputError(`Attachment URL '${url.href}' answered HTTP ${status}`);
		}
		const declared = Number(response.headers['content-length'] ?? 0);
		if (declared > options.maxBytes) {
			response.destroy();
			throw new InputError(
				`Attachment at '${url.href}' is ${declared} bytes, more than the limit of ${options.maxBytes} bytes`,
			);
		}
		const chunks: Buffer[] = [];
		let size = 0;
		const timer = setTimeout(
			() => response.destroy(new Error('timeout')),
			Math.max(1, deadline - Date.now()),
		);
		try {
			for await (const chunk of response) {
				size += (chunk as Buffer).length;
				if (size > options.maxBytes) {
					response.destroy();
					throw new InputError(
						`Attachment at '${url.href}' is larger than the limit of ${options.maxBytes} bytes`,
					);
				}
				chunks.push(chunk as Buffer);
			}
		} catch (error) {
			if (error instanceof InputError) throw error;
			throw new InputError(
				`Attachment URL '${url.href}' failed while downloading (${(error as Error).message})`,
			);
		} finally {
			clearTimeout(timer);
		}
		return {
			content: Buffer.concat(chunks),
			contentType: response.headers['content-type']?.split(';')[0].trim(),
			fileName: fileNameFrom(url, response.headers['content-disposition']),
			finalUrl: url.href,
		};
	}
}
