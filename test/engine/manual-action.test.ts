import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import { HarnessRequest } from '../support/engine/http';
import {
	get,
	LINK_PREVIEW_BOT as BOT,
	manualActionKit,
	post,
	tokenOf,
} from '../support/manual-action-kit';
import { resultOf } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { team, harness, taskWorkflow, contact, linkMailedTo } = manualActionKit(() => sandbox);
const { alice, bob } = team;

describe('Manual Action: assignment fallback', () => {
	it('assigns and notifies by every rule of the table, and records the rule in the output', async () => {
		const h = harness();
		const items = [
			contact({ owner: 'bob@example.com', pick: alice.id }), // selected, may access all contacts
			contact({ owner: 'Bob Baker', pick: bob.id }), // selected, owns the contact
			contact({ owner: 'carol@example.com', pick: bob.id }), // selected without access: the owner
			contact({ pick: bob.id }), // selected without access, no owner: unassigned
			contact({ assigned_user: { email: 'carol@example.com' }, pick: '' }), // nobody selected: the owner
			contact({ pick: '' }), // nobody selected, no owner: unassigned
		];
		const run = await h.run(taskWorkflow(items, { assignTo: '={{ $json.pick }}' }));
		expect(run.status).toBe('waiting');
		const ledger = await getLedger();
		const tasks = await Promise.all(
			items.map(async (item) => (await ledger.listTasks({ participantId: item.id }))[0]),
		);
		expect(tasks.map((t) => [t.assignRule, t.assignee])).toEqual([
			['selected_member', 'alice@example.com'],
			['selected_member', 'bob@example.com'],
			['owner_fallback', 'carol@example.com'],
			['unassigned', null],
			['contact_owner', 'carol@example.com'],
			['unassigned', null],
		]);
		const mailed = sandbox
			.state()
			.mails.map((m) => m.envelope.to[0])
			.sort();
		expect(mailed).toEqual([
			'alice@example.com',
			'bob@example.com',
			'carol@example.com',
			'carol@example.com',
		]);

		// Assignees complete their tasks through the mailed pages; nobody has a link to the unassigned
		// ones (only the token's hash is stored), so they are closed in the ledger and the node woken.
		for (const mail of sandbox.state().mails) {
			const link = /Open the task: (\S+)/.exec(mail.text ?? '')?.[1] as string;
			await h.resume(
				run.executionId,
				post(link, {
					action: 'complete',
					token: tokenOf(link),
					outcome: 'answered',
					completedBy: '',
				}),
			);
		}
		expect(h.resultFor(run.executionId).status).toBe('waiting');
		for (const task of tasks.filter((t) => t.assignRule === 'unassigned'))
			await ledger.closeTask(task.id, { status: 'deleted' });
		const woken = await h.resume(
			run.executionId,
			HarnessRequest.fromUrl(tasks[3].resumeUrl as string, {
				method: 'POST',
				body: { dispatcher: true },
			}),
		);
		expect(woken.result.status).toBe('success');
		const out = woken.result.output('Node');
		expect(out.map((i) => (i.json.task as { assignmentRule: string }).assignmentRule)).toEqual([
			'selected_member',
			'selected_member',
			'owner_fallback',
			'unassigned',
			'contact_owner',
			'unassigned',
		]);
		expect((out[2].json.task as { assignmentReason: string }).assignmentReason).toBe(
			'Bob Baker may only access their own contacts, so the task went to the contact owner Carol Chen.',
		);
		expect(resultOf(out[3]).warnings).toContain(
			'Notification: The task is unassigned and Notify When Unassigned is empty: nobody was notified',
		);
		expect(out.map((i) => i.pairedItem)).toEqual(items.map((_v, i) => ({ item: i })));
	});
});

describe('Manual Action: the task page', () => {
	it('shows the page on GET (a link preview bot or a person) without completing anything', async () => {
		const h = harness();
		const run = await h.run(
			taskWorkflow(
				[contact({ name: 'Eve <script>alert(1)</script>', owner: 'alice@example.com' })],
				{ instructions: 'Ask about "budget" & timing' },
			),
		);
		const link = linkMailedTo('alice@example.com');

		for (const headers of [{ 'user-agent': BOT }, {}] as Array<Record<string, string>>) {
			const { response, result } = await h.resume(run.executionId, get(link, headers));
			expect(response.statusCode).toBe(200);
			expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
			expect(response.headers['cache-control']).toBe('no-store');
			expect(response.body).toContain('Eve &lt;script&gt;alert(1)&lt;/script&gt;');
			expect(response.body).not.toContain('<script>');
			expect(response.body).toContain('Ask about &quot;budget&quot; &amp; timing');
			expect(response.body).toContain('<form method="post" action=""');
			expect(response.body).toContain(`name="token" value="${tokenOf(link)}"`);
			expect(response.body).toContain('href="tel:+12025550150"');
			expect(result.status).toBe('waiting');
		}
		const [task] = await (
			await getLedger()
		).listTasks({
			participantId: String(
				(h.resultFor(run.executionId).output('Source')[0].json as { id: string }).id,
			),
		});
		expect(task.status).toBe('open');
	});

	it('refuses a link without the right token and a POST with a bad token; the execution keeps waiting', async () => {
		const h = harness();
		const item = contact({ owner: 'alice@example.com' });
		const run = await h.run(taskWorkflow([item]));
		const link = linkMailedTo('alice@example.com');
		const forged = link.replace(/token=[^&]+/, 'token=forged');

		const page = await h.resume(run.executionId, get(forged));
		expect(page.response.statusCode).toBe(403);
		expect(page.response.body).not.toContain('<form');
		const refused = await h.resume(
			run.executionId,
			post(link, { action: 'complete', token: 'forged', outcome: 'answered' }),
		);
		expect(refused.response.statusCode).toBe(403);
		const missing = await h.resume(run.executionId, post(link, { action: 'delete' }));
		expect(missing.response.statusCode).toBe(403);
		expect(missing.result.status).toBe('waiting');
		expect((await (await getLedger()).listTasks({ participantId: item.id }))[0].status).toBe(
			'open',
		);
	});

	it('resumes on a POST with an outcome: outcome, who, when, and the next node runs', async () => {
		const h = harness();
		const item = contact({ owner: 'alice@example.com' });
		const run = await h.run(taskWorkflow([item]));
		const link = linkMailedTo('alice@example.com');
		const before = Date.now();
		const done = await h.resume(
			run.executionId,
			post(link, {
				action: 'complete',
				token: tokenOf(link),
				outcome: 'voicemail',
				completedBy: 'Alice A.',
				message: 'Left a message about pricing',
			}),
		);
		expect(done.response.statusCode).toBe(200);
		expect(done.response.body).toContain('The workflow continues.');
		expect(done.result.status).toBe('success');
		const [out] = done.result.output('Node');
		expect(out.json).toMatchObject({ id: item.id, name: 'Lena Lake' });
		expect(out.json.task).toMatchObject({
			status: 'completed',
			outcome: 'voicemail',
			completedBy: 'Alice A.',
			notes: 'Left a message about pricing',
			type: 'call',
			finalMessage: null,
		});
		expect(
			Date.parse(String((out.json.task as { completedAt: string }).completedAt)),
		).toBeGreaterThanOrEqual(before - 1000);
		expect(resultOf(out)).toMatchObject({
			channel: 'task',
			status: 'sent',
			success: true,
			output: 'Manual task has been completed.',
		});
		expect(done.result.output('After')).toHaveLength(1);

		// The same link afterwards shows who closed it, with no form.
		const stored = (await (await getLedger()).listTasks({ participantId: item.id }))[0];
		expect(stored).toMatchObject({
			status: 'completed',
			outcome: 'voicemail',
			completedBy: 'Alice A.',
		});
	});

	it('continues with a deleted result when the task is deleted', async () => {
		const h = harness();
		const run = await h.run(taskWorkflow([contact({ owner: 'alice@example.com' })]));
		const link = linkMailedTo('alice@example.com');
		const done = await h.resume(
			run.executionId,
			post(link, { action: 'delete', token: tokenOf(link), completedBy: 'Alice' }),
		);
		const [out] = done.result.output('Node');
		expect(out.json.task).toMatchObject({ status: 'deleted', completedBy: 'Alice' });
		expect(resultOf(out)).toMatchObject({ status: 'canceled', success: false });
	});

	it('waits for every task of the execution before continuing', async () => {
		const h = harness();
		const run = await h.run(
			taskWorkflow([
				contact({ owner: 'alice@example.com' }),
				contact({ owner: 'bob@example.com' }),
			]),
		);
		const first = linkMailedTo('alice@example.com');
		const second = linkMailedTo('bob@example.com');
		const one = await h.resume(
			run.executionId,
			post(second, { action: 'complete', token: tokenOf(second), outcome: 'busy' }),
		);
		expect(one.response.body).toContain('when the other 1 task(s) are done');
		expect(one.result.status).toBe('waiting');
		const again = await h.resume(run.executionId, get(second));
		expect(again.response.body).toContain('This task was completed by Bob Baker');
		const both = await h.resume(
			run.executionId,
			post(first, { action: 'complete', token: tokenOf(first), outcome: 'answered' }),
		);
		expect(both.result.status).toBe('success');
		expect(
			both.result.output('Node').map((i) => (i.json.task as { outcome: string }).outcome),
		).toEqual(['answered', 'busy']);
	});
});

describe('Manual Action: over HTTP and other notification channels', () => {
	it('serves the page and takes the form over a real socket, form-encoded', async () => {
		const h = harness();
		await h.startWaitingServer();
		try {
			const run = await h.run(taskWorkflow([contact({ owner: 'alice@example.com' })]));
			const link = linkMailedTo('alice@example.com');
			expect(link.startsWith(`${h.baseUrl}/webhook-waiting/${run.executionId}/`)).toBe(true);
			// n8n 2.x refuses waiting-webhook calls without the execution's resume token.
			const stored = JSON.parse(String(h.storedExecution(run.executionId)?.data)) as {
				resumeToken: string;
			};
			expect(new URL(link).searchParams.get('signature')).toBe(stored.resumeToken);
			const page = await fetch(link, { headers: { 'user-agent': BOT } });
			expect(page.status).toBe(200);
			expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
			expect(page.headers.get('referrer-policy')).toBe('no-referrer');
			expect(h.resultFor(run.executionId).status).toBe('waiting');
			const form = new URLSearchParams({
				action: 'complete',
				token: tokenOf(link),
				outcome: 'no_answer',
				completedBy: 'Alice',
			});
			const sent = await fetch(link, {
				method: 'POST',
				body: form,
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			});
			expect(sent.status).toBe(200);
			const after = h.resultFor(run.executionId);
			expect(after.status).toBe('success');
			expect(after.output('Node')[0].json.task).toMatchObject({
				outcome: 'no_answer',
				completedBy: 'Alice',
			});
		} finally {
			await h.close();
		}
	});

	it('notifies by Slack and SMS, and an unassigned task goes to the Notify When Unassigned address', async () => {
		const h = harness();
		const slackRun = await h.run(
			taskWorkflow([contact({ owner: 'bob@example.com' })], { notifyBy: 'slack' }),
		);
		const dm = sandbox.state().slack.find((r) => r.method === 'chat.postMessage');
		expect(dm?.args.channel).toBe('U00000BOB0');
		expect(String(dm?.args.text)).toContain(`/webhook-waiting/${slackRun.executionId}/`);

		await h.run(
			taskWorkflow([contact({ owner: 'alice@example.com' }), contact()], {
				notifyBy: 'sms',
				options: { unassignedNotifyTo: '(202) 555-0177', defaultCountry: 'US' },
			}),
		);
		expect(
			sandbox
				.state()
				.sms.map((s) => s.to)
				.sort(),
		).toEqual(['+12025550101', '+12025550177']);
		expect(sandbox.state().sms[0].body).toMatch(
			/^New task: Lead Follow-Up Call\nCall Lena Lake at \+12025550150\nOpen the task: http/,
		);
	});
});
