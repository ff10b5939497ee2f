// Free loopback ports: a preferred one when it is free (stable demo URLs), else one the OS picks.
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

function listenOnce(port: number): Promise<number | undefined> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolvePromise(undefined));
		server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
			const address = server.address();
			const bound = typeof address === 'object' && address ? address.port : undefined;
			server.close(() => resolvePromise(bound));
		});
	});
}

export async function isPortFree(port: number): Promise<boolean> {
	return (await listenOnce(port)) === port;
}

/** `preferred` if free, else a free port; `avoid` keeps several picks in one call distinct. */
export async function freePort(preferred?: number, avoid: number[] = []): Promise<number> {
	if (preferred && !avoid.includes(preferred) && (await isPortFree(preferred))) return preferred;
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await listenOnce(0);
		if (port && !avoid.includes(port)) return port;
	}
	throw new Error('No free port on 127.0.0.1');
}
