import type { AddressInfo } from 'node:net';

import type { INode } from 'n8n-workflow';
import { SMTPServer } from 'smtp-server';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import type { Sandbox } from '../../sandbox';
import { closedPort } from '../support/closed-port';
import { EngineHarness } from '../support/engine/harness';
import { TestBinary, TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { sandboxSmtp } from '../support/engine/smtp';
import { useFileServer } from '../support/engine/file-server';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
let filesUrl: string;

const smtp = (overrides: Record<string, unknown> = {}) =>
	sandboxSmtp(sandbox, {
		allowSelfSigned: false,
		poolSize: 2,
		fromEmail: 'bookings@acme.test',
		fromName: '',
		...overrides,
	});

function harness(overrides: Record<string, unknown> = {}) {
	return new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems(), new TestBinary()] },
		credentials: { communicationSmtpApi: smtp(overrides) },
	});
}

function emailNode(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return node(
		'Email',
		`${PKG}.emailCommunication`,
		{ emailFormat: 'text', subject: 'Hello', text: 'Hi', ...parameters },
		{
			credentials: { communicationSmtpApi: { id: 'smtp-1', name: 'SMTP' } },
			...extra,
		},
	);
}

const source = (items: Array<Record<string, unknown>>) =>
	node('Source', 'test.testItems', { items: JSON.stringify(items) });

useSandbox((started) => (sandbox = started));
useFileServer(
	(req, res) => {
		if (req.url === '/ok.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end('fine');
		else if (req.url === '/huge.bin') res.writeHead(200).end(Buffer.alloc(300 * 1024, 7));
		else res.writeHead(404).end('missing');
	},
	(url) => (filesUrl = url),
);

describe('Email Communication: bad input is a clear per-item error, the others are delivered', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['malformed To', { email: 'bob@' }, /^To entry 'bob@' is not an email address/],
		[
			'To without a dot in the domain',
			{ email: 'bob@localhost' },
			/^To entry 'bob@localhost' has no dot in its domain/,
		],
		[
			'CRLF in the Subject',
			{ subject: 'Hi\r\nBcc: evil@attacker.test' },
			/^Subject contains a line break/,
		],
		[
			'CRLF in the From Name',
			{ fromName: 'Desk\r\nBcc: evil@attacker.test' },
			/^From Name contains a line break/,
		],
		[
			'CRLF in a custom header',
			{ header: 'spring\r\nBcc: evil@attacker.test' },
			/^Custom header 'X-Campaign' contains a line break/,
		],
		[
			'CRLF in the Reply-To',
			{ replyTo: 'help@acme.test\r\nBcc: evil@attacker.test' },
			/^Reply-To entry 'help@acme\.test\\r\\nBcc: evil@attacker\.test' contains a line break, which is not allowed in an email header/,
		],
		[
			'a line break inside a CC entry',
			{ cc: 'ok@example.com, Desk\nBcc: evil@attacker.test <desk@acme.test>' },
			/^CC entry '.*' contains a line break/,
		],
		[
			'a Unicode line separator inside a BCC entry',
			{ bcc: 'audit@acme.test\u2028Bcc: evil@attacker.test' },
			/^BCC entry 'audit@acme\.test[\s\S]*' contains a line break/,
		],
		[
			'a Unicode line separator in the Subject',
			{ subject: 'Hi\u2028Bcc: evil@attacker.test' },
			/^Subject contains a line break/,
		],
		[
			'an attachment URL that 404s',
			{ url: `/missing.pdf`, allowPrivate: true },
			/answered HTTP 404$/,
		],
		[
			'an attachment that is too large',
			{ url: `/huge.bin`, allowPrivate: true },
			/than the limit of 262144 bytes/,
		],
		[
			'an attachment URL on 127.0.0.1',
			{ url: `/ok.txt` },
			/points at a private, loopback or link-local address \(127\.0\.0\.1\)/,
		],
		[
			'an attachment URL on the metadata address',
			{ absoluteUrl: 'http://169.254.169.254/latest/meta-data/' },
			/link-local address \(169\.254\.169\.254\)/,
		],
		[
			'an attachment URL with another scheme',
			{ absoluteUrl: 'file:///etc/passwd' },
			/must use http or https/,
		],
		[
			'a missing binary property',
			{ binaryProp: 'invoice' },
			/^Binary property 'invoice' does not exist on the input item/,
		],
	];

	it.each(cases)('%s', async (_label, bad, message) => {
		const good = {
			email: 'good@example.com',
			subject: 'Hello',
			fromName: 'Desk',
			header: 'spring',
			replyTo: '',
			cc: '',
			bcc: '',
			url: '',
			binaryProp: '',
		};
		const items = [
			good,
			{ ...good, ...bad, email: bad.email ?? 'bad-item@example.com' },
			{ ...good, email: 'good2@example.com' },
		].map((item) => ({
			...item,
			url:
				(item as { absoluteUrl?: string }).absoluteUrl ??
				(item.url ? `${filesUrl}${item.url}` : ''),
		}));
		const wf = chain(
			source(items),
			emailNode(
				{
					toEmail: '={{ $json.email }}',
					subject: '={{ $json.subject }}',
					fromName: '={{ $json.fromName }}',
					replyTo: '={{ $json.replyTo }}',
					ccEmail: '={{ $json.cc }}',
					bccEmail: '={{ $json.bcc }}',
					attachments: '={{ $json.binaryProp }}',
					attachmentLinks: { link: [{ url: '={{ $json.url }}', fileName: '' }] },
					options: {
						allowPrivateAttachmentHosts: '={{ $json.allowPrivate === true }}',
						maxAttachmentSizeMb: 0.25,
						customHeaders: { header: [{ name: 'X-Campaign', value: '={{ $json.header }}' }] },
					},
				},
				{ onError: 'continueErrorOutput' },
			),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.mails.map((m) => m.envelope.to[0])
				.sort(),
		).toEqual(['good2@example.com', 'good@example.com']);
		expect(
			sandbox.state().mails.every((m) => !m.headerLines.some((l) => /evil@attacker/.test(l))),
		).toBe(true);
		expect(result.output('Email', 0).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		const [failed] = result.output('Email', 1);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(String(failed.json.error)).toMatch(message);
		// n8n merges the input item's fields into items on the error output.
		expect(failed.json.email).toBe(items[1].email);
	});

	it('fails the node before anything is sent when an item has bad input and errors are not continued', async () => {
		const wf = chain(
			source([{ email: 'a@example.com' }, { email: 'nope' }]),
			emailNode({ toEmail: '={{ $json.email }}' }),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('error');
		expect(result.nodeError('Email')?.message).toBe("To entry 'nope' is not an email address");
		expect(sandbox.state().mails).toHaveLength(0);
	});

	it('a 550 for one recipient fails that item only, without retries', async () => {
		sandbox.faults.set('smtp', { permFail: ['gone@example.com'] });
		const wf = chain(
			source([
				{ email: 'a@example.com' },
				{ email: 'gone@example.com' },
				{ email: 'c@example.com' },
			]),
			emailNode(
				{ toEmail: '={{ $json.email }}', options: { retryCount: 3 } },
				{ onError: 'continueRegularOutput' },
			),
		);
		const result = await harness().run(wf);
		const out = result.output('Email');
		expect(out.map((i) => (i.json.communication as { status: string }).status)).toEqual([
			'sent',
			'failed',
			'sent',
		]);
		expect(String(out[1].json.error)).toMatch(/refused the recipient gone@example.com \(550\)/);
		expect(out[1].json.email).toBe('gone@example.com');
		expect(out[1].json.communication).toMatchObject({
			status: 'failed',
			success: false,
			attempts: 1,
		});
	});

	it('a 550 for a CC recipient is a warning; the primary recipient still gets the email', async () => {
		sandbox.faults.set('smtp', { permFail: ['gone@example.com'] });
		const result = await harness().run(
			chain(
				source([{ email: 'a@example.com' }]),
				emailNode({ ccEmail: 'gone@example.com, ok@example.com' }),
			),
		);
		const communication = result.output('Email')[0].json.communication as {
			status: string;
			rejected: string[];
			warnings: string[];
			accepted: string[];
		};
		expect(communication.status).toBe('sent');
		expect(communication.rejected).toEqual(['gone@example.com']);
		expect(communication.accepted.sort()).toEqual(['a@example.com', 'ok@example.com']);
		expect(communication.warnings[0]).toMatch(
			/refused the copy recipient gone@example.com \(550\)/,
		);
	});
});

describe('Email Communication: faults', () => {
	it('a 421 greeting on the first attempt, then success: sent once, attempts 2', async () => {
		sandbox.faults.set('smtp', { greeting421: 1 });
		const result = await harness().run(chain(source([{ email: 'a@example.com' }]), emailNode({})));
		expect(sandbox.state().mails).toHaveLength(1);
		expect(result.output('Email')[0].json.communication).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
	});

	it('a 451 for the primary recipient is retried without re-sending to the CC that already accepted', async () => {
		sandbox.faults.set('smtp', { tempFail: ['a@example.com'] });
		const result = await harness().run(
			chain(source([{ email: 'a@example.com' }]), emailNode({ ccEmail: 'cc@example.com' })),
		);
		const envelopes = sandbox.state().mails.map((m) => m.envelope.to.sort());
		expect(envelopes).toEqual([['cc@example.com'], ['a@example.com']]);
		expect(result.output('Email')[0].json.communication).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
	});

	it('a server that is down fails the item in bounded time', async () => {
		const started = Date.now();
		const result = await harness({ port: await closedPort() }).run(
			chain(
				source([{ email: 'a@example.com' }]),
				emailNode({ options: { retryCount: 1 } }, { onError: 'continueRegularOutput' }),
			),
		);
		expect(Date.now() - started).toBeLessThan(10_000);
		const [item] = result.output('Email');
		expect(String(item.json.error)).toMatch(
			/Could not connect to the SMTP server at 127\.0\.0\.1:\d+ \(connection refused\)/,
		);
		expect(item.json.communication).toMatchObject({ status: 'failed', attempts: 2 });
	});

	it("n8n's Retry On Fail after a partial failure sends no duplicates", async () => {
		// First node run: a is sent, b gets a 451 (Retry Count 0), the node fails. n8n re-runs the
		// whole node (same execution): a's idempotency key is already sent, so only b goes out.
		sandbox.faults.set('smtp', { tempFail: ['b@example.com'] });
		const wf = chain(
			source([{ email: 'a@example.com' }, { email: 'b@example.com' }]),
			emailNode(
				{ toEmail: '={{ $json.email }}', options: { retryCount: 0 } },
				{ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		expect(
			sandbox
				.state()
				.mails.map((m) => m.envelope.to[0])
				.sort(),
		).toEqual(['a@example.com', 'b@example.com']);
		const [a, b] = result
			.output('Email')
			.map((i) => i.json.communication as { status: string; warnings: string[] });
		expect(a.status).toBe('sent');
		expect(a.warnings.at(-1)).toMatch(/Already sent earlier under idempotency key/);
		expect(b.status).toBe('sent');
	});

	it('an Idempotency Key already sent in an earlier execution is not sent again', async () => {
		const wf = chain(
			source([{ email: 'a@example.com', bookingId: 'B-17' }]),
			emailNode({ options: { idempotencyKey: '={{ "confirm-" + $json.bookingId }}' } }),
		);
		const h = harness();
		await h.run(wf);
		const second = await h.run(wf);
		expect(sandbox.state().mails).toHaveLength(1);
		expect(
			(second.output('Email')[0].json.communication as { warnings: string[] }).warnings.at(-1),
		).toMatch(/confirm-B-17/);
	});
});

describe('SMTP credential test', () => {
	const email = new EmailCommunication();
	const test = async (data: Record<string, unknown>) =>
		await harness().testCredential(email, 'smtpConnectionTest', {
			id: '1',
			name: 'SMTP',
			type: 'communicationSmtpApi',
			data: data as never,
		});

	it('passes with the right settings', async () => {
		expect(await test(smtp())).toEqual({ status: 'OK', message: 'Connection successful' });
	});

	it('fails with a clear message and no password for a wrong password (535)', async () => {
		sandbox.reset();
		const result = await test(smtp({ password: 'wrong-password-123' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/rejected the user name or password \(535\)/);
		expect(result.message).not.toContain('wrong-password-123');
	});

	it('fails for a refused connection', async () => {
		const result = await test(smtp({ port: await closedPort() }));
		expect(result.message).toMatch(/connection refused/);
	});

	it('refuses a self-signed certificate unless allowed', async () => {
		const tls = smtp({ port: sandbox.smtp.tlsPort, security: 'tls' });
		expect((await test(tls)).message).toMatch(/not trusted .*Allow Self-Signed Certificates/);
		expect((await test({ ...tls, allowSelfSigned: true })).status).toBe('OK');
	});

	it('says to turn on encryption when the server requires TLS for AUTH (538)', async () => {
		const server = new SMTPServer({
			allowInsecureAuth: false,
			disableReverseLookup: true,
			logger: false,
			onAuth: (_a, _s, cb) => cb(null, { user: 'x' }),
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			const port = (server.server.address() as AddressInfo).port;
			const result = await test(smtp({ port, user: 'u', password: 'p-secret-9' }));
			expect(result.message).toMatch(/requires an encrypted connection .*STARTTLS or TLS/);
			expect(result.message).not.toContain('p-secret-9');
		} finally {
			await new Promise<void>((r) => server.close(() => r()));
		}
	});
});
