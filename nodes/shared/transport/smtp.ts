// SMTP client (nodemailer's SMTP connection, loaded lazily): one pool of connections per
// execution, messages composed here as one string each, error classification for retries, and
// messages that tell the user what to fix.
import { connect, type Socket } from 'node:net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ProviderError } from '../errors';
import type { MimeMessage } from './mime';
import { envelopeAddress } from './smtp-address';
import type { SmtpEnvelope } from './smtp-pool';
import type { RetryDecision } from './types';

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
	host: string;
	port: number;
	security: SmtpSecurity;
	user: string;
	password: string;
	allowSelfSigned: boolean;
	poolSize: number;
	fromEmail: string;
	fromName: string;
}

/** One message with its envelope (who the server delivers it to: BCC only here, never in a header). */
export type SmtpMessage = MimeMessage & { envelope: SmtpEnvelope };

/** What the server answered for an accepted message: who took it, who was refused, and its reply. */
export interface SmtpSendInfo {
	messageId?: string;
	accepted?: Array<string | { address: string }>;
	rejected?: Array<string | { address: string }>;
	rejectedErrors?: Array<{ recipient?: string; responseCode?: number; response?: string }>;
	response?: string;
}

/** A pool of SMTP connections for one execution: send() composes and sends, close() ends them. */
export interface SmtpTransport {
	send(message: SmtpMessage): Promise<SmtpSendInfo>;
	close(): void;
}

export const SMTP_CREDENTIAL = 'communicationSmtpApi';

export function smtpSettingsFrom(data: ICredentialDataDecryptedObject): SmtpSettings {
	const security = data.security === 'none' || data.security === 'tls' ? data.security : 'starttls';
	return {
		host: String(data.host ?? '').trim(),
		port: Number(data.port ?? (security === 'tls' ? 465 : 587)),
		security,
		user: String(data.user ?? ''),
		password: String(data.password ?? ''),
		allowSelfSigned: data.allowSelfSigned === true,
		poolSize: Math.max(1, Math.min(50, Number(data.poolSize ?? 5) || 5)),
		fromEmail: String(data.fromEmail ?? '').trim(),
		fromName: String(data.fromName ?? '').trim(),
	};
}

/**
 * Opens each pooled connection with Nagle's algorithm off. A message is several small writes on a reused
 * connection; with Nagle on, the last one waits for the server's delayed ACK, about 40 ms per message.
 * The socket is handed over while it connects, so nodemailer's own handlers see every error (refused,
 * reset) and its greeting timeout, implicit TLS and STARTTLS work as for sockets it opens itself.
 */
function openNoDelaySocket(settings: Pick<SmtpSettings, 'host' | 'port'>): Socket {
	return connect({ host: settings.host, port: settings.port, noDelay: true });
}

/** Where and how to connect: security, certificate check and time limits (connect, greeting, idle socket). */
function connectionOptions(settings: SmtpSettings, timeouts: [number, number, number]) {
	const [connectionTimeout, greetingTimeout, socketTimeout] = timeouts;
	return {
		host: settings.host,
		port: settings.port,
		secure: settings.security === 'tls',
		requireTLS: settings.security === 'starttls',
		ignoreTLS: settings.security === 'none',
		connectionTimeout,
		greetingTimeout,
		socketTimeout,
		tls: { rejectUnauthorized: !settings.allowSelfSigned },
	};
}

const authOf = (settings: SmtpSettings) =>
	settings.user ? { user: settings.user, pass: settings.password } : undefined;

/** Pooled connections, reused across items and closed by close(). */
export async function createSmtpTransport(settings: SmtpSettings): Promise<SmtpTransport> {
	const [{ default: SMTPConnection }, { SmtpPool }, { composeMime }] = await Promise.all([
		import('nodemailer/lib/smtp-connection'),
		import('./smtp-pool'),
		import('./mime'),
	]);
	const pool = new SmtpPool(SMTPConnection, {
		size: settings.poolSize,
		openSocket: () => openNoDelaySocket(settings),
		connection: connectionOptions(settings, [15_000, 15_000, 60_000]),
		auth: authOf(settings),
	});
	return {
		async send(message) {
			const envelope = {
				from: envelopeAddress(message.envelope.from),
				to: message.envelope.to.map(envelopeAddress),
			};
			const info = await pool.send(envelope, composeMime(message));
			return { ...info, messageId: message.messageId };
		},
		close: () => pool.close(),
	};
}

interface SmtpErrorShape {
	code?: string;
	responseCode?: number;
	response?: string;
	command?: string;
	message?: string;
	rejected?: string[];
}

const TRANSIENT_CODES = new Set([
	'ECONNECTION',
	'ETIMEDOUT',
	'ESOCKET',
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'EPROTOCOL',
	'ENOTFOUND',
	'EAI_AGAIN',
]);

/** 4xx replies and dropped/refused connections are temporary; 5xx and auth are not. */
export function classifySmtpError(error: unknown): RetryDecision {
	if (error instanceof ProviderError)
		return { retry: error.transient, retryAfterMs: error.options.retryAfterMs };
	const e = (error ?? {}) as SmtpErrorShape;
	if (e.code === 'EAUTH' || (e.code === 'EENVELOPE' && (e.responseCode ?? 500) >= 500))
		return { retry: false };
	if (typeof e.responseCode === 'number')
		return { retry: e.responseCode >= 400 && e.responseCode < 500 };
	if (e.code && TRANSIENT_CODES.has(e.code)) return { retry: true };
	return { retry: false };
}

/** Maps a nodemailer error to a ProviderError whose message says what to do. */
export function describeSmtpError(
	error: unknown,
	settings: Pick<SmtpSettings, 'host' | 'port'>,
): ProviderError {
	const e = (error ?? {}) as SmtpErrorShape;
	const where = `${settings.host}:${settings.port}`;
	const reply = e.response ? ` Server said: ${e.response.trim()}` : '';
	const transient = classifySmtpError(error).retry;
	const make = (message: string) =>
		new ProviderError(message, {
			transient,
			code: e.responseCode ?? e.code,
			description: reply.trim() || undefined,
			cause: error,
		});
	const text = `${e.message ?? ''}`;
	if (e.responseCode === 538 || /encryption required|must issue a starttls/i.test(text)) {
		return make(
			`The SMTP server requires an encrypted connection (${e.responseCode ?? 'TLS required'}). Set Security to STARTTLS or TLS in the SMTP credential.`,
		);
	}
	if (e.code === 'EAUTH' || e.responseCode === 535) {
		return make(
			'The SMTP server rejected the user name or password (535). Check the SMTP credential.',
		);
	}
	if (e.code === 'EENVELOPE' && e.rejected?.length) {
		return make(
			`The SMTP server refused the recipient ${e.rejected.join(', ')} (${e.responseCode ?? 'rejected'})`,
		);
	}
	if (/self[- ]signed|unable to verify|certificate/i.test(text)) {
		return make(
			`The certificate of ${where} is not trusted (${text}). Use a trusted certificate, or enable "Allow Self-Signed Certificates" in the SMTP credential if you trust this server.`,
		);
	}
	if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) {
		return make(
			`Could not connect to the SMTP server at ${where} (connection refused). Check host and port.`,
		);
	}
	if (e.code === 'ETIMEDOUT' || /timeout/i.test(text)) {
		return make(`The SMTP server at ${where} did not answer in time.`);
	}
	if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
		return make(`The SMTP host '${settings.host}' could not be resolved.`);
	}
	if (typeof e.responseCode === 'number') {
		const kind = e.responseCode >= 500 ? 'refused' : 'temporarily refused';
		return make(`The SMTP server ${kind} the message (${e.responseCode})`);
	}
	return make(`Sending through ${where} failed: ${text || 'unknown error'}`);
}

/** Sends one message through the transport; a failure becomes a ProviderError that says what to fix. */
export async function sendSmtpMessage(
	transport: SmtpTransport,
	settings: Pick<SmtpSettings, 'host' | 'port'>,
	message: SmtpMessage,
): Promise<SmtpSendInfo> {
	try {
		return await transport.send(message);
	} catch (error) {
		throw describeSmtpError(error, settings);
	}
}

/** Opens one connection, says hello and authenticates: the credential test. */
export async function verifySmtp(settings: SmtpSettings): Promise<void> {
	const nodemailer = await import('nodemailer');
	const transport = nodemailer.createTransport({
		...connectionOptions(settings, [10_000, 10_000, 15_000]),
		auth: authOf(settings),
	});
	try {
		await transport.verify();
	} finally {
		transport.close();
	}
}
