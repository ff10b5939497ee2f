// Update Field node: writes attributes to the item and the participant's or customer's stored profile.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { ledgerFor } from '../shared/ledger/access';
import { runPerItem } from '../shared/pipeline/per-item';
import { updateFieldProperties } from './description';
import { updateFieldsForItem } from './update-field';

export class UpdateField implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Update Field',
		name: 'updateField',
		icon: { light: 'file:update-field.svg', dark: 'file:update-field.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["scope"] === "customerProfile" ? "customer profile" : "participant" }}',
		description:
			'Write values to participant or customer profile attributes, saved for later sends and flows',
		defaults: { name: 'Update Field' },
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
		properties: updateFieldProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const ledger = await ledgerFor(this);
		// One item at a time: two items of the same participant apply in input order.
		return await runPerItem(
			this,
			async (i, item) => [
				{
					...item,
					json: await updateFieldsForItem(this, ledger, item, i),
					pairedItem: { item: i },
				},
			],
			{ fanOut: true },
		);
	}
}
