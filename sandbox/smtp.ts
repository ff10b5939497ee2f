// SMTP peers: one plain server offering STARTTLS and one implicit-TLS server, capturing parsed mail.
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Faults } from './faults';
import type { SandboxStore } from './store';
import type { SandboxTls } from './tls';
import { parseReceivedMail } from './mail';
import { sleep } from './sleep';

export interface SmtpPeerOptions {
	host: string;
	port: number;
	tlsPort: number;
	tls: SandboxTls;
	auth: { user: string; pass: string } | false;
	authRequired: boolean;
	sizeLimit: number;
	store: SandboxStore;
	faults: Faults;
}

export interface SmtpPeers {
	port: number;
	tlsPort: number;
	close(): Promise<void>;
}

/** An error smtp-server turns into a reply; it adds the enhanced status code (4.3.0, 5.1.1, 5.7.8...). */
function smtpError(responseCode: number, message: string): Error {
	return Object.assign(new Error(message), { responseCode });
}

function createPeer(secure: boolean, options: SmtpPeerOptions, stopping: AbortSignal): SMTPServer {
	const { store, faults, auth } = options;
	const ended = new Map<string, () => void>();

	const wait = (ms: number): Promise<void> => sleep(ms, stopping);

	// The live socket of a session; STARTTLS replaces it, so look it up when needed.
	const dropSession = (session: SMTPServerSession): void => {
		for (const connection of server.connections) {
			if (connection.id === session.id) connection._socket.destroy();
		}
	};

	const serverOptions: SMTPServerOptions = {
		secure,
		key: options.tls.key,
		cert: options.tls.cert,
		name: 'sandbox.localhost',
		banner: 'Communication Actions sandbox',
		size: options.sizeLimit,
		authMethods: ['PLAIN', 'LOGIN'],
		authOptional: !options.authRequired,
		disabledCommands: auth ? [] : ['AUTH'],
		// Lets SMTP credentials with security "none" authenticate, as many self-hosted relays allow.
		allowInsecureAuth: true,
		disableReverseLookup: true,
		// Real relays (Postfix, Gmail) send RFC 3463 codes: 451 4.3.0, 550 5.1.1, 535 5.7.8.
		hideENHANCEDSTATUSCODES: false,
		logger: false,
		closeTimeout: 200,
		socketTimeout: 60_000,

		onConnect(session, callback) {
			ended.set(session.id, store.begin('smtp'));
			store.openSmtpSession(session.id, secure);
			const fault = faults.nextSmtpConnectFault();
			if (fault === 'drop') return dropSession(session);
			if (fault === 'greeting421')
				return callback(smtpError(421, 'Service not available, closing transmission channel'));
			void wait(faults.latencyMs('smtp')).then(() => callback());
		},

		onSecure(_socket, session, callback) {
			store.updateSmtpSession(session.id, { secure: true });
			callback();
		},

		onAuth(authentication, session, callback) {
			if (auth && authentication.username === auth.user && authentication.password === auth.pass) {
				store.updateSmtpSession(session.id, { authUser: auth.user });
				return callback(null, { user: auth.user });
			}
			callback(smtpError(535, 'Authentication credentials invalid'));
		},

		onRcptTo(address, _session, callback) {
			const fault = faults.nextRecipientFault(address.address);
			if (fault === 451)
				return callback(
					smtpError(451, `Temporary failure for <${address.address}>, try again later`),
				);
			if (fault === 550)
				return callback(smtpError(550, `Mailbox unavailable: <${address.address}>`));
			callback();
		},

		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('error', (error) => callback(error));
			stream.on('end', () => {
				void (async () => {
					if (stream.sizeExceeded)
						return callback(smtpError(552, 'Message exceeds fixed maximum message size'));
					await wait(faults.latencyMs('smtp'));
					if (faults.takeDropAfterData()) return dropSession(session);
					try {
						const mail = await parseReceivedMail(Buffer.concat(chunks), session);
						// A server stopped while holding the message never accepts it (the HTTP peers do the same).
						if (stopping.aborted) return dropSession(session);
						store.addMail(mail);
						callback(null, `OK: message queued as ${mail.id}`);
					} catch (error) {
						callback(
							smtpError(
								451,
								`Local error in processing: ${error instanceof Error ? error.message : String(error)}`,
							),
						);
					}
				})();
			});
		},

		onClose(session) {
			ended.get(session.id)?.();
			ended.delete(session.id);
			store.closeSmtpSession(session.id);
		},
	};
	const server = new SMTPServer(serverOptions);
	server.on('error', (error) => {
		if (!stopping.aborted)
			console.error(`[sandbox] SMTP${secure ? 'S' : ''} error:`, error.message);
	});
	return server;
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, host, () => {
			server.server.off('error', reject);
			resolve((server.server.address() as AddressInfo).port);
		});
	});
}

export async function startSmtpPeers(options: SmtpPeerOptions): Promise<SmtpPeers> {
	const stopping = new AbortController();
	const plain = createPeer(false, options, stopping.signal);
	const implicitTls = createPeer(true, options, stopping.signal);
	const port = await listen(plain, options.port, options.host);
	const tlsPort = await listen(implicitTls, options.tlsPort, options.host);
	const closeOne = (server: SMTPServer): Promise<void> =>
		new Promise((resolve) => {
			for (const connection of server.connections) connection._socket.destroy();
			server.close(() => resolve());
		});
	return {
		port,
		tlsPort,
		close: async () => {
			stopping.abort();
			await Promise.all([closeOne(plain), closeOne(implicitTls)]);
		},
	};
}
