// A stand-in for n8n's own Execute Workflow Trigger ("When Executed by Another Workflow") in
// "Accept all data" mode: engine tests register it as n8n-nodes-base.executeWorkflowTrigger.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const N8N_BASE = 'n8n-nodes-base';

export class ExecuteWorkflowTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'When Executed by Another Workflow',
		name: 'executeWorkflowTrigger',
		group: ['trigger'],
		version: [1, 1.1],
		description: 'Passes the items handed over by the calling workflow through',
		defaults: { name: 'When Executed by Another Workflow' },
		inputs: [],
		outputs: ['main'],
		properties: [
			{ displayName: 'Input Source', name: 'inputSource', type: 'hidden', default: 'passthrough' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** The trigger node as n8n's editor saves it (version 1.1, "Accept all data"). */
export function executeWorkflowTriggerNode(name = 'When Executed by Another Workflow') {
	return {
		id: `${name.replace(/\W+/g, '-')}-id`,
		name,
		type: `${N8N_BASE}.executeWorkflowTrigger`,
		typeVersion: 1.1,
		position: [0, 0] as [number, number],
		parameters: { inputSource: 'passthrough' },
	};
}
