// Review Request: ask a contact for a review by email or SMS, on behalf of their assigned user.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { loadTeamMemberOptions } from '../shared/team/directory-access';

import { router } from './actions/router';
import { reviewRequestProperties } from './description';

export class ReviewRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Review Request',
		name: 'reviewRequest',
		icon: { light: 'file:review.svg', dark: 'file:review.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "send" ? "by " + $parameter["reviewType"] : "record delivery status" }}',
		description: 'Ask contacts for a review by email or SMS, on behalf of their assigned user',
		defaults: { name: 'Review Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTeamDirectoryApi',
				displayName: "Team Directory (finds the contact's owner)",
				required: true,
				testedBy: 'communicationTeamDirectoryTest',
				displayOptions: { show: { operation: ['send'] } },
			},
			{
				name: 'communicationSmtpApi',
				displayName: 'SMTP (sends the review email)',
				required: true,
				testedBy: 'smtpConnectionTest',
				displayOptions: { show: { operation: ['send'], reviewType: ['email'] } },
			},
			{
				name: 'communicationTwilioApi',
				displayName: 'Twilio (sends the review SMS)',
				required: true,
				testedBy: 'communicationTwilioApiTest',
				displayOptions: { show: { operation: ['send'], reviewType: ['sms'] } },
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: reviewRequestProperties,
	};

	methods = {
		credentialTest: credentialTests,
		loadOptions: { getTeamMembers: loadTeamMemberOptions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
