// Voice Communication: Twilio calls to contacts (SIP outbound call, bridge call, voicemail drop).
import type { ICredentialDataDecryptedObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import {
	conversationHandlers,
	nodeLevelParameter,
	type NodeContext,
} from '../shared/conversation-node';
import type { ChannelRunner } from '../shared/pipeline';
import { testLedgerCredential } from '../shared/ledger-access';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { TEAM_DIRECTORY_CREDENTIAL, type TeamDirectory } from '../shared/team-directory';
import { teamDirectoryFor, testTeamDirectoryCredential } from '../shared/team-directory-access';
import {
	classifyTwilioError,
	createTwilioClient,
	testTwilioCredential,
	TWILIO_CREDENTIAL,
	twilioSecrets,
	twilioSettingsFrom,
} from '../shared/transport/twilio';

import { placeCall } from './call-outcome';
import { prepareCall, type CallPayload } from './calls';
import { DEFAULT_VOICE_OUTPUT, voiceProperties, type VoiceOperation } from './description';

/** The Team Directory, when the node has that (optional) credential: bridge calls ring the contact's owner. */
async function optionalDirectory(ctx: NodeContext): Promise<TeamDirectory | undefined> {
	return ctx.getNode().credentials?.[TEAM_DIRECTORY_CREDENTIAL]
		? await teamDirectoryFor(ctx)
		: undefined;
}

/** One Twilio client per execution (or resume), shared by every item. */
async function voiceRunner(
	credentials: ICredentialDataDecryptedObject,
	operation: VoiceOperation,
	directory: TeamDirectory | undefined,
): Promise<ChannelRunner<CallPayload>> {
	const twilio = twilioSettingsFrom(credentials);
	const client = await createTwilioClient(twilio);
	return {
		channel: 'voice',
		defaultOutput: DEFAULT_VOICE_OUTPUT[operation] ?? DEFAULT_VOICE_OUTPUT.outboundCall,
		schedulable: true,
		prepare: (item) => prepareCall(item, twilio, directory),
		send: async (payload) => await placeCall(client, payload),
		classify: classifyTwilioError,
		secrets: twilioSecrets(twilio),
	};
}

const handlers = conversationHandlers(
	TWILIO_CREDENTIAL,
	async (ctx, data) =>
		await voiceRunner(
			data,
			nodeLevelParameter(ctx, 'operation', 'outboundCall') as VoiceOperation,
			await optionalDirectory(ctx),
		),
);

export class VoiceCommunication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voice Communication',
		name: 'voiceCommunication',
		icon: { light: 'file:voice.svg', dark: 'file:voice.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Call contacts through Twilio: SIP outbound calls, bridge calls with a whisper, voicemail drops',
		defaults: { name: 'Voice Communication' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{ name: 'communicationTwilioApi', required: true, testedBy: 'communicationTwilioApiTest' },
			{ name: 'communicationLedgerApi', required: false, testedBy: 'communicationLedgerTest' },
			{
				name: 'communicationTeamDirectoryApi',
				required: false,
				testedBy: 'communicationTeamDirectoryTest',
			},
		],
		webhooks: resumeWebhooks,
		properties: voiceProperties,
	};

	methods = {
		credentialTest: {
			communicationTwilioApiTest: testTwilioCredential,
			communicationLedgerTest: testLedgerCredential,
			communicationTeamDirectoryTest: testTeamDirectoryCredential,
		},
	};

	execute = handlers.execute;

	webhook = handlers.webhook;
}
