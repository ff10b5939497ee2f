// The SMS Communication runner: one Twilio REST client per execution (or resume), shared by every item.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ChannelRunner } from '../shared/pipeline';
import { conversationHandlers, type NodeContext } from '../shared/pipeline/conversation-node';
import { eventsStatusCallback, preparedWithStatusCallback } from '../shared/events/status-callback';
import { templateSourceFor } from '../shared/templates';
import {
	classifyTwilioError,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';
import { createTwilioRest } from '../shared/transport/twilio-rest';

import { DEFAULT_SMS_CONCURRENCY } from './concurrency';
import { DEFAULT_SMS_OUTPUT } from './description';
import { prepareSms, type SmsPayload } from './prepare';
import { sendSms } from './send';

/** One Twilio REST client per execution (or resume), shared by every item. */
async function smsRunner(
	ctx: NodeContext,
	credentials: ICredentialDataDecryptedObject,
): Promise<ChannelRunner<SmsPayload>> {
	const twilio = twilioSettingsFrom(credentials);
	const rest = createTwilioRest(twilio);
	const statusCallback = await eventsStatusCallback(ctx);
	const templates = templateSourceFor(ctx);
	return {
		channel: 'sms',
		defaultOutput: DEFAULT_SMS_OUTPUT,
		schedulable: true,
		prepare: async (item) =>
			preparedWithStatusCallback(await prepareSms(item, twilio, templates), statusCallback),
		send: async (payload) => await sendSms(rest, payload),
		classify: classifyTwilioError,
		secrets: twilioSecrets(twilio),
		defaults: { concurrency: DEFAULT_SMS_CONCURRENCY },
	};
}

/** execute() and webhook() (resume of planned messages) of the node. */
export const smsHandlers = conversationHandlers(
	TWILIO_CREDENTIAL,
	async (ctx, data) => await smsRunner(ctx, data),
);
