// To Another Flow's parameters: target flow (searchable list or ID), mode and options.
import type { INodeProperties } from 'n8n-workflow';

import { participantIdProperty } from '../shared/descriptions';

export const toAnotherFlowProperties: INodeProperties[] = [
	{
		displayName:
			"The target flow must start with n8n's 'When Executed by Another Workflow' trigger (input data mode: Accept all data), usually followed by From Another Flow",
		name: 'targetNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Target Flow',
		name: 'workflowId',
		// n8n's own workflow picker: a searchable list of the instance's workflows, or an ID.
		type: 'workflowSelector',
		default: '',
		required: true,
		description: 'The flow to hand the participant to',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Transfer',
				value: 'transfer',
				description:
					'Start the target flow and continue at once; this flow outputs the participant with the handover details',
			},
			{
				name: 'Run and Wait',
				value: 'runAndWait',
				description:
					'Wait for the target flow to finish and output what its last node returned, paired to each participant',
			},
		],
		default: 'transfer',
	},
	participantIdProperty,
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
				default: 'handover',
				description: 'Field that carries the handover details to the target flow and on the output',
			},
			{
				displayName: 'Include Stored Profile',
				name: 'includeProfile',
				type: 'boolean',
				default: true,
				description:
					"Whether to overlay the participant's stored profile (values saved by Update Field) on the data handed over",
			},
			{
				displayName: 'One Execution for All Participants',
				name: 'singleExecution',
				type: 'boolean',
				default: false,
				description:
					'Whether to hand all participants to one execution of the target flow instead of one execution per participant',
			},
		],
	},
];
