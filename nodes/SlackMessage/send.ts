// Posts one prepared Slack message; the channel, timestamp and thread Slack used go to the result.
import type { SlackClient } from '../shared/transport/slack';
import { postSlackMessage } from '../shared/transport/slack-post';
import type { SendSuccess } from '../shared/transport/types';

import type { SlackPayload } from './prepare';

export async function sendSlackMessage(
	client: SlackClient,
	{ destination, message }: SlackPayload,
): Promise<SendSuccess> {
	const posted = await postSlackMessage(client, destination, message);
	return {
		providerMessageId: posted.ts,
		details: {
			slackChannel: posted.channel,
			slackTs: posted.ts,
			...(posted.userId === undefined ? {} : { slackUserId: posted.userId }),
			...(typeof message.thread_ts === 'string' ? { slackThreadTs: message.thread_ts } : {}),
		},
	};
}
