// Manual Action fields that version 1 shows at the top level and version 2 under Options.
import type { INodeProperties } from 'n8n-workflow';

export const contactNameField: INodeProperties = {
	displayName: 'Contact Name',
	name: 'contactName',
	type: 'string',
	default: '={{ $json.name }}',
	description: "Shown on the task page. Empty: the contact's phone number.",
};

/** Version 1: a switch with Limit and Unit below it. */
export const limitWaitTimeField: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'boolean',
	default: false,
	description: 'Whether the task times out (result "timed_out") when it is not done in time',
};

const showOnlyForWaitLimit = { show: { limitWaitTime: [true] } };

export const waitAmountField: INodeProperties = {
	displayName: 'Limit',
	name: 'waitAmount',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 24,
	displayOptions: showOnlyForWaitLimit,
};

export const waitUnitField: INodeProperties = {
	displayName: 'Unit',
	name: 'waitUnit',
	type: 'options',
	options: [
		{ name: 'Seconds', value: 'seconds' },
		{ name: 'Minutes', value: 'minutes' },
		{ name: 'Hours', value: 'hours' },
		{ name: 'Days', value: 'days' },
	],
	default: 'hours',
	displayOptions: showOnlyForWaitLimit,
};

/** Version 2: adding the option sets the limit (Limit and Unit inside it). */
const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	default: { values: { waitAmount: 24, waitUnit: 'hours' } },
	description: 'The task times out (result "timed_out") when it is not done in time',
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{ ...waitAmountField, displayOptions: undefined },
				{ ...waitUnitField, displayOptions: undefined },
			],
		},
	],
};

/** What version 2 adds to Options. */
export const movedToOptions: INodeProperties[] = [contactNameField, limitWaitTimeOption];
