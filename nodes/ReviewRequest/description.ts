// Parameters of the Review Request node: the operation, then each operation's own fields.
import type { INodeProperties } from 'n8n-workflow';

import { reviewActions } from './actions/router';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Send',
			value: 'send',
			action: 'Send a review request',
			description: 'Ask the contact for a review by email or SMS',
		},
		{
			name: 'Record Delivery Status',
			value: 'recordDeliveryStatus',
			action: 'Record an SMS delivery status',
			description: "Store a Twilio status callback so the request's status becomes delivered",
		},
	],
	default: 'send',
};

export const reviewRequestProperties: INodeProperties[] = [
	operationProperty,
	...Object.values(reviewActions).flatMap((action) => action.description),
];
