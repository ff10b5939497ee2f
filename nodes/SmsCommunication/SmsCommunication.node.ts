// SMS Communication: text contacts through Twilio with merge fields, MMS, segment guard and opt-outs.
import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { templateListSearch } from '../shared/templates';

import { smsProperties } from './description';
import { smsHandlers } from './runner';

export class SmsCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Communication',
		name: 'smsCommunication',
		icon: { light: 'file:sms.svg', dark: 'file:sms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "to " + $parameter["to"] }}',
		description:
			'Send SMS and MMS to contacts through Twilio, with merge fields, opt-outs and no duplicates',
		defaults: { name: 'SMS Communication' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTwilioApi',
				displayName: 'Twilio (sends the SMS)',
				required: true,
				testedBy: 'communicationTwilioApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: smsProperties,
	};

	methods = {
		credentialTest: credentialTests,
		listSearch: { searchTemplates: templateListSearch('sms') },
	};

	execute = smsHandlers.execute;

	webhook = smsHandlers.webhook;
}
