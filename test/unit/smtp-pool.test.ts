// The SMTP connection pool against the sandbox's SMTP peer (and one tiny server that ends each
// session after its first message): how many connections it opens, that it reuses them, and
// that a refused message or a closed connection does not cost the next message.
import { connect } from 'node:net';

import SMTPConnection from 'nodemailer/lib/smtp-connection';

import { SmtpPool } from '../../nodes/shared/transport/smtp-pool';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startMinimalSmtp, type MinimalSmtp } from '../../sandbox/minimal-smtp';
import { closedPort } from '../support/closed-port';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const message = (to: string) =>
	`From: team@acme.test\r\nTo: ${to}\r\nSubject: Pool ${to}\r\nMessage-ID: <${to}@acme.test>\r\n\r\nHello\r\n`;

function poolFor(host: string, port: number, size: number, auth?: { user: string; pass: string }) {
	return new SmtpPool(SMTPConnection, {
		size,
		connection: { host, port, ignoreTLS: true, secure: false },
		auth,
		openSocket: () => connect({ host, port, noDelay: true }),
	});
}

const sandboxPool = (size: number) =>
	poolFor(
		sandbox.smtp.host,
		sandbox.smtp.port,
		size,
		sandbox.smtp.user ? { user: sandbox.smtp.user, pass: sandbox.smtp.pass ?? '' } : undefined,
	);

describe('SmtpPool', () => {
	it('sends many messages over at most `size` connections and reuses them', async () => {
		const pool = sandboxPool(2);
		try {
			const to = Array.from({ length: 12 }, (_, i) => `user${i}@example.com`);
			const infos = await Promise.all(
				to.map(
					async (address) =>
						await pool.send({ from: 'team@acme.test', to: [address] }, message(address)),
				),
			);
			expect(infos.map((info) => info.accepted)).toEqual(to.map((address) => [address]));
		} finally {
			pool.close();
		}
		const state = sandbox.state();
		expect(state.mails).toHaveLength(12);
		expect(state.smtpSessions.count).toBe(2);
		expect(state.smtpSessions.sessions.map((s) => s.messages).reduce((a, b) => a + b, 0)).toBe(12);
		expect(state.stats.smtp.maxInFlight).toBeLessThanOrEqual(2);
	});

	it('keeps using a connection after the server refused one message (RSET, no new session)', async () => {
		sandbox.faults.set('smtp', { permFail: ['gone@example.com'] });
		const pool = sandboxPool(1);
		try {
			await expect(
				pool.send(
					{ from: 'team@acme.test', to: ['gone@example.com'] },
					message('gone@example.com'),
				),
			).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
			const info = await pool.send(
				{ from: 'team@acme.test', to: ['ok@example.com'] },
				message('ok@example.com'),
			);
			expect(info.accepted).toEqual(['ok@example.com']);
		} finally {
			pool.close();
		}
		expect(sandbox.state().smtpSessions.count).toBe(1);
		expect(sandbox.state().mails.map((m) => m.envelope.to)).toEqual([['ok@example.com']]);
	});

	it('fails a message whose connection cannot be opened, and the waiting ones too, without hanging', async () => {
		const pool = poolFor('127.0.0.1', await closedPort(), 1);
		try {
			const results = await Promise.allSettled(
				['a', 'b', 'c'].map(
					async (name) =>
						await pool.send({ from: 'x@acme.test', to: [`${name}@example.com`] }, message(name)),
				),
			);
			expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
		} finally {
			pool.close();
		}
	});

	describe('a server that ends each session after one message', () => {
		let server: MinimalSmtp;
		let sessions = 0;
		let delivered: string[] = [];

		beforeAll(async () => {
			server = await startMinimalSmtp({
				endAfterMessage: true,
				onSession: () => sessions++,
				onMessage: (text) => delivered.push(/^To: (.+)$/m.exec(text)?.[1] ?? ''),
			});
		});
		afterAll(async () => await server.stop());

		it('opens a new connection for the next message instead of failing it', async () => {
			sessions = 0;
			delivered = [];
			const pool = poolFor('127.0.0.1', server.port, 1);
			try {
				for (const name of ['first', 'second', 'third']) {
					await pool.send(
						{ from: 'x@acme.test', to: [`${name}@example.com`] },
						message(`${name}@example.com`),
					);
					// Give the close a moment to arrive, as an idle timeout would between two items.
					await new Promise((resolve) => setTimeout(resolve, 50));
				}
			} finally {
				pool.close();
			}
			expect(delivered).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
			expect(sessions).toBe(3);
		});
	});
});
