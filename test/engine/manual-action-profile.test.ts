// Manual Action renders the participant as every sending node does: the item, the stored
// contact profile and the stored customer profile (under `customer`).
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import { manualActionKit } from '../support/manual-action-kit';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const { harness, taskWorkflow, contact } = manualActionKit(() => sandbox);

describe('Manual Action: participant profile', () => {
	it('includes the stored customer profile in the merge fields of the task message', async () => {
		const ledger = await getLedger();
		const person = contact({ customer_id: 'acme', owner: 'alice@example.com' });
		await ledger.updateProfile(person.id, { first_name: 'Lena' });
		await ledger.updateProfile('customer:acme', { plan: 'gold' });
		await harness().run(
			taskWorkflow([person], {
				taskType: 'sms',
				message: 'Hi {{ first_name }}, your {{ customer.plan }} plan',
				sendOnCompletion: false,
			}),
		);
		const [task] = await ledger.listTasks({ participantId: person.id });
		expect(task.message).toBe('Hi Lena, your gold plan');
	});
});
