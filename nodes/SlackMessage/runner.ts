// The Slack Message runner: one Slack client per execution, shared by every item.
import type { IExecuteFunctions } from 'n8n-workflow';

import type { ChannelRunner } from '../shared/pipeline';
import { readTimeoutMs, retryDecisionFor } from '../shared/transport/retry';
import { createSlackClient, SLACK_CREDENTIAL, slackCredentials } from '../shared/transport/slack';

import { DEFAULT_OUTPUT } from './description';
import { prepareSlackMessage, type SlackPayload } from './prepare';
import { sendSlackMessage } from './send';

export async function slackMessageRunner(
	ctx: IExecuteFunctions,
): Promise<ChannelRunner<SlackPayload>> {
	const credentials = slackCredentials(await ctx.getCredentials(SLACK_CREDENTIAL));
	const client = await createSlackClient(credentials, readTimeoutMs(ctx));
	return {
		channel: 'slack',
		defaultOutput: DEFAULT_OUTPUT,
		secrets: [credentials.botToken],
		classify: retryDecisionFor,
		prepare: prepareSlackMessage,
		send: async (payload) => await sendSlackMessage(client, payload),
	};
}
