// Express-shaped request and response objects for webhook() calls made by the engine harness.
import type { IncomingMessage } from 'node:http';

export interface HarnessRequestInit {
	method: 'GET' | 'POST';
	/** The node id part of the resume URL (n8n's waiting-webhook `suffix`). */
	suffix?: string;
	query?: Record<string, string>;
	body?: unknown;
	headers?: Record<string, string>;
	path?: string;
	/** The body's bytes as sent (n8n keeps them as rawBody for signature checks). */
	rawBody?: Buffer;
}

export class HarnessRequest {
	readonly method: 'GET' | 'POST';

	readonly suffix?: string;

	readonly query: Record<string, string>;

	readonly body: unknown;

	readonly headers: Record<string, string>;

	readonly path: string;

	readonly rawBody?: Buffer;

	constructor(init: HarnessRequestInit) {
		this.method = init.method;
		this.suffix = init.suffix;
		this.query = init.query ?? {};
		this.body = init.body ?? {};
		this.headers = Object.fromEntries(
			Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
		);
		this.path = init.path ?? '/';
		this.rawBody = init.rawBody;
	}

	/** Builds a request from a resume URL (as the dispatcher or a browser would call it). */
	static fromUrl(
		resumeUrl: string,
		init: Omit<HarnessRequestInit, 'query' | 'suffix' | 'path'> = { method: 'POST' },
	): HarnessRequest {
		const url = new URL(resumeUrl);
		const suffix = decodeURIComponent(url.pathname.split('/').pop() ?? '');
		return new HarnessRequest({
			...init,
			suffix,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
		});
	}

	static fromRaw(req: IncomingMessage, url: URL, raw: Buffer, suffix: string): HarnessRequest {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
		const type = headers['content-type'] ?? '';
		let body: unknown = {};
		const text = raw.toString('utf8');
		if (type.includes('application/json') && text) body = JSON.parse(text);
		else if (type.includes('application/x-www-form-urlencoded')) {
			body = Object.fromEntries(new URLSearchParams(text).entries());
		} else if (text) body = text;
		return new HarnessRequest({
			method: req.method === 'GET' ? 'GET' : 'POST',
			suffix,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			headers,
			body,
			rawBody: raw,
		});
	}

	toExpressLike() {
		return {
			method: this.method,
			query: this.query,
			body: this.body,
			headers: this.headers,
			params: {},
			path: this.path,
			url: this.path,
			originalUrl: this.path,
			rawBody: this.rawBody,
			get: (name: string) => this.headers[name.toLowerCase()],
			header: (name: string) => this.headers[name.toLowerCase()],
		};
	}
}

export interface HarnessResponseSnapshot {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
}

/** The subset of express.Response that webhook() implementations use. */
export class HarnessResponse {
	statusCode = 200;

	headers: Record<string, string> = {};

	body = '';

	finished = false;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	header(name: string, value: string): this {
		return this.setHeader(name, value);
	}

	set(name: string, value: string): this {
		return this.setHeader(name, value);
	}

	type(contentType: string): this {
		return this.setHeader('content-type', contentType);
	}

	send(body: unknown): this {
		if (typeof body === 'string' || Buffer.isBuffer(body)) this.body = String(body);
		else {
			this.body = JSON.stringify(body);
			this.headers['content-type'] ??= 'application/json';
		}
		this.finished = true;
		return this;
	}

	json(body: unknown): this {
		this.headers['content-type'] = 'application/json';
		return this.send(JSON.stringify(body));
	}

	end(body?: string): this {
		if (body !== undefined) this.body = body;
		this.finished = true;
		return this;
	}

	snapshot(): HarnessResponseSnapshot {
		return { statusCode: this.statusCode, headers: { ...this.headers }, body: this.body };
	}
}
