// Slack Message's searchable channel and user lists (listSearch through n8n-core's LoadOptionsContext)
// and its credential test, against the sandbox's Slack Web API peer.
import { SlackMessage } from '../../nodes/SlackMessage/SlackMessage.node';
import { searchChannels, searchUsers } from '../../nodes/SlackMessage/methods/list-search';
import { startSandbox, type Sandbox } from '../../sandbox';
import { chatHarness, loadOptionsContext } from '../support/chat-engine';

let sandbox: Sandbox;
const slack = () => new SlackMessage();
const CRED = 'communicationSlackApi';

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

describe('Slack Message: searchable lists (listSearch through n8n-core LoadOptionsContext)', () => {
	afterEach(() => sandbox.setSeed({ slackChannels: 50 }));

	it('finds a channel on the last page of 5,000 in one search, paging on the server', async () => {
		sandbox.setSeed({ slackChannels: 5000 });
		const h = chatHarness(sandbox, slack());
		const ctx = loadOptionsContext(h, 'slackMessage', CRED, { sendTo: 'publicChannel' });
		const found = await searchChannels.call(ctx, 'channel-4999');
		expect(found.results).toEqual([{ name: '#channel-4999', value: expect.stringMatching(/^C/) }]);
		expect(found.paginationToken).toBeUndefined();
		const calls = sandbox.state().slack.filter((r) => r.method === 'conversations.list');
		expect(calls).toHaveLength(5);
		expect(calls.every((c) => c.args.types === 'public_channel' && c.args.limit === '1000')).toBe(
			true,
		);
	});

	it('browses one page at a time and continues from the pagination token', async () => {
		sandbox.setSeed({ slackChannels: 450 });
		const h = chatHarness(sandbox, slack());
		const ctx = loadOptionsContext(h, 'slackMessage', CRED, { sendTo: 'publicChannel' });
		const first = await searchChannels.call(ctx);
		expect(first.results).toHaveLength(200);
		expect(first.results[0]).toEqual({ name: '#general', value: 'C000000001' });
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchChannels.call(ctx, undefined, first.paginationToken);
		const third = await searchChannels.call(ctx, undefined, second.paginationToken);
		expect(second.results[0].name).toBe('#channel-0201');
		expect(third.results).toHaveLength(50);
		expect(third.paginationToken).toBeUndefined();
	});

	it('lists only private channels for Private Channel, and finds users by name or email', async () => {
		const h = chatHarness(sandbox, slack());
		const privateList = await searchChannels.call(
			loadOptionsContext(h, 'slackMessage', CRED, { sendTo: 'privateChannel' }),
		);
		expect(privateList.results.map((r) => r.name)).toEqual([
			'#private-01',
			'#private-02',
			'#private-03',
		]);

		const users = loadOptionsContext(h, 'slackMessage', CRED, {
			sendTo: 'user',
			userSource: 'slackUser',
		});
		expect((await searchUsers.call(users, 'carol@')).results).toEqual([
			{ name: 'Carol Chen (@carol)', value: 'U000CAROL0' },
		]);
		// The bot itself is not offered as a DM recipient.
		expect((await searchUsers.call(users)).results.map((r) => r.value)).toEqual([
			'U0000ALICE',
			'U00000BOB0',
			'U000CAROL0',
		]);
	});
});

describe('Slack credential test', () => {
	it('passes with the sandbox token and fails with a wrong one without echoing it', async () => {
		const h = chatHarness(sandbox, slack());
		const base = { id: 'c1', name: 'Slack', type: CRED };
		const ok = await h.testCredential(slack(), 'communicationSlackApiTest', {
			...base,
			data: { botToken: sandbox.credentials.slack.token, baseUrl: sandbox.urls.slack },
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connected to Sandbox Team as sandbox_bot' });

		const wrong = 'xoxb-not-the-right-one-42';
		const bad = await h.testCredential(slack(), 'communicationSlackApiTest', {
			...base,
			data: { botToken: wrong, baseUrl: sandbox.urls.slack },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('invalid_auth');
		expect(bad.message).not.toContain(wrong);
	});
});
