import { randomUUID } from 'node:crypto';

import { getLedger } from '../../nodes/shared/ledger';
import { expireOverdueTasks } from '../../nodes/shared/manual-tasks';
import type { Sandbox } from '../../sandbox';
import { HarnessRequest } from '../support/engine/http';
import { get, manualActionKit, post, tokenOf } from '../support/manual-action-kit';
import { resultOf } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { harness, taskWorkflow, contact, linkMailedTo } = manualActionKit(() => sandbox);

describe('Manual Action: SMS tasks', () => {
	it('sends the edited text on completion, once, even when the form is sent twice', async () => {
		const h = harness();
		const item = contact({ first_name: 'Lena', owner: 'alice@example.com' });
		const other = contact({ owner: 'bob@example.com' });
		const run = await h.run(
			taskWorkflow([item, other], {
				taskType: 'sms',
				actionName: 'Welcome SMS',
				message: 'Hi {{ first_name }}, thanks for your interest!',
			}),
		);
		const link = linkMailedTo('alice@example.com');
		const page = await h.resume(run.executionId, get(link));
		expect(page.response.body).toContain('>Hi Lena, thanks for your interest!</textarea>');

		const edited = 'Hi Lena, thanks! Book here: https://cal.example.com/lena';
		const form = { action: 'complete', token: tokenOf(link), outcome: 'sent', message: edited };
		await h.resume(run.executionId, post(link, form));
		// A double click: the task is closed already, nothing is sent again.
		const twice = await h.resume(run.executionId, post(link, form));
		expect(twice.response.body).toContain('This task was completed by Alice Archer');
		expect(sandbox.state().sms.map((s) => [s.to, s.body])).toEqual([['+12025550150', edited]]);

		const otherLink = linkMailedTo('bob@example.com');
		const done = await h.resume(
			run.executionId,
			post(otherLink, {
				action: 'complete',
				token: tokenOf(otherLink),
				outcome: 'not_sent',
				message: 'ignored',
			}),
		);
		expect(done.result.status).toBe('success');
		const [out, notSent] = done.result.output('Node');
		expect(out.json.task).toMatchObject({
			status: 'completed',
			outcome: 'sent',
			finalMessage: edited,
			sms: { to: '+12025550150', body: edited },
		});
		expect(resultOf(out).providerMessageId).toBe(sandbox.state().sms[0].sid);
		expect(notSent.json.task).toMatchObject({ outcome: 'not_sent', sms: null });
		expect(sandbox.state().sms).toHaveLength(1);
	});

	it('sends nothing on completion to a participant who does not want SMS, and says so', async () => {
		const h = harness();
		const optedOut = contact({ owner: 'alice@example.com', sms_opt_out: true });
		const later = contact({ owner: 'bob@example.com' });
		const run = await h.run(taskWorkflow([optedOut, later], { taskType: 'sms', message: 'Hello' }));
		// The second participant asks not to be disturbed after the task was created.
		await (await getLedger()).updateProfile(later.id, { dnd: true });

		for (const owner of ['alice@example.com', 'bob@example.com']) {
			const link = linkMailedTo(owner);
			const form = { action: 'complete', token: tokenOf(link), outcome: 'sent', message: 'Hi' };
			await h.resume(run.executionId, post(link, form));
		}
		expect(sandbox.state().sms).toEqual([]);
		const result = h.resultFor(run.executionId);
		expect(result.status).toBe('success');
		const [first, second] = result.output('Node');
		expect(first.json.task).toMatchObject({ status: 'completed', outcome: 'sent', sms: null });
		expect(resultOf(first).warnings).toContain(
			"Skipped: the participant does not want SMS ('sms_opt_out' is true), so nothing was sent.",
		);
		expect(second.json.task).toMatchObject({ status: 'completed', sms: null });
		expect(resultOf(second).warnings).toContain(
			"Skipped: the participant does not want SMS ('dnd' is true), so nothing was sent.",
		);
	});

	it('keeps the task open and says why when the SMS cannot be sent', async () => {
		const h = harness();
		const run = await h.run(
			taskWorkflow([contact({ owner: 'alice@example.com' })], {
				taskType: 'sms',
				message: 'Hello',
			}),
		);
		const link = linkMailedTo('alice@example.com');
		const empty = await h.resume(
			run.executionId,
			post(link, { action: 'complete', token: tokenOf(link), outcome: 'sent', message: '  ' }),
		);
		expect(empty.response.statusCode).toBe(400);
		expect(empty.response.body).toContain('The message is empty');
		sandbox.faults.set('twilio', { failNext: { count: 10, status: 500 } });
		const failing = await h.resume(
			run.executionId,
			post(link, {
				action: 'complete',
				token: tokenOf(link),
				outcome: 'sent',
				message: 'Hello there',
			}),
		);
		expect(failing.response.statusCode).toBe(502);
		expect(failing.response.body).toContain('The SMS could not be sent');
		expect(failing.result.status).toBe('waiting');
		sandbox.faults.clear();
		const done = await h.resume(
			run.executionId,
			post(link, {
				action: 'complete',
				token: tokenOf(link),
				outcome: 'sent',
				message: 'Hello there',
			}),
		);
		expect(done.result.status).toBe('success');
		expect(sandbox.state().sms.map((s) => s.body)).toEqual(['Hello there']);
	});

	it('refuses Send on Completion without a Twilio credential before creating the task', async () => {
		const workflow = taskWorkflow([contact({ owner: 'alice@example.com' })], {
			taskType: 'sms',
			message: 'Hello',
		});
		const tested = workflow.nodes.find((n) => n.name === 'Node');
		delete tested?.credentials?.communicationTwilioApi;
		const run = await harness().run(workflow);
		expect(run.status).toBe('error');
		expect(run.nodeError('Node')?.message).toBe(
			'Send on Completion needs a Twilio credential: select one, or turn Send on Completion off',
		);
		expect(sandbox.state().mails).toHaveLength(0);
	});
});

describe('Manual Action: wait limit', () => {
	it('ends with a distinct timed_out result when the dispatcher finds the task overdue', async () => {
		const h = harness();
		const item = contact({ owner: 'alice@example.com' });
		const run = await h.run(
			taskWorkflow([item], { limitWaitTime: true, waitAmount: 1, waitUnit: 'seconds' }),
		);
		const ledger = await getLedger();
		const woken: string[] = [];
		const wake = async (url: string) => {
			woken.push(url);
			await h.resume(
				run.executionId,
				HarnessRequest.fromUrl(url, {
					method: 'POST',
					body: { dispatcher: true },
					headers: { 'content-type': 'application/json' },
				}),
			);
		};
		expect(await expireOverdueTasks(ledger, new Date(), wake)).toEqual([]);
		expect(h.resultFor(run.executionId).status).toBe('waiting');

		await new Promise((r) => setTimeout(r, 1100));
		const attempts = await expireOverdueTasks(ledger, new Date(), wake);
		expect(attempts).toEqual([expect.objectContaining({ ok: true, executionId: run.executionId })]);
		expect(woken).toHaveLength(1);
		const after = h.resultFor(run.executionId);
		expect(after.status).toBe('success');
		const [out] = after.output('Node');
		expect(out.json.task).toMatchObject({
			status: 'timed_out',
			outcome: 'timed_out',
			completedBy: null,
		});
		expect(resultOf(out)).toMatchObject({ status: 'expired', success: false });
		expect(resultOf(out).warnings).toContain(
			'The task was not done within the wait limit: it timed out.',
		);
		// The page now says so, and nothing is left to expire.
		expect(await expireOverdueTasks(ledger, new Date(), wake)).toEqual([]);
	});
});

describe('Manual Action: bad input', () => {
	it('fails only the item without a phone number and reports it when the workflow continues', async () => {
		const h = harness();
		const run = await h.run(
			taskWorkflow(
				[contact({ owner: 'alice@example.com' }), contact({ phone: 'none' })],
				{},
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(run.status).toBe('waiting');
		const link = linkMailedTo('alice@example.com');
		const done = await h.resume(
			run.executionId,
			post(link, { action: 'complete', token: tokenOf(link), outcome: 'answered' }),
		);
		const out = done.result.output('Node');
		expect(out).toHaveLength(2);
		expect(out[0].json.task).toMatchObject({ status: 'completed' });
		expect(out[1].json.error).toBe("Contact Phone entry 'none' contains letters");
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('stops before creating anything when failed items may not continue', async () => {
		const item = contact({ phone: '' });
		const run = await harness().run(taskWorkflow([item]));
		expect(run.status).toBe('error');
		expect(run.nodeError('Node')?.message).toMatch(/Contact Phone is empty/);
		expect(await (await getLedger()).listTasks({ participantId: item.id })).toEqual([]);
	});

	it('answers 404 for a task that is not of this execution', async () => {
		const h = harness();
		const run = await h.run(taskWorkflow([contact({ owner: 'alice@example.com' })]));
		const link = linkMailedTo('alice@example.com').replace(/task=[^&]+/, `task=${randomUUID()}`);
		const { response, result } = await h.resume(run.executionId, get(link));
		expect(response.statusCode).toBe(404);
		expect(result.status).toBe('waiting');
	});
});
