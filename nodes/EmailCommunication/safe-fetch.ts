// Downloads a user-given URL safely: http(s) only, no private/loopback/link-local targets unless
// allowed (checked on the resolved address that is actually dialled), size cap, one overall deadline.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { InputError } from '../shared/errors';
import { isPrivateAddress } from './private-address';

export interface ResolvedAddress {
	address: string;
	family: number;
}

export interface SafeFetchOptions {
	maxBytes: number;
	/** One deadline for the whole download: name lookup, connect, headers and body, every redirect. */
	timeoutMs: number;
	allowPrivateHosts: boolean;
	maxRedirects?: number;
	/** Resolves a host name to the addresses that are checked and dialled (default: the system resolver). */
	resolveHost?: (host: string) => Promise<ResolvedAddress[]>;
	/** Opens the connections (default: Node's global agent). */
	agent?: Agent;
}

export interface FetchedFile {
	content: Buffer;
	contentType: string | undefined;
	fileName: string;
	finalUrl: string;
}

function fileNameFrom(url: URL, disposition: string | undefined): string {
	const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
	const raw = fromHeader?.[1] ?? decodeURIComponent(url.pathname.split('/').pop() ?? '');
	const cleaned = raw.replace(/[\r\n"\\/]/g, '').trim();
	return cleaned || 'attachment';
}

const systemResolver = async (host: string): Promise<ResolvedAddress[]> =>
	await lookup(host, { all: true });

async function resolveTarget(url: URL, options: SafeFetchOptions): Promise<ResolvedAddress> {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const addresses = isIP(host)
		? [{ address: host, family: isIP(host) }]
		: await (options.resolveHost ?? systemResolver)(host);
	if (addresses.length === 0)
		throw new InputError(`Attachment host '${host}' could not be resolved`);
	if (!options.allowPrivateHosts) {
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

/** Dials exactly the address that was checked, so DNS cannot change it in between. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
	return (_host, lookupOptions, callback) => {
		if (lookupOptions.all) callback(null, [target]);
		else callback(null, target.address, target.family);
	};
}

function get(
	url: URL,
	target: ResolvedAddress,
	options: SafeFetchOptions,
	signal: AbortSignal,
): Promise<IncomingMessage> {
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			url,
			{
				method: 'GET',
				signal,
				agent: options.agent,
				lookup: pinnedLookup(target),
				headers: { 'user-agent': 'n8n-nodes-communication-actions', accept: '*/*' },
			},
			(response) => {
				// The body is read later: the same deadline must still be able to stop it. A response
				// nobody reads any more (a redirect being drained) must not crash on that error.
				response.on('error', () => {});
				signal.addEventListener('abort', () => response.destroy(new Error('timeout')), {
					once: true,
				});
				resolve(response);
			},
		);
		req.on('error', reject);
		req.end();
	});
}

/** Rejects when the signal aborts, so a step that cannot be cancelled still ends at the deadline. */
async function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	let onAbort = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new Error('timeout'));
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

async function readBody(response: IncomingMessage, url: URL, maxBytes: number): Promise<Buffer> {
	const declared = Number(response.headers['content-length'] ?? 0);
	if (declared > maxBytes) {
		response.destroy();
		throw new InputError(
			`Attachment at '${url.href}' is ${declared} bytes, more than the limit of ${maxBytes} bytes`,
		);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of response) {
		size += (chunk as Buffer).length;
		if (size > maxBytes) {
			response.destroy();
			throw new InputError(
				`Attachment at '${url.href}' is larger than the limit of ${maxBytes} bytes`,
			);
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

async function download(
	start: URL,
	options: SafeFetchOptions,
	signal: AbortSignal,
	current: { url: URL },
): Promise<FetchedFile> {
	for (let redirects = 0; ; redirects++) {
		const url = current.url;
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new InputError(`Attachment URL '${url.href}' must use http or https`);
		}
		const target = await beforeDeadline(resolveTarget(url, options), signal);
		let response: IncomingMessage;
		try {
			response = await get(url, target, options, signal);
		} catch (error) {
			if (signal.aborted) throw error;
			throw new InputError(
				`Attachment URL '${url.href}' could not be fetched (${(error as Error).message})`,
			);
		}
		const status = response.statusCode ?? 0;
		if (status >= 300 && status < 400 && response.headers.location) {
			response.resume();
			if (redirects >= (options.maxRedirects ?? 3))
				throw new InputError(`Attachment URL '${start.href}' redirects too often`);
			current.url = new URL(response.headers.location, url);
			continue;
		}
		if (status !== 200) {
			response.resume();
			throw new InputError(`Attachment URL '${url.href}' answered HTTP ${status}`);
		}
		let content: Buffer;
		try {
			content = await readBody(response, url, options.maxBytes);
		} catch (error) {
			if (error instanceof InputError || signal.aborted) throw error;
			throw new InputError(
				`Attachment URL '${url.href}' failed while downloading (${(error as Error).message})`,
			);
		}
		return {
			content,
			contentType: response.headers['content-type']?.split(';')[0].trim(),
			fileName: fileNameFrom(url, response.headers['content-disposition']),
			finalUrl: url.href,
		};
	}
}

export async function fetchAttachment(
	rawUrl: string,
	options: SafeFetchOptions,
): Promise<FetchedFile> {
	if (!URL.canParse(rawUrl.trim()))
		throw new InputError(`Attachment URL '${rawUrl}' is not a valid URL`);
	const url = new URL(rawUrl.trim());
	const deadline = new AbortController();
	const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
	const current = { url };
	try {
		return await download(url, options, deadline.signal, current);
	} catch (error) {
		if (!deadline.signal.aborted || error instanceof InputError) throw error;
		throw new InputError(
			`Attachment URL '${current.url.href}' did not finish within ${options.timeoutMs} ms (Attachment Download Timeout)`,
		);
	} finally {
		clearTimeout(timer);
	}
}
