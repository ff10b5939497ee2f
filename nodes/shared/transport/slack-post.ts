// One Slack message to a channel, a user, or the user with an email address (chat.postMessage).
import type { SlackClient } from './slack';

export type SlackDestination =
	| { kind: 'email'; email: string }
	| { kind: 'user'; userId: string }
	| { kind: 'channel'; channel: string };

export interface SlackPostOutcome {
	channel: string;
	ts: string;
	/** The user a direct message went to (given, or looked up by email). */
	userId?: string;
}

/** Where a destination is posted: a user ID as channel posts into the app's direct message with them. */
async function channelFor(client: SlackClient, destination: SlackDestination): Promise<string> {
	if (destination.kind === 'channel') return destination.channel;
	if (destination.kind === 'user') return destination.userId;
	return await client.userIdByEmail(destination.email);
}

/** Posts `message` (chat.postMessage arguments other than channel) to the destination. */
export async function postSlackMessage(
	client: SlackClient,
	destination: SlackDestination,
	message: Record<string, unknown>,
): Promise<SlackPostOutcome> {
	const channel = await channelFor(client, destination);
	const posted = await client.postMessage({ ...message, channel });
	return {
		channel: posted.channel,
		ts: posted.ts,
		...(destination.kind === 'channel' ? {} : { userId: channel }),
	};
}
