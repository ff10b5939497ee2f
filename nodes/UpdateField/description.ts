// Update Field's parameters: scope, the assignments list and options.
import type { INodeProperties } from 'n8n-workflow';

import { participantIdProperty } from '../shared/descriptions';

const showOnlyForCustomerScope = { show: { scope: ['customerProfile'] } };

export const updateFieldProperties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Participant',
				value: 'participant',
				description: "Update the contact's own attributes (stored under the Participant ID)",
			},
			{
				name: 'Customer Profile',
				value: 'customerProfile',
				description:
					'Update the profile shared by every contact of one customer account (stored under the Customer ID)',
			},
		],
		default: 'participant',
	},
	{ ...participantIdProperty, displayOptions: { show: { scope: ['participant'] } } },
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '={{ $json.customer_id }}',
		required: true,
		displayOptions: showOnlyForCustomerScope,
		description:
			'Identifies the customer account whose profile is updated. Every contact with this customer ID shares the profile.',
	},
	{
		displayName: 'Assignments',
		name: 'assignments',
		type: 'fixedCollection',
		placeholder: 'Add Assignment',
		typeOptions: {
			multipleValues: true,
			sortable: true,
			multipleValueButtonText: 'Add Assignment',
		},
		default: { assignment: [{ attribute: '', valueFrom: 'constant', value: '', type: 'string' }] },
		options: [
			{
				displayName: 'Assignment',
				name: 'assignment',
				values: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. address.city',
						description:
							'The attribute to write. Use dots for nested attributes; missing parents are created.',
					},
					{
						displayName: 'Source',
						name: 'valueFrom',
						type: 'options',
						options: [
							{
								name: 'Constant Value',
								value: 'constant',
								description: 'A fixed value or an expression',
							},
							{
								name: 'Another Attribute',
								value: 'attribute',
								description: 'Copy the current value of another attribute of the participant',
							},
						],
						default: 'constant',
					},
					{
						displayName: 'Source Attribute',
						name: 'sourceAttribute',
						type: 'string',
						default: '',
						placeholder: 'e.g. lead.score',
						displayOptions: { show: { valueFrom: ['attribute'] } },
						description:
							"The participant attribute to copy (the item overlaid with the stored profile, including earlier assignments). In the Customer Profile scope the customer's attributes are under 'customer'.",
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{
								name: 'Boolean',
								value: 'boolean',
								description: 'True/false (yes/no, on/off and 1/0 accepted)',
							},
							{ name: 'Date', value: 'date', description: 'Stored as ISO 8601 text' },
							{ name: 'JSON', value: 'json', description: 'An object, list or any JSON value' },
							{
								name: 'Keep As Is',
								value: 'any',
								description: 'Write the value unchanged (useful for copies)',
							},
							{ name: 'Number', value: 'number' },
							{ name: 'String', value: 'string' },
						],
						default: 'string',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { show: { valueFrom: ['constant'] } },
						description: 'The value to write; converted to the type above',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Customer Field Name',
				name: 'customerField',
				type: 'string',
				default: 'customer',
				displayOptions: showOnlyForCustomerScope,
				description: 'Item field that receives the customer profile (Customer Profile scope)',
			},
			{
				displayName: 'Save to Profile',
				name: 'persist',
				type: 'boolean',
				default: true,
				description:
					'Whether to store the values in the communication ledger, so later sends, other workflows and the Communication Ledger node see them. Off: only this item changes.',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description:
					"Zone for Date values that have a time but no offset. Default: the participant's timezone attribute, else the workflow's time zone.",
			},
		],
	},
];
