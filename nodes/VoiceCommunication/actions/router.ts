// Picks the node's call operation and builds the Twilio runner every item (and every resume) uses.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	conversationHandlers,
	nodeLevelParameter,
	type NodeContext,
} from '../../shared/pipeline/conversation-node';
import type { ChannelRunner } from '../../shared/pipeline';
import { actionForOperation } from '../../shared/operation-router';
import { TEAM_DIRECTORY_CREDENTIAL, type TeamDirectory } from '../../shared/team/directory';
import { teamDirectoryFor } from '../../shared/team/directory-access';
import {
	classifyTwilioError,
	createTwilioClient,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../../shared/transport/twilio';
import { placeCall } from '../call-outcome';
import { prepareCall, type CallPayload, type VoiceAction, type VoiceOperation } from '../calls';

import * as bridgeCall from './bridgeCall.operation';
import * as outboundCall from './outboundCall.operation';
import * as voicemailDrop from './voicemailDrop.operation';

export const voiceActions: Record<VoiceOperation, VoiceAction> = {
	outboundCall,
	bridgeCall,
	voicemailDrop,
};

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
	const action = actionForOperation(
		ctx.getNode(),
		voiceActions,
		nodeLevelParameter(ctx, 'operation', 'outboundCall'),
	);
	const directory = await optionalDirectory(ctx);
	const twilio = twilioSettingsFrom(credentials);
	const client = await createTwilioClient(twilio);
	return {
		channel: 'voice',
		defaultOutput: action.defaultOutput,
		schedulable: true,
		prepare: (item) => prepareCall(item, twilio, directory, action),
		send: async (payload) => await placeCall(client, payload),
		classify: classifyTwilioError,
		secrets: twilioSecrets(twilio),
	};
}

/** execute() and webhook() (resume of planned calls) of the node. */
export const voiceHandlers = conversationHandlers(TWILIO_CREDENTIAL, voiceRunner);
