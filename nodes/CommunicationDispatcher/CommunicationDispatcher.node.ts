import { hostname } from 'node:os';

import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { ledgerFor } from '../shared/ledger/access';
import { dispatchRound } from '../shared/schedule/dispatch';
import { startDispatcherLoop } from '../shared/schedule/dispatcher-loop';

export class CommunicationDispatcher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Communication Dispatcher',
		name: 'communicationDispatcher',
		icon: { light: 'file:dispatcher.svg', dark: 'file:dispatcher.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "every " + $parameter["pollInterval"] + " s" }}',
		description:
			'Sends planned communications when their time comes and times out overdue manual tasks, by waking the executions that wait for them',
		defaults: { name: 'Communication Dispatcher' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: [
			{
				displayName:
					'Keep exactly one active workflow with this trigger. It polls the communication ledger and resumes the waiting executions whose communications are due, canceled or expired; several n8n instances may run it at once without sending anything twice.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 30,
				description:
					'How often to look for due communications. A communication planned before the last look is also sent at the moment it falls due, without waiting for the next one.',
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 100,
				description: 'Most communications claimed per round',
			},
			{
				displayName: 'Emit Empty Rounds',
				name: 'emitEmpty',
				type: 'boolean',
				default: false,
				description: 'Whether to start the workflow even when a round dispatched nothing',
			},
		],
	};

	methods = { credentialTest: credentialTests };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const ledger = await ledgerFor(this);
		const seconds = this.getNodeParameter('pollInterval', 30) as number;
		const limit = this.getNodeParameter('batchSize', 100) as number;
		const emitEmpty = this.getNodeParameter('emitEmpty', false) as boolean;
		const workerId = `${hostname()}:${process.pid}:${this.getNode().id}`;
		const runRound = async (always: boolean) => {
			const round = await dispatchRound(ledger, new Date(), {
				workerId,
				limit,
				redispatchAfterMs: Math.max(60_000, seconds * 4000),
			});
			const dispatched = [
				...round.communications.map((d) => ({ json: { type: 'communications', ...d } })),
				...round.tasks.map((t) => ({ json: { type: 'taskTimeout', ...t } })),
			];
			if (dispatched.length > 0) this.emit([dispatched]);
			else if (always || emitEmpty)
				this.emit([[{ json: { dispatchedAt: new Date().toISOString(), executions: 0 } }]]);
		};

		if (this.getMode() === 'manual') {
			return { manualTriggerFunction: async () => await runRound(true) };
		}
		// A round every poll interval, and one at the moment the next planned communication falls due.
		const loop = startDispatcherLoop({
			pollMs: Math.max(1, seconds) * 1000,
			round: async () => await runRound(false),
			nextDueAfter: async (now) => await ledger.nextDueAfter(now),
			onError: (error) =>
				this.logger.error(`Communication Dispatcher round failed: ${(error as Error).message}`),
		});
		return {
			closeFunction: async () => {
				loop.stop();
			},
		};
	}
}
