// From Another Flow node: receives participants handed over by To Another Flow. n8n 2.x starts a
// called workflow only at its own Execute Workflow Trigger, so this node runs right after it
// and turns what arrived into the participant: stored profile overlaid, handover details kept.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { DEFAULT_HANDOVER_FIELD, handoverToJson, readHandover } from '../shared/handover';
import { ledgerFor } from '../shared/ledger/access';
import { loadParticipant, participantIdOf } from '../shared/participant';
import { runPerItem } from '../shared/pipeline/per-item';

// Not a trigger although named like one: it runs after n8n's own trigger. n8n loads the class named
// as the file, and the file is named after the internal name `fromAnotherFlowTrigger`, which saved
// workflows refer to; so n8n's trigger conventions (empty input, "Trigger" label) stay unmet here.
export class FromAnotherFlowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'From Another Flow',
		name: 'fromAnotherFlowTrigger',
		icon: { light: 'file:from-another-flow.svg', dark: 'file:from-another-flow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Participant handed over',
		description:
			'Receive participants handed over by To Another Flow (place it after When Executed by Another Workflow)',
		defaults: { name: 'From Another Flow' },
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
			{
				displayName:
					"n8n starts a called flow only at its own trigger: begin this flow with 'When Executed by Another Workflow' (input data mode: Accept all data) and connect it to this node",
				name: 'triggerNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Participant ID',
				name: 'participantId',
				type: 'string',
				default: '={{ $json.handover?.participantId || $json.id }}',
				description:
					"Identifies the contact; by default the ID the sending flow handed over, else the item's ID",
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Handover Field Name',
						name: 'handoverField',
						type: 'string',
						default: DEFAULT_HANDOVER_FIELD,
						description:
							'Field carrying the handover details (must match the sending To Another Flow node)',
					},
					{
						displayName: 'Load Stored Profile',
						name: 'loadProfile',
						type: 'boolean',
						default: true,
						description:
							"Whether to overlay the participant's stored profile as it is now (a transferred participant may arrive after other flows updated it)",
					},
					{
						displayName: 'Only Accept Handovers',
						name: 'requireHandover',
						type: 'boolean',
						default: false,
						description:
							'Whether items that did not come from a To Another Flow node are errors instead of passing through',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: credentialTests,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const field =
			(typeof options.handoverField === 'string' && options.handoverField.trim()) ||
			DEFAULT_HANDOVER_FIELD;
		const ledger = options.loadProfile === false ? undefined : await ledgerFor(this);
		const receivedAt = new Date().toISOString();
		return await runPerItem(
			this,
			async (i, item) => {
				const handover = readHandover(item.json, field);
				if (!handover && options.requireHandover === true) {
					throw new NodeOperationError(
						node,
						'This item was not handed over by a To Another Flow node',
						{
							itemIndex: i,
							description: `Start this flow from To Another Flow, or turn off the option Only Accept Handovers. (Looked for the field '${field}'.)`,
						},
					);
				}
				const participantId = participantIdOf(this, i, item, { trim: true });
				const json = ledger
					? await loadParticipant(ledger, participantId, item.json)
					: { ...item.json };
				if (handover) json[field] = { ...handoverToJson(handover), receivedAt };
				return [{ ...item, json, pairedItem: { item: i } }];
			},
			{ fanOut: true },
		);
	}
}
