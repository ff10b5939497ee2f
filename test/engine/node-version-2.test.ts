// Version 2 of Email Communication and Manual Action: the fields moved into Options send and
// behave exactly as the top-level fields of version 1 (which the other engine tests cover).
import { createHash } from 'node:crypto';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { getLedger } from '../../nodes/shared/ledger';
import { expireOverdueTasks } from '../../nodes/shared/manual-tasks';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestBinary, TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { get, manualActionKit } from '../support/manual-action-kit';
import { sandboxSmtp } from '../support/engine/smtp';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

describe('Email Communication version 2', () => {
	it('sends From Name, CC, BCC, Reply-To and binary attachments set under Options', async () => {
		const harness = new EngineHarness({
			nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems(), new TestBinary()] },
			credentials: {
				communicationSmtpApi: sandboxSmtp(sandbox, {
					allowSelfSigned: false,
					poolSize: 1,
					fromEmail: 'bookings@acme.test',
					fromName: 'Acme Bookings',
				}),
			},
		});
		const wf = chain(
			node('Source', 'test.testItems', {
				items: JSON.stringify([{ id: 'c1', email: 'ann@example.com', first_name: 'Ann' }]),
			}),
			node('Attach', 'test.testBinary', { mode: 'write', text: 'invoice body' }),
			node(
				'Email',
				`${PKG}.emailCommunication`,
				{
					emailFormat: 'text',
					subject: 'Hello {{ first_name }}',
					text: 'Hi there',
					options: {
						fromName: 'Front Desk',
						ccEmail: 'boss@example.com',
						bccEmail: 'audit@example.com',
						replyTo: 'help@acme.test',
						attachments: 'data',
					},
				},
				{
					typeVersion: 2,
					credentials: { communicationSmtpApi: { id: 'smtp-1', name: 'Sandbox SMTP' } },
				},
			),
		);
		const result = await harness.run(wf);
		expect(result.status).toBe('success');
		const [mail] = sandbox.state().mails;
		expect(mail.from).toEqual([{ name: 'Front Desk', address: 'bookings@acme.test' }]);
		expect(mail.cc.map((a) => a.address)).toEqual(['boss@example.com']);
		expect(mail.envelope.to.sort()).toEqual([
			'ann@example.com',
			'audit@example.com',
			'boss@example.com',
		]);
		expect(mail.replyTo.map((a) => a.address)).toEqual(['help@acme.test']);
		expect(mail.subject).toBe('Hello Ann');
		const sha = (s: string) => createHash('sha256').update(s).digest('hex');
		expect(mail.attachments.map((a) => [a.filename, a.sha256])).toEqual([
			['note.txt', sha('invoice body')],
		]);
		expect(result.output('Email')[0].json.communication).toMatchObject({
			status: 'sent',
			to: ['ann@example.com'],
		});
	});
});

describe('Manual Action version 2', () => {
	const { harness, taskWorkflow, contact, linkMailedTo } = manualActionKit(() => sandbox);

	it('shows Contact Name from Options and is overdue after the wait limit set under Options', async () => {
		const h = harness();
		const item = contact({ owner: 'alice@example.com' });
		const started = Date.now();
		const run = await h.run(
			taskWorkflow(
				[item],
				{
					options: {
						contactName: 'Lena from Options',
						limitWaitTime: { values: { waitAmount: 2, waitUnit: 'hours' } },
					},
				},
				{ typeVersion: 2 },
			),
		);
		const page = await h.resume(run.executionId, get(linkMailedTo('alice@example.com')));
		expect(page.response.body).toContain('Lena from Options');

		// Injected clocks: one hour later the task is not overdue, three hours later it is.
		const ledger = await getLedger();
		const woken: string[] = [];
		const wake = async (url: string) => {
			woken.push(url);
		};
		expect(await expireOverdueTasks(ledger, new Date(started + 3_600_000), wake)).toEqual([]);
		const attempts = await expireOverdueTasks(ledger, new Date(started + 3 * 3_600_000), wake);
		expect(attempts).toEqual([expect.objectContaining({ ok: true, executionId: run.executionId })]);
		expect(woken).toHaveLength(1);
	});
});
