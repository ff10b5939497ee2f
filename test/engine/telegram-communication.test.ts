// Telegram Communication through the real n8n engine against the sandbox's Bot API peer over HTTP.
import { getLedger } from '../../nodes/shared/ledger';
import { TelegramCommunication } from '../../nodes/TelegramCommunication/TelegramCommunication.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	chatHarness,
	closedPortUrl,
	communicationOf,
	everythingSaid,
	itemsInto,
	timed,
} from '../support/chat-engine';

let sandbox: Sandbox;
const telegram = () => new TelegramCommunication();
const CRED = 'communicationTelegramApi';
const continueRegular = { onError: 'continueRegularOutput' as const };

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

function sent() {
	return sandbox.state().telegram.filter((r) => r.method === 'sendMessage');
}

function sendRequests() {
	return sandbox
		.state()
		.requests.filter((r) => r.peer === 'telegram' && r.path.endsWith('/sendMessage'));
}

describe('Telegram Communication: request shape', () => {
	it("sends the merged Start Phrase to the participant's telegram_id with the chosen options", async () => {
		const wf = itemsInto(
			[{ id: 'p1', telegram_id: 123456789, name: 'Ann', order_id: 'A-17' }],
			'telegramCommunication',
			CRED,
			{
				startPhrase: 'Hello {{ name }}, your order {{ order_id }} has shipped!',
				welcomeText: 'Welcome!',
				parseMode: 'none',
				options: { disableLinkPreview: true, disableNotification: true },
			},
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.status).toBe('success');
		expect(sent().map((r) => r.body)).toEqual([
			{
				chat_id: '123456789',
				text: 'Hello Ann, your order A-17 has shipped!',
				link_preview_options: { is_disabled: true },
				disable_notification: true,
			},
		]);
		const [out] = result.output('Node');
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(communicationOf(out)).toMatchObject({
			channel: 'telegram',
			status: 'sent',
			success: true,
			output: 'Telegram message has been successfully sent.',
			participantId: 'p1',
			to: ['123456789'],
			providerMessageId: '1',
			telegramChatId: '123456789',
			attempts: 1,
			warnings: [],
		});
	});

	it('sends the Welcome Text when the Start Phrase is empty, and reports missing merge fields as warnings', async () => {
		const wf = itemsInto([{ id: 'p2', telegram_id: '555' }], 'telegramCommunication', CRED, {
			startPhrase: '',
			welcomeText: 'Hi {{ first_name }}! How can we help?',
		});
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(sent().map((r) => r.body.text)).toEqual(['Hi ! How can we help?']);
		expect(communicationOf(result.output('Node')[0]).warnings).toEqual([
			'Welcome Text: merge field {{ first_name }} has no value and was left empty',
		]);
	});

	it("uses the telegram_id and attributes from the participant's stored profile at send time", async () => {
		const ledger = await getLedger();
		await ledger.updateProfile('tg-profile-1', { telegram_id: '777001', first_name: 'Stored' });
		const wf = itemsInto([{ id: 'tg-profile-1' }], 'telegramCommunication', CRED, {
			startPhrase: 'Hi {{ contact.first_name }}',
		});
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.status).toBe('success');
		expect(sent().map((r) => [r.body.chat_id, r.body.text])).toEqual([['777001', 'Hi Stored']]);
	});
});

describe('Telegram Communication: parse modes', () => {
	const tricky = 'Ann_B* [x](y) 1.5 - #1 {ok}! `c` >q \\ <b>&"';

	it("escapes merge-field values for MarkdownV2 and keeps the author's markup; Telegram accepts it", async () => {
		const wf = itemsInto(
			[{ id: 'm', telegram_id: '42', name: tricky }],
			'telegramCommunication',
			CRED,
			{
				startPhrase: '*Hello* _{{ name }}_',
				parseMode: 'MarkdownV2',
			},
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.status).toBe('success');
		const [message] = sent();
		expect(message.body.parse_mode).toBe('MarkdownV2');
		expect(message.body.text).toBe(
			'*Hello* _Ann\\_B\\* \\[x\\]\\(y\\) 1\\.5 \\- \\#1 \\{ok\\}\\! \\`c\\` \\>q \\\\ <b\\>&"_',
		);
	});

	it("escapes merge-field values for HTML and keeps the author's tags; Telegram accepts it", async () => {
		const wf = itemsInto(
			[{ id: 'h', telegram_id: '43', name: tricky }],
			'telegramCommunication',
			CRED,
			{
				startPhrase: '<b>Hello</b> <i>{{ name }}</i>',
				parseMode: 'HTML',
			},
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.status).toBe('success');
		expect(sent()[0].body).toMatchObject({
			parse_mode: 'HTML',
			text: '<b>Hello</b> <i>Ann_B* [x](y) 1.5 - #1 {ok}! `c` &gt;q \\ &lt;b&gt;&amp;&quot;</i>',
		});
	});

	it("explains Telegram's parse error when the author's own MarkdownV2 is invalid", async () => {
		const wf = itemsInto(
			[{ id: 'bad', telegram_id: '44' }],
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Price: 5.00', parseMode: 'MarkdownV2' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		const [out] = result.output('Node');
		expect(out.json.error).toContain(
			"Telegram could not parse the message formatting: can't parse entities: Character '.' is reserved",
		);
		expect(out.json.error).toContain('set Parse Mode to None');
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 1 });
	});
});

describe('Telegram Communication: per-item errors', () => {
	it('says a participant without telegram_id must start the bot first, and sends the others', async () => {
		const items = [
			{ id: 'a', telegram_id: '100' },
			{ id: 'b' },
			{ id: 'c', telegram_id: '' },
			{ id: 'd', telegram_id: '101' },
		];
		const wf = itemsInto(
			items,
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Hi' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		const out = result.output('Node');
		for (const failed of [out[1], out[2]]) {
			expect(failed.json.error).toContain(
				'The participant has no telegram_id: they must open your bot in Telegram and press Start',
			);
			expect(communicationOf(failed)).toMatchObject({ status: 'failed', attempts: 0 });
		}
		expect(sent().map((r) => r.body.chat_id)).toEqual(['100', '101']);
		expect(out.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});

	it('treats a blocked bot (403) as permanent: one attempt, a clear message', async () => {
		const wf = itemsInto(
			[{ id: 'x', telegram_id: '403403' }],
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Hi' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		const [out] = result.output('Node');
		expect(out.json.error).toContain('The contact has blocked the bot');
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(sendRequests().map((r) => r.status)).toEqual([403]);
	});

	it('explains "chat not found" as a contact who never started the bot', async () => {
		const wf = itemsInto(
			[{ id: 'x', telegram_id: '404404' }],
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Hi' },
			continueRegular,
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.output('Node')[0].json.error).toContain(
			'Telegram does not know this chat: the contact must open the bot and press Start',
		);
	});

	it('refuses an empty message and a malformed Telegram ID before sending', async () => {
		const wf = itemsInto(
			[
				{ id: 'e', telegram_id: '9' },
				{ id: 'f', telegram_id: 'not a chat' },
			],
			'telegramCommunication',
			CRED,
			{
				startPhrase: '={{ $json.id === "e" ? "" : "Hi" }}',
				welcomeText: '',
			},
			continueRegular,
		);
		const result = await chatHarness(sandbox, telegram()).run(wf);
		const out = result.output('Node');
		expect(out[0].json.error).toContain(
			'Nothing to send: Start Phrase and Welcome Text are both empty',
		);
		expect(out[1].json.error).toContain("Telegram ID 'not a chat' is not a chat ID");
		expect(sent()).toHaveLength(0);
	});
});

describe('Telegram Communication: rate limits, dead servers, secrets', () => {
	it('honours retry_after from a 429 and sends once', async () => {
		sandbox.faults.set('telegram', { failNext: { count: 1, status: 429, retryAfter: 1 } });
		const wf = itemsInto([{ id: 'r', telegram_id: '200' }], 'telegramCommunication', CRED, {
			startPhrase: 'Hi',
		});
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, telegram()).run(wf),
		);
		expect(result.status).toBe('success');
		expect(sendRequests().map((r) => r.status)).toEqual([429, 200]);
		expect(sent()).toHaveLength(1);
		expect(communicationOf(result.output('Node')[0])).toMatchObject({ attempts: 2 });
		expect(ms).toBeGreaterThanOrEqual(1000);
		expect(ms).toBeLessThan(2500);
	});

	it('fails in bounded time when every attempt is dropped, and when the server is gone', async () => {
		sandbox.faults.set('telegram', { dropNext: 3 });
		const wf = itemsInto(
			[{ id: 'd', telegram_id: '201' }],
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Hi' },
			continueRegular,
		);
		const dropped = await timed(async () => await chatHarness(sandbox, telegram()).run(wf));
		expect(dropped.value.output('Node')[0].json.error).toContain(
			'Could not reach Telegram: the connection was dropped',
		);
		expect(communicationOf(dropped.value.output('Node')[0])).toMatchObject({ attempts: 3 });
		expect(dropped.ms).toBeLessThan(5000);

		const baseUrl = await closedPortUrl('/telegram');
		const gone = chatHarness(sandbox, telegram(), { communicationTelegramApi: { baseUrl } });
		const refused = await timed(
			async () =>
				await gone.run(
					itemsInto(
						[{ id: 'g', telegram_id: '202' }],
						'telegramCommunication',
						CRED,
						{ startPhrase: 'Hi', options: { retryCount: 0 } },
						continueRegular,
					),
				),
		);
		expect(refused.value.output('Node')[0].json.error).toContain(
			'Could not reach Telegram: the connection was refused',
		);
		expect(refused.ms).toBeLessThan(2000);
	});

	it('times out a server that never answers', async () => {
		sandbox.faults.set('telegram', { latencyMs: 10_000 });
		const wf = itemsInto(
			[{ id: 't', telegram_id: '203' }],
			'telegramCommunication',
			CRED,
			{ startPhrase: 'Hi', options: { retryCount: 0, requestTimeout: 1 } },
			continueRegular,
		);
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, telegram()).run(wf),
		);
		expect(result.output('Node')[0].json.error).toContain('Telegram did not answer within 1 s');
		expect(ms).toBeLessThan(3000);
	});

	it('never shows the bot token (which Telegram puts in the URL) in errors or output', async () => {
		const wrong = '999999:WRONGtokenWRONGtokenWRONG';
		const h = chatHarness(sandbox, telegram(), { communicationTelegramApi: { botToken: wrong } });
		const unauthorized = await h.run(
			itemsInto([{ id: 'w', telegram_id: '1' }], 'telegramCommunication', CRED, {
				startPhrase: 'Hi',
			}),
		);
		expect(unauthorized.nodeError('Node')?.message).toContain(
			'Telegram rejected the bot token (401 Unauthorized)',
		);
		expect(everythingSaid(unauthorized.run)).not.toContain(wrong);

		const baseUrl = await closedPortUrl('/telegram');
		const down = chatHarness(sandbox, telegram(), { communicationTelegramApi: { baseUrl } });
		const failed = await down.run(
			itemsInto([{ id: 'w', telegram_id: '1' }], 'telegramCommunication', CRED, {
				startPhrase: 'Hi',
				options: { retryCount: 0 },
			}),
		);
		expect(failed.status).toBe('error');
		expect(everythingSaid(failed.run)).not.toContain(sandbox.credentials.telegram.token);
	});
});

describe('Telegram Communication: throughput', () => {
	it('sends 100 items once each, output in input order', async () => {
		sandbox.faults.set('telegram', { latencyMs: 5 });
		const items = Array.from({ length: 100 }, (_v, i) => ({
			id: `t${i}`,
			telegram_id: String(1000 + i),
			n: i,
		}));
		const wf = itemsInto(items, 'telegramCommunication', CRED, {
			startPhrase: 'Note {{ n }}',
			options: { maxConcurrentSends: 10 },
		});
		const result = await chatHarness(sandbox, telegram()).run(wf);
		expect(result.status).toBe('success');
		const chats = sent().map((r) => r.body.chat_id);
		expect(chats).toHaveLength(100);
		expect(new Set(chats).size).toBe(100);
		const out = result.output('Node');
		expect(out.map((o) => o.json.id)).toEqual(items.map((i) => i.id));
		expect(out.map((o) => communicationOf(o).telegramChatId)).toEqual(
			items.map((i) => i.telegram_id),
		);
	});
});

describe('Telegram credential test', () => {
	it('passes with getMe and fails with a wrong token without echoing it', async () => {
		const h = chatHarness(sandbox, telegram());
		const base = { id: 'c1', name: 'Telegram', type: CRED };
		const ok = await h.testCredential(telegram(), 'communicationTelegramApiTest', {
			...base,
			data: { botToken: sandbox.credentials.telegram.token, baseUrl: sandbox.urls.telegram },
		});
		expect(ok).toEqual({
			status: 'OK',
			message: `Connected as @${sandbox.credentials.telegram.botUsername}`,
		});

		const wrong = '123:THISisNOTtheTOKEN';
		const bad = await h.testCredential(telegram(), 'communicationTelegramApiTest', {
			...base,
			data: { botToken: wrong, baseUrl: sandbox.urls.telegram },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('401 Unauthorized');
		expect(bad.message).not.toContain(wrong);
	});
});
