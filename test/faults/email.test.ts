// Email Communication under SMTP faults: 451 bursts, 421 greetings, dropped connections (before the greeting
// and after DATA), a slow server, refused recipients, a server that is down, and n8n's Retry On Fail.
import { startSandbox, type Sandbox } from '../../sandbox';
import { closedPort } from '../support/closed-port';
import { EMAIL } from './support/channels';
import { expectInvariants, runScenario, sandboxSecrets, type Scenario } from './support/scenario';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const address = (i: number): string => String(EMAIL.item(i).email);
const emailScenario = (overrides: Partial<Scenario>): Scenario => ({
	channel: EMAIL,
	sandbox,
	items: 8,
	boundMs: 20_000,
	...overrides,
});

async function check(scenario: Scenario) {
	const outcome = await runScenario(scenario);
	expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
	return outcome;
}

describe('Email Communication: transient SMTP faults are retried and delivered exactly once', () => {
	it('a burst of 451 replies for four recipients (one of them twice)', async () => {
		const outcome = await check(
			emailScenario({
				arm: (s) =>
					s.faults.set('smtp', {
						tempFail: [address(1), address(2), address(2), address(5), address(6)],
					}),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(8);
		expect(
			outcome.items.map((item) => (item.json.communication as { attempts: number }).attempts),
		).toEqual([1, 2, 3, 1, 1, 2, 2, 1]);
	});

	it('three 421 greetings while the pool opens its connections', async () => {
		const outcome = await check(
			emailScenario({ arm: (s) => s.faults.set('smtp', { greeting421: 3 }) }),
		);
		expect(outcome.reportedSent).toHaveLength(8);
	});

	it('three connections dropped before the greeting', async () => {
		const outcome = await check(
			emailScenario({ arm: (s) => s.faults.set('smtp', { dropNext: 3 }) }),
		);
		expect(outcome.reportedSent).toHaveLength(8);
	});

	it('connections dropped mid-batch right after DATA: the lost messages are sent again, once', async () => {
		// The server received the data and dropped the connection without a reply: the client cannot know
		// whether it was delivered. The sandbox (like a server that crashed before queueing) records nothing
		// for a dropped message, so the honest expectation is that the retry delivers each one exactly once.
		const outcome = await check(
			emailScenario({
				items: 12,
				options: { maxConcurrentSends: 3 },
				arm: (s) => s.faults.set('smtp', { dropAfterData: 4 }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(12);
		expect(outcome.received).toHaveLength(12);
	});

	it('a slow server (400 ms per greeting and per DATA reply) with a pool of 2', async () => {
		const outcome = await check(
			emailScenario({
				credentials: { communicationSmtpApi: { poolSize: 2 } },
				arm: (s) => s.faults.set('smtp', { latencyMs: 400 }),
			}),
		);
		expect(outcome.reportedSent).toHaveLength(8);
	});
});

describe('Email Communication: failures that do not clear up fail their items with a clear error', () => {
	it('more dropped connections than retries: failed items say the connection was lost, the others are sent once', async () => {
		const outcome = await check(
			emailScenario({
				options: { retryCount: 1, maxConcurrentSends: 1 },
				credentials: { communicationSmtpApi: { poolSize: 1 } },
				arm: (s) => s.faults.set('smtp', { dropAfterData: 4 }),
				failure: /^Sending through 127\.0\.0\.1:\d+ failed: Connection closed unexpectedly/,
			}),
		);
		expect(outcome.failedErrors).toHaveLength(2);
		expect(outcome.reportedSent).toHaveLength(6);
	});

	it('550 for two recipients: those fail at once, the rest are sent', async () => {
		const outcome = await check(
			emailScenario({
				arm: (s) => s.faults.set('smtp', { permFail: [address(0), address(7)] }),
				failure: /refused the recipient person[07]@example\.com \(550\)/,
			}),
		);
		expect(outcome.failedErrors).toHaveLength(2);
		expect(
			outcome.items
				.filter((item) => item.json.error)
				.map((item) => (item.json.communication as { attempts: number }).attempts),
		).toEqual([1, 1]);
	});

	it('a server that is down fails every item in bounded time; nothing is received', async () => {
		const outcome = await check(
			emailScenario({
				options: { retryCount: 1 },
				credentials: { communicationSmtpApi: { port: await closedPort() } },
				boundMs: 15_000,
				failure: /Could not connect to the SMTP server at 127\.0\.0\.1:\d+ \(connection refused\)/,
			}),
		);
		expect(outcome.failedErrors).toHaveLength(8);
		expect(outcome.received).toHaveLength(0);
	});
});

describe("Email Communication: n8n's Retry On Fail after partial success", () => {
	it('the node fails after some items were sent; the re-run sends only the rest, each once', async () => {
		// Retry Count 0 and 451s for three recipients: the first node run sends five and fails. n8n runs the
		// whole node again in the same execution; the idempotency keys of the five say "already sent".
		const outcome = await check(
			emailScenario({
				options: { retryCount: 0 },
				settings: { onError: 'stopWorkflow', retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
				arm: (s) => s.faults.set('smtp', { tempFail: [address(1), address(4), address(6)] }),
			}),
		);
		expect(outcome.result.status).toBe('success');
		expect(outcome.reportedSent).toHaveLength(8);
		expect(outcome.received).toHaveLength(8);
	});
});
