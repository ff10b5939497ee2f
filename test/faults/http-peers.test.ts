// Every HTTP sending node (SMS, voice, Slack, Telegram, WhatsApp) under the same fault knobs: 429 bursts
// with Retry-After, 5xx bursts (cleared by retries, and longer than the retries), dropped connections,
// and a latency spike.
import { startSandbox, type Sandbox } from '../../sandbox';
import { SLACK, SMS, TELEGRAM, VOICE, WHATSAPP, type ChannelSpec } from './support/channels';
import { expectInvariants, runScenario, sandboxSecrets, type Scenario } from './support/scenario';

interface PeerCase {
	channel: ChannelSpec;
	/** What an item that kept getting 500s must say. */
	serverError: RegExp;
}

const CASES: PeerCase[] = [
	{
		channel: SMS,
		serverError:
			/^Twilio is temporarily unavailable \(HTTP 500\)\. Twilio said: An internal server error has occurred \(code 20500\)/,
	},
	{
		channel: VOICE,
		serverError:
			/^Twilio is temporarily unavailable \(HTTP 500\)\. Twilio said: An internal server error has occurred \(code 20500\)/,
	},
	{ channel: SLACK, serverError: /^Slack answered HTTP 500/ },
	{
		channel: TELEGRAM,
		serverError:
			/^Telegram is temporarily unavailable \(500\) \(Telegram answered: Internal Server Error\)/,
	},
	{
		channel: WHATSAPP,
		serverError:
			/^WhatsApp Cloud API is temporarily unavailable \(500\) \(Graph error 1: An unknown error occurred\)/,
	},
];

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

describe.each(CASES)('$channel.label under HTTP faults', ({ channel, serverError }) => {
	const scenario = (overrides: Partial<Scenario>): Scenario => ({
		channel,
		sandbox,
		items: 6,
		boundMs: 20_000,
		...overrides,
	});
	const check = async (value: Scenario) => {
		const outcome = await runScenario(value);
		expectInvariants(value, outcome, sandboxSecrets(sandbox));
		return outcome;
	};
	const attempts = (outcome: Awaited<ReturnType<typeof check>>): number[] =>
		outcome.items.map((item) =>
			Number((item.json.communication as { attempts?: number }).attempts),
		);

	it('a burst of three 429s with Retry-After: everything is sent once after the wait', async () => {
		const outcome = await check(
			scenario({
				options: { maxConcurrentSends: 3 },
				arm: (s) =>
					s.faults.set(channel.peer, { failNext: { count: 3, status: 429, retryAfter: 1 } }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(6);
		expect(attempts(outcome).filter((n) => n === 2)).toHaveLength(3);
	});

	it('a burst of four 503s, cleared by the retries: everything is sent once', async () => {
		const outcome = await check(
			scenario({
				options: { maxConcurrentSends: 2 },
				arm: (s) => s.faults.set(channel.peer, { failNext: { count: 4, status: 503 } }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(6);
	});

	it('500s for longer than the retries: the first two items fail with a clear error, the rest are sent once', async () => {
		const outcome = await check(
			scenario({
				options: { maxConcurrentSends: 1, retryCount: 1 },
				arm: (s) => s.faults.set(channel.peer, { failNext: { count: 4, status: 500 } }),
				failure: serverError,
			}),
		);
		expect(outcome.failedErrors).toHaveLength(2);
		expect(outcome.reportedSent).toHaveLength(4);
	});

	it('three connections dropped without an answer: retried, everything is sent once', async () => {
		const outcome = await check(
			scenario({
				options: { maxConcurrentSends: 3 },
				arm: (s) => s.faults.set(channel.peer, { dropNext: 3 }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(6);
	});

	it('a latency spike of 700 ms per request (below the request timeout): everything is sent once, in bounded time', async () => {
		const outcome = await check(
			scenario({
				options: { maxConcurrentSends: 3 },
				arm: (s) => s.faults.set(channel.peer, { latencyMs: 700 }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(6);
		expect(attempts(outcome)).toEqual([1, 1, 1, 1, 1, 1]);
	});
});
