// The Voice Communication runner: the chosen operation, the optional Team Directory and one
// Twilio client per execution (or resume), shared by every item.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { eventsStatusCallback, withStatusCallback } from '../shared/events/status-callback';
import type { ChannelRunner } from '../shared/pipeline';
import { conversationHandlers, type NodeContext } from '../shared/pipeline/conversation-node';
import { TEAM_DIRECTORY_CREDENTIAL, type TeamDirectory } from '../shared/team/directory';
import { teamDirectoryFor } from '../shared/team/directory-access';
import {
	classifyTwilioError,
	createTwilioClient,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';

import { voiceActionFor } from './actions/router';
import { prepareCall, type CallPayload } from './calls';
import { placeCall } from './send';

/** The Team Directory, when the node has that (optional) credential: bridge calls ring the contact's owner. */
async function optionalDirectory(ctx: NodeContext): Promise<TeamDirectory | undefined> {
	return ctx.getNode().credentials?.[TEAM_DIRECTORY_CREDENTIAL]
		? await teamDirectoryFor(ctx)
		: undefined;
}

/** One Twilio client per execution (or resume), shared by every item. */
async function voiceRunner(
	ctx: NodeContext,
	credentials: ICredentialDataDecryptedObject,
): Promise<ChannelRunner<CallPayload>> {
	const action = voiceActionFor(ctx);
	const directory = await optionalDirectory(ctx);
	const twilio = twilioSettingsFrom(credentials);
	const client = await createTwilioClient(twilio);
	const statusCallback = await eventsStatusCallback(ctx);
	return {
		channel: 'voice',
		defaultOutput: action.defaultOutput,
		schedulable: true,
		prepare: async (item) => {
			const prepared = await prepareCall(item, twilio, directory, action);
			const request = withStatusCallback(prepared.payload.request, statusCallback);
			return { ...prepared, payload: { ...prepared.payload, request } };
		},
		send: async (payload) => await placeCall(client, payload),
		classify: classifyTwilioError,
		secrets: twilioSecrets(twilio),
	};
}

/** execute() and webhook() (resume of planned calls) of the node. */
export const voiceHandlers = conversationHandlers(TWILIO_CREDENTIAL, voiceRunner);
