import { createHash } from 'node:crypto';

import type { INode } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestBinary, TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { sandboxSmtp } from '../support/engine/smtp';
import { useFileServer } from '../support/engine/file-server';
import { useSandbox } from '../support/engine/sandbox';

const EMAIL = `${PKG}.emailCommunication`;
let sandbox: Sandbox;
let filesUrl: string;

function smtpCredentials(overrides: Record<string, unknown> = {}) {
	return {
		communicationSmtpApi: sandboxSmtp(sandbox, {
			allowSelfSigned: false,
			poolSize: 3,
			fromEmail: 'bookings@acme.test',
			fromName: 'Acme Bookings',
			...overrides,
		}),
	};
}

function harness(overrides: Record<string, unknown> = {}) {
	return new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems(), new TestBinary()] },
		credentials: smtpCredentials(overrides),
	});
}

function emailNode(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return node(
		'Email',
		EMAIL,
		{ emailFormat: 'text', subject: 'Hello', text: 'Hi there', ...parameters },
		{
			credentials: { communicationSmtpApi: { id: 'smtp-1', name: 'Sandbox SMTP' } },
			...extra,
		},
	);
}

function source(items: Array<Record<string, unknown>>): INode {
	return node('Source', 'test.testItems', { items: JSON.stringify(items) });
}

useSandbox((started) => (sandbox = started));
useFileServer(
	(req, res) => {
		if (req.url === '/terms.pdf') {
			res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('%PDF-terms'));
		} else if (req.url === '/huge.bin') {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			res.end(Buffer.alloc(2 * 1024 * 1024, 1));
		} else {
			res.writeHead(404).end('missing');
		}
	},
	(url) => (filesUrl = url),
);

describe('Email Communication: what arrives', () => {
	it('delivers every field as intended', async () => {
		const wf = chain(
			source([
				{
					id: 'c1',
					email: 'Ann Lee <ann@example.com>',
					first_name: 'Ann',
					appointment: { start_time: '10:30' },
					note: '<b>VIP</b>',
				},
			]),
			node('Attach', 'test.testBinary', { mode: 'write', text: 'invoice body' }),
			emailNode({
				fromName: 'Front Desk',
				ccEmail: 'boss@example.com; "Doe, John" <john@example.com>',
				bccEmail: 'audit@example.com',
				replyTo: 'help@acme.test',
				subject: 'Booking for {{ first_name }} at {{ appointment.start_time }}',
				emailFormat: 'html',
				html: '<p>Hello {{ contact.first_name }}, note: {{ note }}</p><p><a href="https://acme.test/b">Manage</a></p>',
				attachments: 'data',
				attachmentLinks: { link: [{ url: `${filesUrl}/terms.pdf`, fileName: '' }] },
				options: {
					allowPrivateAttachmentHosts: true,
					inReplyTo: 'orig-1@acme.test',
					references: '<orig-0@acme.test>, <orig-1@acme.test>',
					customHeaders: { header: [{ name: 'X-Campaign', value: 'spring' }] },
				},
			}),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		const [mail] = sandbox.state().mails;
		expect(mail.from).toEqual([{ name: 'Front Desk', address: 'bookings@acme.test' }]);
		expect(mail.to).toEqual([{ name: 'Ann Lee', address: 'ann@example.com' }]);
		expect(mail.cc.map((a) => a.address)).toEqual(['boss@example.com', 'john@example.com']);
		expect(mail.cc[1].name).toBe('Doe, John');
		expect(mail.envelope.to.sort()).toEqual([
			'ann@example.com',
			'audit@example.com',
			'boss@example.com',
			'john@example.com',
		]);
		expect(mail.headerLines.join('\n')).not.toMatch(/^bcc:/im);
		expect(mail.replyTo.map((a) => a.address)).toEqual(['help@acme.test']);
		expect(mail.subject).toBe('Booking for Ann at 10:30');
		expect(mail.html).toContain('Hello Ann, note: &lt;b&gt;VIP&lt;/b&gt;');
		expect(mail.text).toContain('Hello Ann, note: <b>VIP</b>');
		expect(mail.text).toContain('Manage (https://acme.test/b)');
		expect(mail.inReplyTo).toBe('<orig-1@acme.test>');
		expect(mail.references).toEqual(['<orig-0@acme.test>', '<orig-1@acme.test>']);
		expect(mail.headers['x-campaign']).toBe('spring');
		const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
		expect(mail.attachments.map((a) => [a.filename, a.sha256])).toEqual([
			['note.txt', sha('invoice body')],
			['terms.pdf', sha('%PDF-terms')],
		]);

		const out = result.output('Email');
		expect(out).toHaveLength(1);
		expect(out[0].json.first_name).toBe('Ann');
		expect(out[0].binary?.data).toBeDefined();
		expect(out[0].json.communication).toMatchObject({
			channel: 'email',
			status: 'sent',
			success: true,
			output: 'Email has been successfully sent.',
			participantId: 'c1',
			to: ['ann@example.com'],
			rejected: [],
			attempts: 1,
			smtpResponse: { code: 250 },
		});
		expect(out[0].json.communication).toHaveProperty('providerMessageId', mail.messageId);
	});

	it('derives nothing when the format is text, and uses the custom Output message', async () => {
		const wf = chain(
			source([{ email: 'a@example.com' }]),
			emailNode({ options: { outputMessage: 'Mail queued for {{x}}' } }),
		);
		const result = await harness().run(wf);
		expect(sandbox.state().mails[0].html).toBeNull();
		expect(result.output('Email')[0].json.communication).toMatchObject({
			output: 'Mail queued for {{x}}',
		});
	});

	it("fills merge fields from the stored contact profile and, via customer_id, the customer's profile", async () => {
		const { getLedger } = await import('../../nodes/shared/ledger');
		const ledger = await getLedger();
		await ledger.updateProfile('c-77', { first_name: 'Stored Ann' });
		await ledger.updateProfile('customer:acct-9', { plan: 'Gold' });
		const wf = chain(
			source([
				{ id: 'c-77', email: 'a@example.com', first_name: 'Item Ann', customer_id: 'acct-9' },
			]),
			emailNode({ subject: '{{ first_name }} on {{ customer.plan }}' }),
		);
		await harness().run(wf);
		expect(sandbox.state().mails[0].subject).toBe('Stored Ann on Gold');
	});

	it('Send Test To redirects every message and drops CC/BCC', async () => {
		const wf = chain(
			source([{ email: 'real@example.com' }]),
			emailNode({ ccEmail: 'cc@example.com', options: { sendTestTo: 'qa@acme.test' } }),
		);
		const result = await harness().run(wf);
		const [mail] = sandbox.state().mails;
		expect(mail.envelope.to).toEqual(['qa@acme.test']);
		expect(mail.subject).toBe('[TEST] Hello');
		expect(
			(result.output('Email')[0].json.communication as { warnings: string[] }).warnings[0],
		).toMatch(/Test mode/);
	});

	it('renders a missing merge field empty with a warning, or fails the item in strict mode', async () => {
		const loose = await harness().run(
			chain(source([{ email: 'a@example.com' }]), emailNode({ subject: 'Hi {{ first_name }}!' })),
		);
		expect(sandbox.state().mails[0].subject).toBe('Hi !');
		expect(
			(loose.output('Email')[0].json.communication as { warnings: string[] }).warnings,
		).toEqual(['Subject: merge field {{ first_name }} has no value and was left empty']);
		const strict = await harness().run(
			chain(
				source([{ email: 'a@example.com' }]),
				emailNode({ subject: 'Hi {{ first_name }}!', options: { failOnMissingMergeFields: true } }),
			),
		);
		expect(strict.status).toBe('error');
		expect(strict.nodeError('Email')?.message).toBe(
			'Subject: merge field {{ first_name }} has no value for this participant',
		);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('skips items carrying an earlier failure when Only If Everything Was Successful is on', async () => {
		const wf = chain(
			source([
				{ email: 'a@example.com' },
				{ email: 'b@example.com', communication: { success: false } },
				{ email: 'c@example.com', error: 'boom' },
			]),
			emailNode({ options: { onlyIfSuccessful: true } }),
		);
		const result = await harness().run(wf);
		expect(sandbox.state().mails.map((m) => m.envelope.to[0])).toEqual(['a@example.com']);
		expect(
			result.output('Email').map((i) => (i.json.communication as { status: string }).status),
		).toEqual(['sent', 'skipped', 'skipped']);
	});
});

describe('Email Communication: volume', () => {
	it('delivers 200 items exactly once, in order, over a few pooled connections', async () => {
		const people = Array.from({ length: 200 }, (_v, i) => ({
			id: `p${i}`,
			email: `person${i}@example.com`,
		}));
		const wf = chain(
			source(people),
			emailNode({ subject: 'Hello {{ id }}', options: { maxConcurrentSends: 3 } }),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		const mails = sandbox.state().mails;
		expect(mails).toHaveLength(200);
		expect(new Set(mails.map((m) => m.envelope.to[0])).size).toBe(200);
		const out = result.output('Email');
		expect(out.map((i) => i.json.email)).toEqual(people.map((p) => p.email));
		expect(out.map((i) => i.pairedItem)).toEqual(people.map((_p, index) => ({ item: index })));
		expect(sandbox.state().smtpSessions.count).toBeLessThanOrEqual(3);
	});

	it('returns queued at once in async mode and still delivers everything', async () => {
		sandbox.faults.set('smtp', { latencyMs: 50 });
		const people = Array.from({ length: 10 }, (_v, i) => ({ email: `async${i}@example.com` }));
		const result = await harness().run(
			chain(source(people), emailNode({ options: { async: true } })),
		);
		expect(
			result
				.output('Email')
				.every((i) => (i.json.communication as { status: string }).status === 'queued'),
		).toBe(true);
		for (let waited = 0; sandbox.state().mails.length < 10 && waited < 5000; waited += 50) {
			await new Promise((r) => setTimeout(r, 50));
		}
		expect(sandbox.state().mails).toHaveLength(10);
	});
});
