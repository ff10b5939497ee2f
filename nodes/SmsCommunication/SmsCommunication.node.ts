// SMS Communication: text contacts through Twilio with merge fields, MMS, segment guard and opt-outs.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runCommunicationItems } from '../shared/item-pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import {
	classifyTwilioError,
	createTwilioClient,
	testTwilioCredential,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';

import { DEFAULT_SMS_OUTPUT, smsProperties } from './description';
import { prepareSms, sendSms, type SmsPayload } from './sms';

export class SmsCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Communication',
		name: 'smsCommunication',
		icon: { light: 'file:sms.svg', dark: 'file:sms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "to " + $parameter["to"] }}',
		description: 'Send SMS and MMS to contacts through Twilio, with merge fields, opt-outs and no duplicates',
		defaults: { name: 'SMS Communication' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationTwilioApi', required: true, testedBy: 'communicationTwilioApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		properties: smsProperties,
	};

	methods = {
		credentialTest: {
			communicationTwilioApiTest: testTwilioCredential,
			communicationLedgerTest: testLedgerCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const twilio = twilioSettingsFrom(await this.getCredentials(TWILIO_CREDENTIAL));
		const client = await createTwilioClient(twilio);
		return await runCommunicationItems<SmsPayload>(this, {
			channel: 'sms',
			defaultOutput: DEFAULT_SMS_OUTPUT,
			prepare: (item) => prepareSms(item, (name, fallback) => this.getNodeParameter(name, item.itemIndex, fallback), twilio),
			send: async (payload) => await sendSms(client, payload),
			classify: classifyTwilioError,
			secrets: twilioSecrets(twilio),
		});
	}
}
