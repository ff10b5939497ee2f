// Slack Message: posts to a user (direct message), a private or a public channel through the shared send loop.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { runCommunicationItems } from '../shared/pipeline';
import { slackMessageProperties } from './description';
import { searchChannels, searchUsers } from './methods/list-search';
import { slackMessageRunner } from './runner';

export class SlackMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Slack Message',
		name: 'slackMessage',
		icon: { light: 'file:slack.svg', dark: 'file:slack.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ { user: "Direct message", privateChannel: "Private channel", publicChannel: "Public channel" }[$parameter["sendTo"]] }}',
		description: 'Send a Slack message to a user, a private channel or a public channel',
		defaults: { name: 'Slack Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationSlackApi',
				displayName: 'Slack (posts the message)',
				required: true,
				testedBy: 'communicationSlackApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: slackMessageProperties,
	};

	methods = {
		listSearch: { searchChannels, searchUsers },
		credentialTest: credentialTests,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runCommunicationItems(this, await slackMessageRunner(this));
	}
}
