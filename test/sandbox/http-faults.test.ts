// HTTP fault knobs and counters: latency, honest maxInFlight, dropped sockets, reset, and the control API.
import { LogLevel, WebClient } from '@slack/web-api';
import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson, rejectionOf, sandboxTwilio } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

const getMe = (): Promise<Response> =>
	fetch(`${sandbox.urls.telegram}/bot${sandbox.credentials.telegram.token}/getMe`);

describe('fault knobs', () => {
	it('latencyMs delays every response of that peer only', async () => {
		sandbox.faults.set('telegram', { latencyMs: 200 });
		let started = Date.now();
		expect((await getMe()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(195);
		started = Date.now();
		await fetch(`${sandbox.urls.whatsapp}/v21.0/x`);
		expect(Date.now() - started).toBeLessThan(150);
	});

	/**
	 * The most requests open at once according to the request log, as a range: a request that ended
	 * in the same millisecond another started may or may not have overlapped it.
	 */
	function overlapFromLog(): { min: number; max: number } {
		const spans = sandbox
			.state()
			.requests.map((r) => ({ start: Date.parse(r.startedAt), end: Date.parse(r.endedAt) }));
		const most = (touching: boolean) =>
			Math.max(
				...spans.map(
					(s) =>
						spans.filter(
							(o) => o.start <= s.start && (touching ? o.end >= s.start : o.end > s.start),
						).length,
				),
			);
		return { min: most(false), max: most(true) };
	}

	it('counts maxInFlight honestly: 20 parallel requests, then 20 through a pool of 5', async () => {
		// Whatever the machine's speed, the counter must agree with the request log.
		sandbox.faults.set('telegram', { latencyMs: 150 });
		await Promise.all(Array.from({ length: 20 }, () => getMe()));
		let stats = sandbox.state().stats.telegram;
		expect(stats).toMatchObject({ requests: 20, inFlight: 0 });
		let logged = overlapFromLog();
		expect(stats.maxInFlight).toBeGreaterThanOrEqual(logged.min);
		expect(stats.maxInFlight).toBeLessThanOrEqual(Math.min(20, logged.max));

		sandbox.reset();
		sandbox.faults.set('telegram', { latencyMs: 50 });
		let next = 0;
		const worker = async (): Promise<void> => {
			while (next < 20) {
				next++;
				await (await getMe()).arrayBuffer();
			}
		};
		await Promise.all(Array.from({ length: 5 }, worker));
		stats = sandbox.state().stats.telegram;
		expect(stats).toMatchObject({ requests: 20, inFlight: 0 });
		logged = overlapFromLog();
		expect(stats.maxInFlight).toBeGreaterThanOrEqual(logged.min);
		expect(stats.maxInFlight).toBeLessThanOrEqual(Math.min(5, logged.max));
		expect(
			sandbox
				.state()
				.requests.every((request) => request.peer === 'telegram' && request.status === 200),
		).toBe(true);
	});

	it('dropNext destroys the socket without a response, for fetch and for the Twilio SDK', async () => {
		sandbox.faults.set('telegram', { dropNext: 1 });
		const fetchError = await rejectionOf(getMe());
		const cause = fetchError.cause as { code?: string; message?: string };
		expect(`${cause.code} ${cause.message}`).toMatch(
			/UND_ERR_SOCKET|ECONNRESET|other side closed|socket hang up/,
		);
		expect((await getMe()).status).toBe(200);

		sandbox.faults.set('twilio', { dropNext: 1 });
		const sdkError = await rejectionOf(
			sandboxTwilio(sandbox).api.v2010.accounts(sandbox.credentials.twilio.accountSid).fetch(),
		);
		expect(`${sdkError.code} ${sdkError.message}`).toMatch(/ECONNRESET|socket hang up/);

		const dropped = sandbox.state().requests.filter((request) => request.status === 0);
		expect(dropped.map((request) => [request.peer, request.error])).toEqual([
			['telegram', 'dropped'],
			['twilio', 'dropped'],
		]);
	});

	it('failNext answers exactly count requests, then the peer recovers', async () => {
		sandbox.faults.set('slack', { failNext: { count: 2, status: 503, retryAfter: 1 } });
		const slack = new WebClient(sandbox.credentials.slack.token, {
			slackApiUrl: sandbox.urls.slack,
			retryConfig: { retries: 0 },
			logLevel: LogLevel.ERROR,
		});
		expect((await rejectionOf(slack.auth.test())).statusCode).toBe(503);
		expect((await rejectionOf(slack.auth.test())).statusCode).toBe(503);
		expect((await slack.auth.test()).ok).toBe(true);
		expect(sandbox.faults.get('slack').failNext?.count).toBe(0);
	});

	it('rejects unknown knobs and values instead of silently ignoring them', () => {
		expect(() => sandbox.faults.set('twilio', { latencyMS: 5 } as never)).toThrow(
			/Unknown fault 'latencyMS'/,
		);
		expect(() =>
			sandbox.faults.set('slack', { failNext: { count: 1, status: 404 } } as never),
		).toThrow(/429, 500 or 503/);
		expect(() =>
			sandbox.faults.set('smtp', { failNext: { count: 1, status: 500 } } as never),
		).toThrow(/Unknown fault/);
	});

	it('reset clears received data, counters and faults but keeps the seed', async () => {
		sandbox.setSeed({ telegramBlockedChats: ['777'] });
		sandbox.faults.set('telegram', { latencyMs: 10, dropNext: 5 });
		sandbox.faults.set('smtp', { permFail: ['x@example.com'] });
		sandbox.faults.set('telegram', { dropNext: 0 });
		await postJson(
			`${sandbox.urls.telegram}/bot${sandbox.credentials.telegram.token}/sendMessage`,
			{ chat_id: 1, text: 'x' },
		);
		expect(sandbox.state().telegram).toHaveLength(1);

		sandbox.reset();
		const state = sandbox.state();
		expect(state.telegram).toHaveLength(0);
		expect(state.requests).toHaveLength(0);
		expect(state.stats.telegram).toEqual({ requests: 0, inFlight: 0, maxInFlight: 0 });
		expect(sandbox.faults.all()).toEqual({
			smtp: {},
			twilio: {},
			slack: {},
			telegram: {},
			whatsapp: {},
		});
		expect(sandbox.getSeed().telegramBlockedChats).toEqual(['777']);
		sandbox.setSeed({ telegramBlockedChats: ['403403'] });
	});
});

describe('control API over HTTP', () => {
	it('sets faults, reads state and resets with the same shapes as the code API', async () => {
		const set = await postJson(`${sandbox.httpUrl}/_sandbox/faults`, {
			peer: 'telegram',
			faults: { failNext: { count: 1, status: 500 } },
		});
		expect(set.body.telegram).toEqual({ failNext: { count: 1, status: 500 } });
		const many = await postJson(`${sandbox.httpUrl}/_sandbox/faults`, {
			whatsapp: { latencyMs: 5 },
			smtp: { greeting421: 2 },
		});
		expect(many.body).toMatchObject({
			whatsapp: { latencyMs: 5 },
			smtp: { greeting421: 2 },
			telegram: { failNext: { count: 1 } },
		});
		expect((await getMe()).status).toBe(500);

		const state = (await (await fetch(`${sandbox.httpUrl}/_sandbox/state`)).json()) as {
			requests: unknown[];
			stats: Record<string, { requests: number }>;
		};
		expect(state.requests).toHaveLength(1);
		expect(state.stats.telegram.requests).toBe(1);

		const bad = await postJson(`${sandbox.httpUrl}/_sandbox/faults`, { telegram: { retries: 1 } });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/Unknown fault 'retries'/);

		expect((await fetch(`${sandbox.httpUrl}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
		expect(sandbox.state().requests).toHaveLength(0);
		expect(sandbox.faults.all().smtp).toEqual({});
	});
});
