// A pool of SMTP connections (nodemailer's SMTP connection class, one session each), reused across
// messages. A message goes out whole as one string over an idle connection; a connection that failed
// is closed and another one is opened for the next message, a refused message leaves its connection
// usable after a reset. At most `size` connections are open or opening at once.
import type { Socket } from 'node:net';

import type SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpEnvelope {
	from: string;
	to: string[];
}

export type SmtpConnectionClass = typeof SMTPConnection;

interface Slot {
	connection: SMTPConnection;
	/** The server or the network ended it, or it failed: never handed out again. */
	closed: boolean;
}

interface Waiter {
	resolve: (slot: Slot) => void;
	reject: (error: unknown) => void;
}

export interface SmtpPoolOptions {
	size: number;
	connection: SMTPConnection.Options;
	auth?: SMTPConnection.Credentials;
	/** Opens the socket each connection uses (e.g. with Nagle's algorithm off). */
	openSocket: () => Socket;
}

/** A refusal of this message (envelope or content) by a server that keeps the session open. */
function refusedMessageOnly(error: unknown): boolean {
	const e = (error ?? {}) as { code?: string; responseCode?: number };
	return (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421;
}

export class SmtpPool {
	private readonly idle: Slot[] = [];
	private readonly waiting: Waiter[] = [];
	/** Connections open or being opened. */
	private count = 0;
	private closing = false;

	constructor(
		private readonly Connection: SmtpConnectionClass,
		private readonly options: SmtpPoolOptions,
	) {}

	/** Sends one finished message (headers and body, CRLF lines) to the envelope's recipients. */
	async send(envelope: SmtpEnvelope, message: string): Promise<SMTPConnection.SentMessageInfo> {
		const slot = await this.acquire();
		let info: SMTPConnection.SentMessageInfo;
		try {
			info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
				slot.connection.send(envelope, message, (error, sent) =>
					error ? reject(error) : resolve(sent),
				),
			);
		} catch (error) {
			if (refusedMessageOnly(error) && !slot.closed) this.reset(slot);
			else this.drop(slot);
			throw error;
		}
		this.release(slot);
		return info;
	}

	/** Says QUIT on every idle connection; messages still waiting fail. */
	close(): void {
		this.closing = true;
		for (const waiter of this.waiting.splice(0))
			waiter.reject(new Error('The SMTP connection pool was closed'));
		for (const slot of this.idle.splice(0)) {
			slot.closed = true;
			slot.connection.quit();
		}
	}

	private async acquire(): Promise<Slot> {
		if (this.closing) throw new Error('The SMTP connection pool was closed');
		for (let slot = this.idle.pop(); slot; slot = this.idle.pop()) {
			if (!slot.closed) return slot;
			this.count--;
		}
		if (this.count < this.options.size) return await this.open();
		return await new Promise<Slot>((resolve, reject) => this.waiting.push({ resolve, reject }));
	}

	/** A connection that sent its message goes to the next waiting message, else back to idle. */
	private release(slot: Slot): void {
		if (slot.closed || this.closing) return this.drop(slot);
		const waiter = this.waiting.shift();
		if (waiter) waiter.resolve(slot);
		else this.idle.push(slot);
	}

	/** After a refused message the session starts over (RSET) and the connection stays in use. */
	private reset(slot: Slot): void {
		slot.connection.reset((error) => (error ? this.drop(slot) : this.release(slot)));
	}

	/** Closes a connection; a waiting message gets a new one in its place. */
	private drop(slot: Slot): void {
		if (!slot.closed) {
			slot.closed = true;
			slot.connection.close();
		}
		this.count--;
		this.admitWaiting();
	}

	/** A place that came free goes to the next waiting message, as a new connection. */
	private admitWaiting(): void {
		if (this.closing || this.count >= this.options.size) return;
		const waiter = this.waiting.shift();
		if (waiter) this.open().then(waiter.resolve, waiter.reject);
	}

	/** Opens, greets and logs in one new connection (counted from the start). */
	private async open(): Promise<Slot> {
		this.count++;
		const connection = new this.Connection({
			...this.options.connection,
			connection: this.options.openSocket(),
		});
		const slot: Slot = { connection, closed: false };
		let failOpening: ((error: unknown) => void) | undefined;
		// A connection reports a failure both here and to the send or connect in progress.
		connection.on('error', (error) => {
			slot.closed = true;
			failOpening?.(error);
		});
		connection.once('end', () => {
			slot.closed = true;
			failOpening?.(new Error('The SMTP server closed the connection'));
		});
		try {
			await new Promise<void>((resolve, reject) => {
				failOpening = reject;
				connection.connect((error) => (error ? reject(error) : resolve()));
			});
			const auth = this.options.auth;
			if (auth && connection.allowsAuth) {
				await new Promise<void>((resolve, reject) => {
					failOpening = reject;
					connection.login(auth, (error) => (error ? reject(error) : resolve()));
				});
			}
			failOpening = undefined;
			if (this.closing) throw new Error('The SMTP connection pool was closed');
			return slot;
		} catch (error) {
			failOpening = undefined;
			this.drop(slot);
			throw error;
		}
	}
}
