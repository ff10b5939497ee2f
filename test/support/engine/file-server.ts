// Jest hooks that serve files for a test file's attachments over a real local HTTP server.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the server before the file's tests (its base URL handed to `onUrl`), closes it after them. */
export function useFileServer(handler: RequestListener, onUrl: (url: string) => void): void {
	let files: Server | undefined;
	beforeAll(async () => {
		const server = createServer(handler);
		files = server;
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		onUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	});
	afterAll(async () => {
		const server = files;
		if (!server) return;
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	});
}
