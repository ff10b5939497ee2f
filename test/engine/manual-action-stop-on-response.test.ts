// Manual Action with Stop on Response: a reply from the contact closes the open task as canceled
// (outcome replied) and the waiting execution continues; a task without the option stays open.
import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import { stopOnResponse } from '../../nodes/shared/events/stop-on-response';
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import { manualActionKit } from '../support/manual-action-kit';
import { resultOf, teamHarness } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { team, taskWorkflow, contact } = manualActionKit(() => sandbox);

it('a reply closes the task that stops on response; the execution continues with it canceled / replied', async () => {
	const h = teamHarness(sandbox, [new ManualAction()], [team.alice]);
	await h.startWaitingServer();
	try {
		const replying = contact({ owner: 'alice@example.com', phone: '+12025550161' });
		const other = contact({ owner: 'alice@example.com', phone: '+12025550162' });
		const asked = await h.run(
			taskWorkflow([replying], {
				contactPhone: '={{ $json.phone }}',
				options: { stopOnResponse: true },
			}),
		);
		const notAsked = await h.run(taskWorkflow([other], { contactPhone: '={{ $json.phone }}' }));
		expect(h.resultFor(asked.executionId).status).toBe('waiting');

		const ledger = await getLedger();
		await stopOnResponse(ledger, {
			channel: 'sms',
			address: '+12025550161',
			receivedAt: new Date(),
		});
		await stopOnResponse(ledger, {
			channel: 'sms',
			address: '+12025550162',
			receivedAt: new Date(),
		});

		const after = h.resultFor(asked.executionId);
		expect(after.status).toBe('success');
		const [out] = after.output('Node');
		expect(out.json.task).toMatchObject({ status: 'canceled', outcome: 'replied' });
		expect(resultOf(out)).toMatchObject({ status: 'canceled', reason: 'replied' });
		expect(String(resultOf(out).warnings)).toMatch(/the contact replied/);

		expect(h.resultFor(notAsked.executionId).status).toBe('waiting');
		const [open] = await ledger.listTasks({ participantId: other.id });
		expect(open.status).toBe('open');
	} finally {
		await h.close();
	}
});
