// Review Request: ask a contact for a review by email or SMS, on behalf of their assigned user.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { runCommunicationItems } from '../shared/pipeline';
import { mapInputItems } from '../shared/item-loop';
import { ledgerFor, testLedgerCredential } from '../shared/ledger-access';
import {
	loadTeamMemberOptions,
	teamDirectoryFor,
	testTeamDirectoryCredential,
} from '../shared/team-directory-access';
import { openTeamMessenger } from '../shared/team-messaging';
import { testTwilioCredential } from '../shared/transport/twilio';

import { reviewRequestProperties } from './description';
import { recordDeliveryStatus, reviewRunner } from './review';

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
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTeamDirectoryApi',
				required: true,
				testedBy: 'communicationTeamDirectoryTest',
				displayOptions: { show: { operation: ['send'] } },
			},
			{
				name: 'communicationSmtpApi',
				required: true,
				displayOptions: { show: { operation: ['send'], reviewType: ['email'] } },
			},
			{
				name: 'communicationTwilioApi',
				required: true,
				testedBy: 'communicationTwilioApiTest',
				displayOptions: { show: { operation: ['send'], reviewType: ['sms'] } },
			},
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		properties: reviewRequestProperties,
	};

	methods = {
		credentialTest: {
			communicationTeamDirectoryTest: testTeamDirectoryCredential,
			communicationTwilioApiTest: testTwilioCredential,
			communicationLedgerTest: testLedgerCredential,
		},
		loadOptions: { getTeamMembers: loadTeamMemberOptions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === 'recordDeliveryStatus') {
			const ledger = await ledgerFor(this);
			return await mapInputItems(
				this,
				async (item, i) => await recordDeliveryStatus(this, ledger, item, i),
			);
		}
		const type = this.getNodeParameter('reviewType', 0) as 'email' | 'sms';
		const directory = await teamDirectoryFor(this);
		const messenger = await openTeamMessenger(this, type);
		return await runCommunicationItems(this, reviewRunner(this, directory, type, messenger));
	}
}
