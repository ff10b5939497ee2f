import type { INodeParameters } from 'n8n-workflow';

import { CancelCommunications } from '../../nodes/CancelCommunications/CancelCommunications.node';
import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import type { EngineHarness } from '../support/engine/harness';
import { PKG, chain, node } from '../support/engine/workflow';
import { manualActionKit, post, tokenOf } from '../support/manual-action-kit';
import { resultOf, teamHarness } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { team, taskWorkflow, contact, linkMailedTo } = manualActionKit(() => sandbox);

/** Manual Action and Cancel Communications on one ledger, with n8n's waiting-webhook endpoint on a real socket. */
async function harness(): Promise<EngineHarness> {
	const h = teamHarness(
		sandbox,
		[new ManualAction(), new CancelCommunications()],
		[team.alice, team.bob, team.carol],
	);
	await h.startWaitingServer();
	return h;
}

const cancelWorkflow = (participantId: string, parameters: INodeParameters = {}) =>
	chain(
		node('Source', 'test.testItems', { items: JSON.stringify([{ id: participantId }]) }),
		node('Cancel', `${PKG}.cancelCommunications`, parameters),
	);

interface CancelOutput {
	count: number;
	manualTasks: {
		count: number;
		ids: string[];
		waitingExecutions: Array<{ executionId: string | null; resumed: boolean; error?: string }>;
	};
}

describe('Cancel Communications: open manual tasks', () => {
	it("closes the participant's open task as canceled and the waiting execution continues", async () => {
		const h = await harness();
		try {
			const item = contact({ owner: 'alice@example.com' });
			const run = await h.run(taskWorkflow([item]));
			expect(h.resultFor(run.executionId).status).toBe('waiting');
			const [task] = await (await getLedger()).listTasks({ participantId: item.id });

			const cancel = await h.run(cancelWorkflow(item.id));
			expect(cancel.status).toBe('success');
			const canceled = cancel.output('Cancel')[0].json.canceled as unknown as CancelOutput;
			expect(canceled.count).toBe(0);
			expect(canceled.manualTasks).toEqual({
				count: 1,
				ids: [task.id],
				waitingExecutions: [{ executionId: run.executionId, resumed: true }],
			});

			const after = h.resultFor(run.executionId);
			expect(after.status).toBe('success');
			const [out] = after.output('Node');
			expect(out.json.task).toMatchObject({ status: 'canceled', outcome: 'canceled' });
			expect(resultOf(out)).toMatchObject({ status: 'canceled', success: false });
			expect(after.output('After')).toHaveLength(1);
			expect(await (await getLedger()).getTask(task.id)).toMatchObject({ status: 'canceled' });

			// The mailed link now shows the task as closed; completing it changes nothing.
			const link = linkMailedTo('alice@example.com');
			const late = await fetch(link, {
				method: 'POST',
				body: new URLSearchParams({
					action: 'complete',
					token: tokenOf(link),
					outcome: 'answered',
				}),
			});
			expect(late.status).not.toBe(200);
			expect(await (await getLedger()).getTask(task.id)).toMatchObject({ status: 'canceled' });
		} finally {
			await h.close();
		}
	});

	it('cancels only that participant: an execution waiting on another task keeps waiting', async () => {
		const h = await harness();
		try {
			const lena = contact({ owner: 'alice@example.com' });
			const max = contact({ name: 'Max Moor', owner: 'bob@example.com' });
			const run = await h.run(taskWorkflow([lena, max]));

			await h.run(cancelWorkflow(lena.id));
			expect(h.resultFor(run.executionId).status).toBe('waiting');
			const ledger = await getLedger();
			expect((await ledger.listTasks({ participantId: lena.id }))[0].status).toBe('canceled');
			expect((await ledger.listTasks({ participantId: max.id }))[0].status).toBe('open');

			const link = linkMailedTo('bob@example.com');
			const done = await h.resume(
				run.executionId,
				post(link, { action: 'complete', token: tokenOf(link), outcome: 'answered' }),
			);
			expect(done.result.status).toBe('success');
			expect(
				done.result.output('Node').map((i) => (i.json.task as { status: string }).status),
			).toEqual(['canceled', 'completed']);
		} finally {
			await h.close();
		}
	});

	it('keeps the tasks open with Keep Open Manual Tasks, and with a Communication Name', async () => {
		const h = await harness();
		try {
			const item = contact({ owner: 'alice@example.com' });
			const run = await h.run(taskWorkflow([item]));

			for (const parameters of [
				{ keepOpenManualTasks: true },
				{ communicationName: 'APPOINTMENT_REMINDER' },
			]) {
				const cancel = await h.run(cancelWorkflow(item.id, parameters));
				const canceled = cancel.output('Cancel')[0].json.canceled as unknown as CancelOutput;
				expect(canceled.manualTasks).toEqual({ count: 0, ids: [], waitingExecutions: [] });
			}
			expect(h.resultFor(run.executionId).status).toBe('waiting');
			expect((await (await getLedger()).listTasks({ participantId: item.id }))[0].status).toBe(
				'open',
			);
		} finally {
			await h.close();
		}
	});

	it('still cancels the task when the waiting execution cannot be reached, and says so', async () => {
		const h = await harness();
		const item = contact({ owner: 'alice@example.com' });
		const run = await h.run(taskWorkflow([item]));
		await h.close(); // n8n's waiting-webhook endpoint is gone
		const cancel = await h.run(cancelWorkflow(item.id));
		expect(cancel.status).toBe('success');
		const { manualTasks } = cancel.output('Cancel')[0].json.canceled as unknown as CancelOutput;
		expect(manualTasks.count).toBe(1);
		expect(manualTasks.waitingExecutions).toEqual([
			{ executionId: run.executionId, resumed: false, error: expect.any(String) },
		]);
		expect(JSON.stringify(manualTasks)).not.toMatch(/signature|webhook-waiting/);
		expect((await (await getLedger()).listTasks({ participantId: item.id }))[0].status).toBe(
			'canceled',
		);
	});
});
