// Communication Ledger: look up what the ledger holds about a participant or a communication.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';

import { router } from './actions/router';
import { ledgerProperties } from './description';

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
		properties: ledgerProperties,
	};

	methods = { credentialTest: credentialTests };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
