// The SMTP peers answer real nodemailer over plain, STARTTLS and implicit TLS, and each SMTP fault knob bites.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { startSandbox, type Sandbox } from '../../sandbox';
import { rejectionOf } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

function plainTransport(extra: SMTPTransport.Options = {}) {
	return nodemailer.createTransport({
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		ignoreTLS: true,
		...extra,
	});
}

function startTlsTransport(extra: SMTPTransport.Options = {}) {
	return nodemailer.createTransport({
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		requireTLS: true,
		tls: { ca: sandbox.smtp.ca },
		...extra,
	});
}

const message = {
	from: 'Sender <sender@example.com>',
	to: 'rcpt@example.com',
	subject: 'Hello',
	text: 'Hi there',
};

describe('delivery', () => {
	it('captures envelope, headers, bodies, threading and attachments over plain SMTP', async () => {
		const attachment = Buffer.from('id,name\n1,Ada\n');
		const info = await plainTransport().sendMail({
			from: 'Booking Desk <desk@example.com>',
			to: 'Ada Lovelace <ada@example.com>',
			cc: ['cc1@example.com', 'cc2@example.org'],
			bcc: 'hidden@example.net',
			subject: 'Your booking ✓',
			text: 'Plain body',
			html: '<p>HTML <b>body</b></p>',
			inReplyTo: '<original@example.com>',
			references: ['<first@example.com>', '<original@example.com>'],
			headers: { 'X-Campaign': 'SPRING' },
			attachments: [{ filename: 'list.csv', content: attachment, contentType: 'text/csv' }],
		});
		expect(info.response).toMatch(/^250 /);

		const [mail] = sandbox.state().mails;
		expect(mail.envelope).toEqual({
			from: 'desk@example.com',
			to: ['ada@example.com', 'cc1@example.com', 'cc2@example.org', 'hidden@example.net'],
		});
		expect(mail.from).toEqual([{ name: 'Booking Desk', address: 'desk@example.com' }]);
		expect(mail.to).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.com' }]);
		expect(mail.cc.map((entry) => entry.address)).toEqual(['cc1@example.com', 'cc2@example.org']);
		expect(mail.subject).toBe('Your booking ✓');
		expect(mail.text?.trim()).toBe('Plain body');
		expect(mail.html).toBe('<p>HTML <b>body</b></p>');
		expect(mail.messageId).toBe(info.messageId);
		expect(mail.inReplyTo).toBe('<original@example.com>');
		expect(mail.references).toEqual(['<first@example.com>', '<original@example.com>']);
		expect(mail.headers['x-campaign']).toBe('SPRING');
		expect(mail.headerLines.some((line) => line.startsWith('X-Campaign: SPRING'))).toBe(true);
		expect(mail.headers.bcc).toBeUndefined();
		expect(mail.attachments).toEqual([
			expect.objectContaining({
				filename: 'list.csv',
				contentType: 'text/csv',
				size: attachment.length,
				sha256: createHash('sha256').update(attachment).digest('hex'),
				content: attachment.toString('base64'),
			}),
		]);
		const { smtpSessions } = sandbox.state();
		expect(smtpSessions.count).toBe(1);
		expect(smtpSessions.sessions[0]).toMatchObject({
			id: mail.sessionId,
			secure: false,
			authUser: null,
			messages: 1,
		});
	});

	it('upgrades with STARTTLS when the client trusts the generated CA, and authenticates', async () => {
		await startTlsTransport({
			auth: { user: sandbox.smtp.user ?? '', pass: sandbox.smtp.pass ?? '' },
		}).sendMail(message);
		const { smtpSessions, mails } = sandbox.state();
		expect(mails).toHaveLength(1);
		expect(smtpSessions.sessions[0]).toMatchObject({
			secure: true,
			authUser: 'sandbox',
			messages: 1,
		});
	});

	it('speaks implicit TLS on the TLS port', async () => {
		const transport = nodemailer.createTransport({
			host: sandbox.smtp.host,
			port: sandbox.smtp.tlsPort,
			secure: true,
			tls: { ca: sandbox.smtp.ca },
		});
		await transport.sendMail(message);
		expect(sandbox.state().smtpSessions.sessions[0].secure).toBe(true);
	});

	it('verifies the certificate for the name localhost too', async () => {
		const transport = nodemailer.createTransport({
			host: 'localhost',
			port: sandbox.smtp.tlsPort,
			secure: true,
			tls: { ca: sandbox.smtp.ca },
		});
		await expect(transport.verify()).resolves.toBe(true);
	});

	it('is not trusted without the CA', async () => {
		const error = await rejectionOf(startTlsTransport({ tls: {} }).sendMail(message));
		expect(String(error.message)).toMatch(/certificate/i);
		expect(sandbox.state().mails).toHaveLength(0);
	});

	it('rejects a wrong password with 535 5.7.8', async () => {
		const error = await rejectionOf(
			startTlsTransport({ auth: { user: 'sandbox', pass: 'wrong' } }).sendMail(message),
		);
		expect(error.responseCode).toBe(535);
		expect(String(error.response)).toMatch(/^535 5\.7\.8 /);
		expect(sandbox.state().mails).toHaveLength(0);
	});

	it('reuses a few connections for 50 mails through a pooled transport', async () => {
		const transport = nodemailer.createTransport({
			pool: true,
			host: sandbox.smtp.host,
			port: sandbox.smtp.port,
			ignoreTLS: true,
			maxConnections: 3,
			maxMessages: 100,
		});
		await Promise.all(
			Array.from({ length: 50 }, (_, index) =>
				transport.sendMail({ ...message, subject: `Pooled ${index}` }),
			),
		);
		transport.close();
		const state = sandbox.state();
		expect(state.mails).toHaveLength(50);
		expect(state.smtpSessions.count).toBeLessThanOrEqual(3);
		expect(state.stats.smtp.maxInFlight).toBeLessThanOrEqual(3);
		expect(state.smtpSessions.sessions.reduce((sum, session) => sum + session.messages, 0)).toBe(
			50,
		);
	});
});

describe('fault knobs', () => {
	it('greeting421: the next connection gets 421, the one after succeeds', async () => {
		sandbox.faults.set('smtp', { greeting421: 1 });
		const error = await rejectionOf(plainTransport().sendMail(message));
		expect(error.responseCode).toBe(421);
		await plainTransport().sendMail(message);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('tempFail: 451 4.3.0 for the listed recipient once, then accepted on retry', async () => {
		sandbox.faults.set('smtp', { tempFail: ['rcpt@example.com'] });
		const error = await rejectionOf(plainTransport().sendMail(message));
		expect(error.responseCode).toBe(451);
		expect(String(error.response)).toMatch(/^451 4\.3\.0 /);
		expect(sandbox.state().mails).toHaveLength(0);
		await plainTransport().sendMail(message);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('permFail: 550 5.1.1 every time, other recipients still delivered', async () => {
		sandbox.faults.set('smtp', { permFail: ['gone@example.com'] });
		const error = await rejectionOf(
			plainTransport().sendMail({ ...message, to: 'gone@example.com' }),
		);
		expect(error.responseCode).toBe(550);
		expect(String(error.response)).toMatch(/^550 5\.1\.1 /);
		const info = await plainTransport().sendMail({
			...message,
			to: ['gone@example.com', 'ok@example.com'],
		});
		expect(info.rejected).toEqual(['gone@example.com']);
		expect(info.accepted).toEqual(['ok@example.com']);
		expect(sandbox.state().mails[0].envelope.to).toEqual(['ok@example.com']);
	});

	it('dropAfterData: the connection dies after the message data, nothing is stored', async () => {
		sandbox.faults.set('smtp', { dropAfterData: 1 });
		const error = await rejectionOf(plainTransport().sendMail(message));
		expect(error.responseCode).toBeUndefined();
		expect(String(error.code)).toMatch(/ECONNECTION|ESOCKET|ETIMEDOUT/);
		expect(sandbox.state().mails).toHaveLength(0);
		await plainTransport().sendMail(message);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('dropNext: the connection closes before any greeting', async () => {
		sandbox.faults.set('smtp', { dropNext: 1 });
		// nodemailer leaves its greeting timer running after such a close; keep it short.
		const error = await rejectionOf(plainTransport({ greetingTimeout: 500 }).sendMail(message));
		expect(error.responseCode).toBeUndefined();
		// nodemailer 7 said "Unexpected socket close", nodemailer 10 says "Connection closed unexpectedly".
		expect(String(error.message)).toMatch(
			/Unexpected socket close|Connection closed unexpectedly|ECONNRESET/,
		);
		await plainTransport().sendMail(message);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('latencyMs: delays the greeting and the DATA reply', async () => {
		sandbox.faults.set('smtp', { latencyMs: 150 });
		const started = Date.now();
		await plainTransport().sendMail(message);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
	});
});

describe('limits', () => {
	it('rejects messages above the size limit with 552 and requires AUTH when asked to', async () => {
		const strict = await startSandbox({ smtpSizeLimit: 2_000, smtpAuthRequired: true });
		try {
			const base = { host: strict.smtp.host, port: strict.smtp.port, ignoreTLS: true };
			const unauthenticated = await rejectionOf(nodemailer.createTransport(base).sendMail(message));
			expect(unauthenticated.responseCode).toBe(530);
			const auth = { user: strict.smtp.user ?? '', pass: strict.smtp.pass ?? '' };
			const tooBig = await rejectionOf(
				nodemailer
					.createTransport({ ...base, auth })
					.sendMail({ ...message, text: 'x'.repeat(5_000) }),
			);
			expect(tooBig.responseCode).toBe(552);
			await nodemailer.createTransport({ ...base, auth }).sendMail(message);
			expect(strict.state().mails).toHaveLength(1);
		} finally {
			await strict.stop();
		}
	});
});
