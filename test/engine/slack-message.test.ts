// Slack Message through the real n8n engine against the sandbox's Slack Web API peer over HTTP.
import { startSandbox, type Sandbox } from '../../sandbox';
import { SlackMessage } from '../../nodes/SlackMessage/SlackMessage.node';
import {
	chatHarness,
	closedPortUrl,
	communicationOf,
	everythingSaid,
	itemsInto,
	timed,
} from '../support/chat-engine';

let sandbox: Sandbox;
const slack = () => new SlackMessage();
const CRED = 'communicationSlackApi';
const channelParams = (value: string, mode = 'id') => ({
	sendTo: 'publicChannel',
	channel: { __rl: true, mode, value },
});
const continueRegular = { onError: 'continueRegularOutput' as const };

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

function posts() {
	return sandbox.state().slack.filter((r) => r.method === 'chat.postMessage');
}

function slackRequests(method: string) {
	return sandbox
		.state()
		.requests.filter((r) => r.peer === 'slack' && r.path.endsWith(`/${method}`));
}

describe('Slack Message: request shape', () => {
	it('posts merged text to a channel as form fields, escaping &, < and > in merged values only', async () => {
		const wf = itemsInto([{ id: 'p1', name: 'Ann <Admin> & Co' }], 'slackMessage', CRED, {
			...channelParams('C000000001'),
			messageType: 'text',
			text: 'New lead: *{{ name }}* <https://crm.example.com|open>',
			mrkdwn: false,
		});
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('success');

		const [post] = posts();
		expect(posts()).toHaveLength(1);
		expect(post.contentType).toBe('form');
		expect(post.token).toBe(sandbox.credentials.slack.token);
		expect(post.args).toEqual({
			channel: 'C000000001',
			text: 'New lead: *Ann &lt;Admin&gt; &amp; Co* <https://crm.example.com|open>',
			mrkdwn: 'false',
		});
		const [out] = result.output('Node');
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(communicationOf(out)).toMatchObject({
			channel: 'slack',
			status: 'sent',
			success: true,
			output: 'Slack message has been successfully sent.',
			participantId: 'p1',
			to: ['C000000001'],
			providerMessageId: post.result.ts,
			slackChannel: 'C000000001',
			slackTs: post.result.ts,
			attempts: 1,
			warnings: [],
		});
	});

	it('sends Block Kit JSON as a JSON-encoded form field with merged values, fallback text and a thread reply', async () => {
		const blocks = {
			blocks: [
				{ type: 'header', text: { type: 'plain_text', text: 'Lead {{ name }}' } },
				{ type: 'section', text: { type: 'mrkdwn', text: 'Phone: {{ phone }}' } },
				{ type: 'divider' },
			],
		};
		const wf = itemsInto(
			[{ id: 'p2', name: 'Bo "Quote" <b>', phone: '+1 555' }],
			'slackMessage',
			CRED,
			{
				...channelParams('#random', 'name'),
				messageType: 'blocks',
				blocks: JSON.stringify(blocks, null, 2),
				fallbackText: 'New lead {{ name }}',
				options: { threadTs: '1712345678.000100', replyBroadcast: true },
			},
		);
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('success');

		const [post] = posts();
		expect(typeof post.args.blocks).toBe('string');
		expect(JSON.parse(String(post.args.blocks))).toEqual([
			{ type: 'header', text: { type: 'plain_text', text: 'Lead Bo "Quote" &lt;b&gt;' } },
			{ type: 'section', text: { type: 'mrkdwn', text: 'Phone: +1 555' } },
			{ type: 'divider' },
		]);
		expect(post.args).toMatchObject({
			channel: '#random',
			text: 'New lead Bo "Quote" &lt;b&gt;',
			thread_ts: '1712345678.000100',
			reply_broadcast: 'true',
		});
		expect(post.result.channel).toBe('C000000002');
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			slackChannel: 'C000000002',
			slackThreadTs: '1712345678.000100',
		});
	});

	it('finds a DM recipient by email (looked up once per email) and posts to their user ID', async () => {
		const items = [
			{ id: 'a', owner: 'Bob@Example.com' },
			{ id: 'b', owner: 'bob@example.com' },
		];
		const wf = itemsInto(items, 'slackMessage', CRED, {
			sendTo: 'user',
			userSource: 'customEmail',
			email: '={{ $json.owner }}',
			text: 'Please call {{ id }}',
			options: { maxConcurrentSends: 1 },
		});
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('success');
		const lookups = sandbox.state().slack.filter((r) => r.method === 'users.lookupByEmail');
		expect(lookups.map((l) => l.args.email)).toEqual(['Bob@Example.com']);
		expect(posts().map((p) => [p.args.channel, p.args.text])).toEqual([
			['U00000BOB0', 'Please call a'],
			['U00000BOB0', 'Please call b'],
		]);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			to: ['Bob@Example.com'],
			slackUserId: 'U00000BOB0',
			slackChannel: 'D000000002',
		});
	});

	it('posts to a user picked from the list (resource locator value)', async () => {
		const wf = itemsInto([{ id: 'p' }], 'slackMessage', CRED, {
			sendTo: 'user',
			userSource: 'slackUser',
			user: {
				__rl: true,
				mode: 'list',
				value: 'U000CAROL0',
				cachedResultName: 'Carol Chen (@carol)',
			},
			text: 'Hi',
		});
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('success');
		expect(posts().map((p) => p.args.channel)).toEqual(['U000CAROL0']);
		expect(posts()[0].result.channel).toBe('D000000003');
	});
});

describe('Slack Message: per-item errors', () => {
	it('names the email that has no Slack user, and still sends the other items', async () => {
		const items = [
			{ id: 'a', owner: 'alice@example.com' },
			{ id: 'b', owner: 'nobody@example.com' },
		];
		const wf = itemsInto(
			items,
			'slackMessage',
			CRED,
			{ sendTo: 'user', userSource: 'customEmail', email: '={{ $json.owner }}', text: 'Hi' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, slack()).run(wf);
		const out = result.output('Node');
		expect(out[0].json.communication).toMatchObject({ status: 'sent' });
		expect(out[1].json.error).toContain("No Slack user has the email address 'nobody@example.com'");
		expect(communicationOf(out[1])).toMatchObject({
			status: 'failed',
			success: false,
			attempts: 1,
		});
		expect(posts()).toHaveLength(1);
	});

	it('stops the execution with the same message when errors are not continued', async () => {
		const wf = itemsInto([{ id: 'b' }], 'slackMessage', CRED, {
			sendTo: 'user',
			userSource: 'customEmail',
			email: 'ghost@example.com',
			text: 'Hi',
		});
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain(
			"No Slack user has the email address 'ghost@example.com'",
		);
	});

	it.each([
		['not JSON', '[{ "type": "section", }]', 'Blocks is not valid JSON'],
		[
			'neither array nor {blocks}',
			'{ "type": "section" }',
			'Blocks must be a JSON array of blocks',
		],
		['a block without type', '[{ "type": "divider" }, { "text": "x" }]', 'Block 2 has no "type"'],
		['an empty list', '[]', 'Blocks is an empty list'],
	])('refuses Block Kit JSON that is %s before sending', async (_what, blocks, message) => {
		const wf = itemsInto(
			[{ id: 'bad' }, { id: 'good' }],
			'slackMessage',
			CRED,
			{
				...channelParams('C000000001'),
				messageType: 'blocks',
				blocks: `={{ $json.id === 'bad' ? ${JSON.stringify(blocks)} : '[{"type":"divider"}]' }}`,
			},
			continueRegular,
		);
		const result = await chatHarness(sandbox, slack()).run(wf);
		const out = result.output('Node');
		expect(String(out[0].json.error)).toContain(message);
		expect(communicationOf(out[1])).toMatchObject({ status: 'sent' });
		expect(posts()).toHaveLength(1);
	});

	it('fails channel_not_found at once (permanent) with advice about inviting the app', async () => {
		const wf = itemsInto(
			[{ id: 'x' }],
			'slackMessage',
			CRED,
			{ ...channelParams('C0NOTTHERE'), text: 'Hi' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, slack()).run(wf);
		const [out] = result.output('Node');
		expect(out.json.error).toContain('Slack channel not found');
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(slackRequests('chat.postMessage')).toHaveLength(1);
	});

	it('reports a wrong token without ever showing it', async () => {
		const wrong = 'xoxb-wrong-token-123456789';
		const h = chatHarness(sandbox, slack(), { communicationSlackApi: { botToken: wrong } });
		const result = await h.run(
			itemsInto([{ id: 'x' }], 'slackMessage', CRED, {
				...channelParams('C000000001'),
				text: 'Hi',
			}),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain(
			'Slack rejected the bot token (invalid_auth)',
		);
		expect(everythingSaid(result.run)).not.toContain(wrong);
	});
});

describe('Slack Message: rate limits and dead servers', () => {
	it('waits exactly Retry-After (1 s) after a 429 and sends the message once', async () => {
		sandbox.faults.set('slack', { failNext: { count: 1, status: 429, retryAfter: 1 } });
		const wf = itemsInto([{ id: 'r' }], 'slackMessage', CRED, {
			...channelParams('C000000001'),
			text: 'After the wait',
		});
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, slack()).run(wf),
		);
		expect(result.status).toBe('success');
		expect(posts()).toHaveLength(1);
		expect(slackRequests('chat.postMessage').map((r) => r.status)).toEqual([429, 200]);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({
			status: 'sent',
			attempts: 2,
		});
		expect(ms).toBeGreaterThanOrEqual(1000);
		expect(ms).toBeLessThan(2500);
	});

	it('fails in bounded time when connections drop on every attempt', async () => {
		sandbox.faults.set('slack', { dropNext: 3 });
		const wf = itemsInto(
			[{ id: 'd' }],
			'slackMessage',
			CRED,
			{ ...channelParams('C000000001'), text: 'Hi', options: { retryCount: 2 } },
			continueRegular,
		);
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, slack()).run(wf),
		);
		const [out] = result.output('Node');
		expect(out.json.error).toContain('Could not reach Slack: the connection was dropped');
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 3 });
		expect(ms).toBeLessThan(5000);
		expect(posts()).toHaveLength(0);
	});

	it('gives up on a server that never answers after the request timeout', async () => {
		sandbox.faults.set('slack', { latencyMs: 10_000 });
		const wf = itemsInto(
			[{ id: 't' }],
			'slackMessage',
			CRED,
			{ ...channelParams('C000000001'), text: 'Hi', options: { retryCount: 0, requestTimeout: 1 } },
			continueRegular,
		);
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, slack()).run(wf),
		);
		expect(result.output('Node')[0].json.error).toContain('Slack did not answer in time');
		expect(ms).toBeGreaterThanOrEqual(900);
		expect(ms).toBeLessThan(3000);
	});

	it('fails fast when nothing listens at the API Base URL', async () => {
		const baseUrl = await closedPortUrl('/slack/api/');
		const h = chatHarness(sandbox, slack(), { communicationSlackApi: { baseUrl } });
		const wf = itemsInto(
			[{ id: 's' }],
			'slackMessage',
			CRED,
			{ ...channelParams('C000000001'), text: 'Hi', options: { retryCount: 1 } },
			continueRegular,
		);
		const { value: result, ms } = await timed(async () => await h.run(wf));
		expect(result.output('Node')[0].json.error).toContain(
			'Could not reach Slack: the connection was refused',
		);
		expect(ms).toBeLessThan(3000);
	});
});

describe('Slack Message: throughput', () => {
	it('sends 100 items once each, output in input order', async () => {
		sandbox.faults.set('slack', { latencyMs: 5 });
		const items = Array.from({ length: 100 }, (_v, i) => ({ id: `c${i}`, n: i }));
		const wf = itemsInto(items, 'slackMessage', CRED, {
			...channelParams('C000000001'),
			text: 'Update {{ n }}',
			options: { maxConcurrentSends: 10 },
		});
		const result = await chatHarness(sandbox, slack()).run(wf);
		expect(result.status).toBe('success');
		const texts = posts().map((p) => p.args.text);
		expect(texts).toHaveLength(100);
		expect(new Set(texts).size).toBe(100);
		const out = result.output('Node');
		expect(out.map((o) => o.json.id)).toEqual(items.map((i) => i.id));
		expect(out.map((o) => communicationOf(o).providerMessageId)).toEqual(
			out.map((o) => posts().find((p) => p.args.text === `Update ${String(o.json.n)}`)?.result.ts),
		);
	});
});
