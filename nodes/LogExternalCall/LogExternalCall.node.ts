// Log External Call: records calls made in an outside dialer in the ledger's call log, once per call ID.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { runPerItem } from '../shared/pipeline/per-item';
import { ledgerFor } from '../shared/ledger/access';

import { logExternalCallProperties } from './description';
import { logCall, prepareCall } from './log-call';

export class LogExternalCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Log External Call',
		name: 'logExternalCall',
		icon: { light: 'file:call-log.svg', dark: 'file:call-log.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["direction"] + " call" }}',
		description:
			"Record a call from an outside dialer in the contact's call log (no duplicates per call ID)",
		defaults: { name: 'Log External Call' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: logExternalCallProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const ledger = await ledgerFor(this);
		return await runPerItem(this, async (i, item) => {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const output = typeof options.outputMessage === 'string' ? options.outputMessage : undefined;
			const logged = await logCall(ledger, prepareCall(this, i, item), output);
			return { call: logged.call, communication: logged.result };
		});
	}
}
