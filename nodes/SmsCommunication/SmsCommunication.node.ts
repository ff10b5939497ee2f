// SMS Communication: text contacts through Twilio with merge fields, MMS, segment guard and opt-outs.
import { NodeConnectionTypes } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { conversationHandlers } from '../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import {
	classifyTwilioError,
	createTwilioClient,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';

import { DEFAULT_SMS_OUTPUT, smsProperties } from './description';
import { prepareSms, sendSms, type SmsPayload } from './sms';

/** One Twilio client per execution (or resume), shared by every item. */
async function smsRunner(
	credentials: ICredentialDataDecryptedObject,
): Promise<ChannelRunner<SmsPayload>> {
	const twilio = twilioSettingsFrom(credentials);
	const client = await createTwilioClient(twilio);
	return {
		channel: 'sms',
		defaultOutput: DEFAULT_SMS_OUTPUT,
		schedulable: true,
		prepare: (item) => prepareSms(item, twilio),
		send: async (payload) => await sendSms(client, payload),
		classify: classifyTwilioError,
		secrets: twilioSecrets(twilio),
	};
}

const handlers = conversationHandlers(
	TWILIO_CREDENTIAL,
	async (_ctx, data) => await smsRunner(data),
);

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
			{ name: 'communicationTwilioApi', required: true, testedBy: 'communicationTwilioApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
		],
		webhooks: resumeWebhooks,
		properties: smsProperties,
	};

	methods = {
		credentialTest: credentialTests,
	};

	execute = handlers.execute;

	webhook = handlers.webhook;
}
