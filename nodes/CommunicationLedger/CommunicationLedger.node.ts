import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { participantIdProperty } from '../shared/descriptions';
import { ledgerFor, testLedgerCredential } from '../shared/ledger/access';
import type { CommunicationLedger as Ledger, CommunicationStatus } from '../shared/ledger/types';
import { runPerItem } from '../shared/per-item';
import { BATCH_CHANNEL } from '../shared/schedule/plan';

type Operation = 'communications' | 'tasks' | 'calls' | 'profile' | 'statistics' | 'overdue';

const showForParticipant = { show: { operation: ['communications', 'tasks', 'calls', 'profile'] } };

function participantOf(ctx: IExecuteFunctions, i: number, item: INodeExecutionData): string {
	const raw = ctx.getNodeParameter('participantId', i, '') as unknown;
	const id = String(
		raw === '' || raw === null || raw === undefined ? (item.json.id ?? '') : raw,
	).trim();
	if (!id)
		throw new NodeOperationError(ctx.getNode(), 'Participant ID is empty', {
			itemIndex: i,
			description: 'Set Participant ID, e.g. {{ $json.id }}.',
		});
	return id;
}

async function lookUp(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	operation: Operation,
	i: number,
	item: INodeExecutionData,
): Promise<IDataObject> {
	const limit = ctx.getNodeParameter('limit', i, 100) as number;
	switch (operation) {
		case 'communications': {
			const statuses = ctx.getNodeParameter('statuses', i, []) as CommunicationStatus[];
			const name = String(ctx.getNodeParameter('communicationName', i, '') ?? '').trim();
			const rows = await ledger.list({
				participantId: participantOf(ctx, i, item),
				name: name || undefined,
				statuses: statuses.length ? statuses : undefined,
				limit,
			});
			return {
				communications: rows
					.filter((r) => r.channel !== BATCH_CHANNEL)
					.map(({ payload: _payload, resumeUrl: _url, ...row }) => row) as unknown as IDataObject[],
			};
		}
		case 'tasks':
			return {
				tasks: (await ledger.listTasks({ participantId: participantOf(ctx, i, item) }))
					.slice(0, limit)
					.map(({ resumeUrl: _url, ...task }) => task) as unknown as IDataObject[],
			};
		case 'calls':
			return {
				calls: (await ledger.listCalls(participantOf(ctx, i, item))).slice(
					0,
					limit,
				) as unknown as IDataObject[],
			};
		case 'profile':
			return {
				profile: (await ledger.getProfile(participantOf(ctx, i, item))) as unknown as IDataObject,
			};
		case 'statistics': {
			const name = String(ctx.getNodeParameter('communicationName', i, '') ?? '').trim();
			return {
				statistics: (await ledger.statsByName(name || undefined)).filter(
					(s) => s.name !== '',
				) as unknown as IDataObject[],
			};
		}
		case 'overdue': {
			const rows = await ledger.list({
				statuses: ['planned'],
				dueBefore: new Date().toISOString(),
				limit,
			});
			return {
				overdue: rows
					.filter((r) => r.channel !== BATCH_CHANNEL)
					.map(({ payload: _payload, resumeUrl: _url, ...row }) => row) as unknown as IDataObject[],
			};
		}
	}
}

export class CommunicationLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Communication Ledger',
		name: 'communicationLedger',
		icon: { light: 'file:ledger.svg', dark: 'file:ledger.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"Look up a participant's communications, tasks, calls and profile, or statistics per communication",
		defaults: { name: 'Communication Ledger' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Get Call Log', value: 'calls', action: 'Get the call log of a participant' },
					{
						name: 'Get Communications',
						value: 'communications',
						action: 'Get the communications of a participant',
					},
					{
						name: 'Get Overdue Communications',
						value: 'overdue',
						action: 'Get planned communications that are past due',
					},
					{
						name: 'Get Profile',
						value: 'profile',
						action: 'Get the stored profile of a participant',
					},
					{
						name: 'Get Statistics',
						value: 'statistics',
						action: 'Get statistics per communication name',
					},
					{ name: 'Get Tasks', value: 'tasks', action: 'Get the manual tasks of a participant' },
				],
				default: 'communications',
			},
			{ ...participantIdProperty, displayOptions: showForParticipant },
			{
				displayName: 'Communication Name',
				name: 'communicationName',
				type: 'string',
				default: '',
				placeholder: 'APPOINTMENT_REMINDER',
				description: 'Only this communication (empty: all)',
				displayOptions: { show: { operation: ['communications', 'statistics'] } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					'active',
					'canceled',
					'expired',
					'failed',
					'planned',
					'queued',
					'sent',
					'skipped',
				].map((s) => ({ name: s[0].toUpperCase() + s.slice(1), value: s })),
				default: [],
				description: 'Only communications in these states (empty: all)',
				displayOptions: { show: { operation: ['communications'] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { operation: ['communications', 'tasks', 'calls', 'overdue'] } },
			},
		],
	};

	methods = { credentialTest: { communicationLedgerTest: testLedgerCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const ledger = await ledgerFor(this);
		return await runPerItem(
			this,
			async (i, item) =>
				await lookUp(this, ledger, this.getNodeParameter('operation', i) as Operation, i, item),
		);
	}
}
