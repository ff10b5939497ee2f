// To Another Flow node: hands participants to another workflow (transfer, or run and wait).
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { toAnotherFlowProperties } from './description';
import { handOverParticipants } from './hand-over';

export class ToAnotherFlow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'To Another Flow',
		name: 'toAnotherFlow',
		icon: { light: 'file:to-another-flow.svg', dark: 'file:to-another-flow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["mode"] === "runAndWait" ? "run and wait" : "transfer" }}',
		description: 'Hand participants to another workflow, and optionally wait for its result',
		defaults: { name: 'To Another Flow' },
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
		properties: toAnotherFlowProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await handOverParticipants(this);
	}
}
