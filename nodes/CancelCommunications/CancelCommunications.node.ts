import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { participantIdProperty } from '../shared/descriptions';
import { requiredParticipantIdOf } from '../shared/participant';
import { ledgerFor } from '../shared/ledger/access';
import { cancelOpenTasks, type CanceledTasks } from '../shared/manual-tasks';
import { runPerItem } from '../shared/pipeline/per-item';
import { wakeWaitingExecution } from '../shared/schedule/dispatch';
import { validateCommunicationName } from '../shared/schedule/window';

export class CancelCommunications implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cancel Communications',
		name: 'cancelCommunications',
		icon: { light: 'file:cancel.svg', dark: 'file:cancel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["communicationName"] || "all planned communications" }}',
		description:
			"Cancel a participant's planned and active communications so they are never sent, and close their open manual tasks",
		defaults: { name: 'Cancel Communications' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
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
			participantIdProperty,
			{
				displayName: 'Communication Name',
				name: 'communicationName',
				type: 'string',
				default: '',
				placeholder: 'APPOINTMENT_REMINDER',
				description: 'Only cancel communications with this name. Empty cancels all of them.',
			},
			{
				displayName: 'Keep Open Manual Tasks',
				name: 'keepOpenManualTasks',
				type: 'boolean',
				default: false,
				displayOptions: { show: { communicationName: [''] } },
				description:
					"Whether the participant's open Manual Action tasks stay open. Off: they are closed as canceled and their waiting workflows continue.",
			},
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'canceled',
				description: 'Field the count and IDs of the canceled communications are written to',
			},
		],
	};

	methods = { credentialTest: credentialTests };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const ledger = await ledgerFor(this);
		return await runPerItem(this, async (i, item) => {
			const participantId = requiredParticipantIdOf(this, i, item);
			const rawName = String(this.getNodeParameter('communicationName', i, '') ?? '').trim();
			let name: string | undefined;
			try {
				name = rawName ? validateCommunicationName(rawName) : undefined;
			} catch (error) {
				throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
			}
			const canceled = await ledger.cancel(participantId, name);
			// Manual tasks have no Communication Name: only a cancel of everything closes them.
			const keepTasks = this.getNodeParameter('keepOpenManualTasks', i, false) === true;
			const manualTasks: CanceledTasks =
				name || keepTasks
					? { count: 0, ids: [], waitingExecutions: [] }
					: await cancelOpenTasks(ledger, participantId, wakeWaitingExecution);
			const field = String(this.getNodeParameter('outputField', i, 'canceled') || 'canceled');
			return {
				[field]: {
					participantId,
					communicationName: name ?? null,
					count: canceled.length,
					ids: canceled.map((c) => c.id),
					communications: canceled.map((c) => ({
						id: c.id,
						name: c.name,
						channel: c.channel,
						scheduledFor: c.scheduledFor,
					})),
					manualTasks,
				},
			};
		});
	}
}
