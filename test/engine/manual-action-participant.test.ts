// Manual Action resolves its participant as every sending node does: the item's `id` when Participant
// ID is empty, and the stored contact and customer profiles behind the merge fields.
import { randomUUID } from 'node:crypto';

import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import { UpdateField } from '../../nodes/UpdateField/UpdateField.node';
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import { chain, node, PKG } from '../support/engine/workflow';
import { manualActionKit } from '../support/manual-action-kit';
import { teamHarness } from '../support/team-engine';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { team, harness, taskWorkflow, contact } = manualActionKit(() => sandbox);

describe('Manual Action: the participant', () => {
	it("takes the item's id when Participant ID resolves empty", async () => {
		const item = contact({ owner: 'alice@example.com' });
		const run = await harness().run(taskWorkflow([item], { participantId: '={{ $json.crm_id }}' }));
		expect(run.status).toBe('waiting');
		const tasks = await (await getLedger()).listTasks({ participantId: item.id });
		expect(tasks).toHaveLength(1);
	});

	it("renders the customer's stored profile (Update Field's Customer Profile scope) under customer", async () => {
		const account = `acct-${randomUUID()}`;
		const h = teamHarness(
			sandbox,
			[new ManualAction(), new UpdateField()],
			[team.alice, team.bob, team.carol],
		);
		const saved = await h.run(
			chain(
				node('Source', 'test.testItems', {
					items: JSON.stringify([{ id: `c-${randomUUID()}`, customer_id: account }]),
				}),
				node('Update', `${PKG}.updateField`, {
					scope: 'customerProfile',
					assignments: { assignment: [{ attribute: 'plan', value: 'Gold' }] },
				}),
			),
		);
		expect(saved.status).toBe('success');

		// Another contact of the same account, whose item carries only the customer_id.
		const item = contact({ owner: 'alice@example.com', customer_id: account });
		const run = await h.run(
			taskWorkflow([item], {
				taskType: 'sms',
				message: 'Your {{ customer.plan }} plan renews soon',
				sendOnCompletion: false,
			}),
		);
		expect(run.status).toBe('waiting');
		const [task] = await (await getLedger()).listTasks({ participantId: item.id });
		expect(task.message).toBe('Your Gold plan renews soon');
	});
});
