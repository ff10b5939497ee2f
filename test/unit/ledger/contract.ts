// The ledger contract: one behavioural suite every backend must pass, run per backend by its
// own test file against fresh storage for every test.
import type { CommunicationLedger } from '../../../nodes/shared/ledger';
import { describeCallLogContract } from './contract-call-log';
import { describeBatchContract } from './contract-batches';
import { describeDeliveryContract } from './contract-delivery';
import { describeDispatchContract } from './contract-dispatch';
import { describeEventsContract } from './contract-events';
import { describeLimitsContract } from './contract-limits';
import { describeProfilesContract } from './contract-profiles';
import { describeSendBatchContract } from './contract-send-batches';
import { describeSendContract } from './contract-sends';
import { describeSuppressionsContract } from './contract-suppressions';
import { describeTasksContract } from './contract-tasks';
import { describeTemplatesContract } from './contract-templates';
import { newCommunication, type LedgerTestContext } from './contract-support';

export interface LedgerStorage {
	/** A new, not yet initialised instance with its own connection(s) on this storage. */
	create(): CommunicationLedger;
	/** Removes the storage; called once every instance on it is closed. */
	dispose(): Promise<void>;
}

export function describeLedgerContract(
	name: string,
	makeStorage: () => Promise<LedgerStorage>,
): void {
	describe(`${name} ledger contract`, () => {
		let storage: LedgerStorage | undefined;
		let instances: CommunicationLedger[] = [];

		const ctx: LedgerTestContext = {
			create() {
				if (!storage) throw new Error('ledger storage is not ready');
				const ledger = storage.create();
				instances.push(ledger);
				return ledger;
			},
			async open() {
				const ledger = ctx.create();
				await ledger.init();
				return ledger;
			},
		};

		beforeEach(async () => {
			storage = await makeStorage();
			instances = [];
		});

		afterEach(async () => {
			await Promise.all(instances.map((ledger) => ledger.close()));
			await storage?.dispose();
			storage = undefined;
		});

		describe('lifecycle', () => {
			it('creates the schema once even when several instances initialise at the same time', async () => {
				const ledgers = [ctx.create(), ctx.create(), ctx.create()];
				await Promise.all(ledgers.map((ledger) => ledger.init()));
				await ledgers[0].plan(newCommunication('k-1'));
				expect(await ledgers[2].getByKey('k-1')).toMatchObject({
					idempotencyKey: 'k-1',
					status: 'planned',
				});
			});

			it('is idempotent to initialise and keeps data across a restart', async () => {
				const first = await ctx.open();
				await first.init();
				const planned = await first.plan(
					newCommunication('k-restart', { payload: { subject: 'Hello' } }),
				);
				await first.updateProfile('participant-1', { timezone: 'Europe/Berlin' });
				await first.close();

				const second = await ctx.open();
				await second.init();
				expect(await second.get(planned.id)).toEqual(planned);
				expect((await second.getProfile('participant-1')).attributes).toEqual({
					timezone: 'Europe/Berlin',
				});
				expect(await second.list({})).toHaveLength(1);
			});

			it('refuses to work before init', async () => {
				const ledger = ctx.create();
				await expect(ledger.get('x')).rejects.toThrow(/init\(\)/);
			});
		});

		// One part of the suite per part of the ledger interface (types.ts).
		describeSendContract(ctx);
		describeSendBatchContract(ctx);
		describeDispatchContract(ctx);
		describeProfilesContract(ctx);
		describeTasksContract(ctx);
		describeCallLogContract(ctx);
		describeLimitsContract(ctx);
		describeEventsContract(ctx);
		describeDeliveryContract(ctx);
		describeBatchContract(ctx);
		describeSuppressionsContract(ctx);
		describeTemplatesContract(ctx);
	});
}
