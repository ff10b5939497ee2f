import type { INode } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { fakeDateOnly } from '../support/engine/clock';
import { sandboxSmtp } from '../support/engine/smtp';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const people = [
	{ id: 'ny', email: 'ny@example.com', first_name: 'Nia', timezone: 'America/New_York' },
	{ id: 'la', email: 'la@example.com', first_name: 'Lou', timezone: 'America/Los_Angeles' },
	{ id: 'be', email: 'be@example.com', first_name: 'Ben', timezone: 'Europe/Berlin' },
	{ id: 'tk', email: 'tk@example.com', first_name: 'Kenji', timezone: 'Asia/Tokyo' },
];

function workflow(
	schedule: Record<string, string | boolean>,
	items = people,
	extra: Partial<INode> = {},
) {
	return chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		node(
			'Email',
			`${PKG}.emailCommunication`,
			{
				emailFormat: 'text',
				subject: 'Hi {{ first_name }}',
				text: 'See you',
				communicationName: 'APPOINTMENT_REMINDER',
				schedule,
			},
			{ credentials: { communicationSmtpApi: { id: '1', name: 'SMTP' } }, ...extra },
		),
		node('After', 'test.testItems', { items: '[]' }),
	);
}

function harness(executions?: ReturnType<EngineHarness['exportExecutions']>) {
	return new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems()] },
		credentials: {
			communicationSmtpApi: sandboxSmtp(sandbox, { fromEmail: 'desk@acme.test' }),
		},
		executions,
	});
}

const recipients = () => sandbox.state().mails.map((m) => m.envelope.to[0]);
const statuses = (items: Array<{ json: Record<string, unknown> }>) =>
	items.map((i) => (i.json.communication as { status: string }).status);

describe('Schedule: plan, wait, resume through the dispatcher', () => {
	it('sends in-window items inline, waits for the others and completes once all are sent', async () => {
		clock('2026-06-10T14:00:00Z'); // NY 10:00, LA 07:00, Berlin 16:00, Tokyo 23:00
		const h = harness();
		await h.startWaitingServer();
		try {
			const first = await h.run(workflow({ from: '09:00', to: '18:00' }));
			expect(first.status).toBe('waiting');
			expect(recipients().sort()).toEqual(['be@example.com', 'ny@example.com']);
			expect(statuses(first.output('Email'))).toEqual(['sent', 'scheduled', 'sent', 'scheduled']);
			expect(first.output('Email')[1].json.communication).toMatchObject({
				scheduledFor: '2026-06-10T16:00:00.000Z',
			});

			const ledger = await getLedger();
			clock('2026-06-10T15:00:00Z');
			expect(await dispatchDue(ledger, new Date(), { workerId: 'd1' })).toEqual([]);

			clock('2026-06-10T16:00:05Z');
			const round = await dispatchDue(ledger, new Date(), { workerId: 'd1' });
			expect(round).toHaveLength(1);
			expect(round[0]).toMatchObject({ ok: true, executionId: first.executionId });
			expect(round[0].resumeUrl).toMatch(/signature=\*\*\*$/);
			expect(recipients()).toContain('la@example.com');
			expect(h.resultFor(first.executionId).status).toBe('waiting');

			// The participant's profile changes between planning and sending: the new data is used.
			await ledger.updateProfile('tk', { first_name: 'Kenji-san' });
			clock('2026-06-11T00:00:10Z');
			await dispatchDue(ledger, new Date(), { workerId: 'd1' });
			const done = h.resultFor(first.executionId);
			expect(done.status).toBe('success');
			expect(
				sandbox.state().mails.find((m) => m.envelope.to[0] === 'tk@example.com')?.subject,
			).toBe('Hi Kenji-san');
			const out = done.output('Email');
			expect(out.map((i) => i.json.email)).toEqual(people.map((p) => p.email));
			expect(statuses(out)).toEqual(['sent', 'sent', 'sent', 'sent']);
			expect(out.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(done.ranNodes()).toContain('After');
			expect(recipients()).toHaveLength(4);
		} finally {
			await h.close();
		}
	});

	it('a canceled communication is never sent, even when its window opens, and the execution resumes', async () => {
		clock('2026-06-10T14:00:00Z');
		const h = harness();
		await h.startWaitingServer();
		try {
			const first = await h.run(workflow({ from: '09:00', to: '18:00' }, [people[0], people[1]]));
			const ledger = await getLedger();
			const canceled = await ledger.cancel('la', 'APPOINTMENT_REMINDER');
			expect(canceled).toHaveLength(1);
			clock('2026-06-10T14:00:30Z');
			await dispatchDue(ledger, new Date(), { workerId: 'd1' });
			const done = h.resultFor(first.executionId);
			expect(done.status).toBe('success');
			expect(statuses(done.output('Email'))).toEqual(['sent', 'canceled']);
			clock('2026-06-10T16:30:00Z');
			await dispatchDue(ledger, new Date(), { workerId: 'd1' });
			expect(recipients()).toEqual(['ny@example.com']);
		} finally {
			await h.close();
		}
	});

	it('expires an item whose Duration elapses before its window opens, never sending it late', async () => {
		clock('2026-06-10T14:00:00Z');
		const result = await harness().run(
			workflow({ from: '09:00', to: '18:00', duration: '01:00' }, [people[0], people[1]]),
		);
		expect(result.status).toBe('success');
		expect(statuses(result.output('Email'))).toEqual(['sent', 'expired']);
		expect(recipients()).toEqual(['ny@example.com']);
	});

	it('expires a planned item when the dispatcher only comes after its Duration', async () => {
		clock('2026-06-10T14:00:00Z');
		const h = harness();
		await h.startWaitingServer();
		try {
			const first = await h.run(
				workflow({ from: '09:00', to: '18:00', duration: '03:00' }, [people[1]]),
			);
			expect(statuses(first.output('Email'))).toEqual(['scheduled']);
			clock('2026-06-10T17:30:00Z'); // the dispatcher was down until after 14:00 + 3h
			await dispatchDue(await getLedger(), new Date(), { workerId: 'd1' });
			const done = h.resultFor(first.executionId);
			expect(statuses(done.output('Email'))).toEqual(['expired']);
			expect(recipients()).toEqual([]);
		} finally {
			await h.close();
		}
	});

	it('survives a restart between plan and resume, and a GET of the resume URL changes nothing', async () => {
		clock('2026-06-10T14:00:00Z');
		const before = harness();
		const first = await before.run(workflow({ from: '09:00', to: '18:00' }, [people[1]]));
		const restarted = harness(before.exportExecutions());
		await restarted.startWaitingServer();
		try {
			const ledger = await getLedger();
			const [row] = await ledger.list({ executionId: first.executionId, statuses: ['planned'] });
			// The stored URL points at the old server; call the same path on the restarted one.
			const path = new URL(row.resumeUrl ?? '').pathname + new URL(row.resumeUrl ?? '').search;
			const get = await fetch(`${restarted.baseUrl}${path}`);
			expect(await get.json()).toEqual({ waiting: true, planned: 1 });
			const forged = await fetch(
				`${restarted.baseUrl}${path.replace(/signature=[\w-]+/, 'signature=forged')}`,
				{ method: 'POST' },
			);
			expect(forged.status).toBe(401);
			clock('2026-06-10T16:00:05Z');
			await fetch(`${restarted.baseUrl}${path}`, { method: 'POST' });
			expect(restarted.resultFor(first.executionId).status).toBe('success');
			expect(recipients()).toEqual(['la@example.com']);
		} finally {
			await restarted.close();
		}
	});

	it('two dispatchers polling the same ledger resume each execution once and send each message once', async () => {
		clock('2026-06-10T14:00:00Z');
		const h = harness();
		await h.startWaitingServer();
		try {
			const many = Array.from({ length: 12 }, (_v, i) => ({
				id: `la${i}`,
				email: `la${i}@example.com`,
				first_name: 'L',
				timezone: 'America/Los_Angeles',
			}));
			const first = await h.run(workflow({ from: '09:00', to: '18:00', bestTime: false }, many));
			const ledger = await getLedger();
			clock('2026-06-10T16:00:05Z');
			const requestsBefore = h.resumeRequests;
			const [a, b] = await Promise.all([
				dispatchDue(ledger, new Date(), { workerId: 'a' }),
				dispatchDue(ledger, new Date(), { workerId: 'b' }),
			]);
			expect(a.length + b.length).toBe(1);
			expect(h.resumeRequests - requestsBefore).toBe(1);
			expect(recipients().sort()).toEqual(many.map((m) => m.email).sort());
			expect(h.resultFor(first.executionId).status).toBe('success');
		} finally {
			await h.close();
		}
	});
});
