// A minimal SMTP server on loopback: it answers every command with success and accepts every message
// without parsing it. For measurements where the sandbox's full SMTP peer would cost more than the
// sender, and for tests of a server that ends each session after its first message.
import { createServer, type Socket } from 'node:net';

export interface MinimalSmtpOptions {
	/** End the session right after accepting its first message (as a server's idle timeout would). */
	endAfterMessage?: boolean;
	/** Called with the headers and body of each accepted message. */
	onMessage?: (message: string) => void;
	/** Called once per new connection. */
	onSession?: () => void;
}

export interface MinimalSmtp {
	port: number;
	stop(): Promise<void>;
}

export async function startMinimalSmtp(options: MinimalSmtpOptions = {}): Promise<MinimalSmtp> {
	const server = createServer((client: Socket) => {
		options.onSession?.();
		client.setNoDelay(true);
		let buffer = '';
		let inData = false;
		client.write('220 minimal ESMTP\r\n');
		client.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					options.onMessage?.(buffer.slice(0, end));
					buffer = buffer.slice(end + 5);
					inData = false;
					if (options.endAfterMessage) {
						client.end('250 2.0.0 queued\r\n');
						return;
					}
					client.write('250 2.0.0 queued\r\n');
					continue;
				}
				const lineEnd = buffer.indexOf('\r\n');
				if (lineEnd < 0) return;
				const command = buffer.slice(0, 4).toUpperCase();
				buffer = buffer.slice(lineEnd + 2);
				if (command === 'EHLO') client.write('250-minimal\r\n250 8BITMIME\r\n');
				else if (command === 'DATA') {
					inData = true;
					client.write('354 go ahead\r\n');
				} else if (command === 'QUIT') client.end('221 bye\r\n');
				else client.write('250 ok\r\n');
			}
		});
		client.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as { port: number }).port,
		stop: async () => {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
