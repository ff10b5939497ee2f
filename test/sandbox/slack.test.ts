// The Slack peer answers the real @slack/web-api WebClient: auth, posting, lookups, cursor paging, rate limits.
import { WebClient, ErrorCode, LogLevel } from '@slack/web-api';
import { startSandbox, type Sandbox } from '../../sandbox';
import { rejectionOf } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

function client(
	token = sandbox.credentials.slack.token,
	extra: ConstructorParameters<typeof WebClient>[1] = {},
): WebClient {
	return new WebClient(token, {
		slackApiUrl: sandbox.urls.slack,
		retryConfig: { retries: 0 },
		logLevel: LogLevel.ERROR,
		...extra,
	});
}

describe('Slack peer', () => {
	it('answers auth.test for the bot token and invalid_auth otherwise', async () => {
		const result = await client().auth.test();
		expect(result).toMatchObject({
			ok: true,
			user_id: sandbox.credentials.slack.botUserId,
			team_id: sandbox.credentials.slack.teamId,
		});
		const error = await rejectionOf(client('xoxb-wrong').auth.test());
		expect(error.code).toBe(ErrorCode.PlatformError);
		expect(error.data).toMatchObject({ ok: false, error: 'invalid_auth' });
	});

	it('posts a Block Kit message to a channel and as a thread reply', async () => {
		const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Booked* for _Ada_' } }];
		const posted = await client().chat.postMessage({
			channel: '#general',
			text: 'Booked for Ada',
			blocks,
			mrkdwn: true,
		});
		expect(posted.ok).toBe(true);
		expect(posted.channel).toMatch(/^C/);
		expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
		expect(posted.message?.blocks).toEqual(blocks);

		const reply = await client().chat.postMessage({
			channel: posted.channel ?? '',
			text: 'reply',
			thread_ts: posted.ts,
		});
		expect(reply.message?.thread_ts).toBe(posted.ts);

		const [first, second] = sandbox.state().slack;
		expect(first).toMatchObject({
			method: 'chat.postMessage',
			token: sandbox.credentials.slack.token,
			contentType: 'form',
		});
		// The SDK sends complex arguments as JSON strings inside the form, as Slack expects.
		expect(JSON.parse(String(first.args.blocks))).toEqual(blocks);
		expect(first.args.mrkdwn).toBe('true');
		expect(first.result).toMatchObject({ channel: posted.channel, ts: posted.ts });
		expect(second.args.thread_ts).toBe(posted.ts);
	});

	it('accepts JSON bodies with a bearer token and DMs by user ID', async () => {
		const response = await fetch(`${sandbox.urls.slack}chat.postMessage`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json; charset=utf-8',
				Authorization: `Bearer ${sandbox.credentials.slack.token}`,
			},
			body: JSON.stringify({ channel: 'U0000ALICE', text: 'hi', blocks: [{ type: 'divider' }] }),
		});
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ ok: true, channel: expect.stringMatching(/^D/) });
		expect(sandbox.state().slack[0]).toMatchObject({
			contentType: 'json',
			args: { blocks: [{ type: 'divider' }] },
		});
	});

	it('reports channel_not_found and users_not_found as platform errors', async () => {
		const missingChannel = await rejectionOf(
			client().chat.postMessage({ channel: 'C0NOPE', text: 'x' }),
		);
		expect(missingChannel.data).toMatchObject({ error: 'channel_not_found' });
		const found = await client().users.lookupByEmail({ email: 'Alice@Example.com' });
		expect(found.user?.id).toBe('U0000ALICE');
		const missingUser = await rejectionOf(
			client().users.lookupByEmail({ email: 'nobody@example.com' }),
		);
		expect(missingUser.code).toBe(ErrorCode.PlatformError);
		expect(missingUser.data).toMatchObject({ error: 'users_not_found' });
		expect(sandbox.state().requests.map((request) => request.error)).toEqual([
			'channel_not_found',
			null,
			'users_not_found',
		]);
	});

	it('pages through 5,000 channels with cursors and filters by type', async () => {
		const seeded = await fetch(`${sandbox.httpUrl}/_sandbox/slack/seed`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ channels: 5000 }),
		});
		expect(seeded.status).toBe(200);
		try {
			const ids: string[] = [];
			let pages = 0;
			for await (const page of client().paginate('conversations.list', {
				limit: 1000,
				exclude_archived: true,
			})) {
				pages++;
				const { channels = [] } = page as { channels?: Array<{ id: string; is_private: boolean }> };
				for (const channel of channels) {
					ids.push(channel.id);
					expect(channel.is_private).toBe(false);
				}
			}
			expect(pages).toBe(5);
			expect(ids).toHaveLength(5000);
			expect(new Set(ids).size).toBe(5000);

			const firstPage = await client().conversations.list({ limit: 2 });
			expect(firstPage.channels?.map((channel) => channel.name)).toEqual(['general', 'random']);
			expect(firstPage.response_metadata?.next_cursor).not.toBe('');
			const privateAndIm = await client().conversations.list({
				types: 'private_channel,im',
				limit: 200,
			});
			expect(privateAndIm.channels?.filter((channel) => channel.is_private)).toHaveLength(3);
			expect(privateAndIm.channels?.filter((channel) => channel.is_im)).toHaveLength(3);
			expect(privateAndIm.response_metadata?.next_cursor).toBe('');
			const badCursor = await rejectionOf(client().conversations.list({ cursor: 'bm9wZQ==' }));
			expect(badCursor.data).toMatchObject({ error: 'invalid_cursor' });
		} finally {
			sandbox.setSeed({ slackChannels: 50 });
		}
	});

	it('lists users with cursors and opens DMs', async () => {
		const page = await client().users.list({ limit: 2 });
		expect(page.members?.map((member) => member.id)).toEqual(['U0SANDBOXBOT', 'U0000ALICE']);
		const rest = await client().users.list({
			limit: 2,
			cursor: page.response_metadata?.next_cursor,
		});
		expect(rest.members?.map((member) => member.id)).toEqual(['U00000BOB0', 'U000CAROL0']);
		const opened = await client().conversations.open({ users: 'U00000BOB0' });
		expect(opened.channel?.id).toMatch(/^D/);
	});

	it('answers an injected 429 with Retry-After, which the SDK surfaces as a rate-limit error', async () => {
		sandbox.faults.set('slack', { failNext: { count: 1, status: 429, retryAfter: 7 } });
		const error = await rejectionOf(
			client(undefined, { rejectRateLimitedCalls: true }).chat.postMessage({
				channel: '#general',
				text: 'x',
			}),
		);
		expect(error.code).toBe(ErrorCode.RateLimitedError);
		expect(error.retryAfter).toBe(7);
		expect(sandbox.state().slack).toHaveLength(0);
		await client().chat.postMessage({ channel: '#general', text: 'x' });
		expect(sandbox.state().slack).toHaveLength(1);
	});

	it('surfaces an injected 500 as an HTTP error', async () => {
		sandbox.faults.set('slack', { failNext: { count: 1, status: 500 } });
		const error = await rejectionOf(client().auth.test());
		expect(error.code).toBe(ErrorCode.HTTPError);
		expect(error.statusCode).toBe(500);
	});
});
