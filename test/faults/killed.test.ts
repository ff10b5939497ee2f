// A peer killed mid-run: the sandbox's servers stop after some messages arrived, with more in flight. What was
// accepted before the kill is reported sent once; everything else fails in bounded time with a clear error.
import { startSandbox, type Sandbox } from '../../sandbox';
import { EMAIL, SLACK, SMS, TELEGRAM, WHATSAPP, type ChannelSpec } from './support/channels';
import { expectInvariants, runScenario, sandboxSecrets, untilReceived } from './support/scenario';

interface KillCase {
	channel: ChannelSpec;
	failure: RegExp;
}

const CASES: KillCase[] = [
	{
		channel: EMAIL,
		failure: /SMTP server at 127\.0\.0\.1:\d+|Sending through 127\.0\.0\.1:\d+ failed/,
	},
	{ channel: SMS, failure: /Twilio|connection/i },
	{ channel: SLACK, failure: /Slack/ },
	{ channel: TELEGRAM, failure: /^Could not reach Telegram: the connection was (refused|dropped)/ },
	{
		channel: WHATSAPP,
		failure: /^Could not reach WhatsApp Cloud API: the connection was (refused|dropped)/,
	},
];

describe.each(CASES)('$channel.label: the peer is killed mid-run', ({ channel, failure }) => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => await sandbox.stop());

	it('what arrived before the kill is sent once; the rest fails with a clear error, in bounded time', async () => {
		const scenario = {
			channel,
			sandbox,
			items: 10,
			options: { maxConcurrentSends: 2, retryCount: 1 },
			// Latency keeps messages in flight at the moment of the kill.
			arm: (s: Sandbox) => s.faults.set(channel.peer, { latencyMs: 150 }),
			during: async (s: Sandbox) => {
				await untilReceived(s, channel, 3);
				await s.stop();
			},
			boundMs: 20_000,
			failure,
		};
		const outcome = await runScenario(scenario);
		expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
		expect(outcome.received.length).toBeGreaterThanOrEqual(3);
		expect(outcome.received.length).toBeLessThan(10);
		expect(outcome.failedErrors.length).toBe(10 - outcome.received.length);
	});
});

describe('Email Communication: the SMTP server is killed while it holds a message before replying to DATA', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => await sandbox.stop());

	it('a killed server never accepts the message it was holding; the item fails and nothing is counted twice', async () => {
		// One connection, one message at a time, 1 s before each greeting and each DATA reply: the first
		// email is accepted at ~2 s, the second is held in DATA until ~3 s, and the kill comes at ~2.5 s.
		const scenario = {
			channel: EMAIL,
			sandbox,
			items: 2,
			options: { maxConcurrentSends: 1, retryCount: 0 },
			credentials: { communicationSmtpApi: { poolSize: 1 } },
			arm: (s: Sandbox) => s.faults.set('smtp', { latencyMs: 1000 }),
			during: async (s: Sandbox) => {
				await untilReceived(s, EMAIL, 1);
				await new Promise((resolvePromise) => setTimeout(resolvePromise, 500));
				await s.stop();
			},
			boundMs: 15_000,
			failure: /^Sending through 127\.0\.0\.1:\d+ failed: Connection closed unexpectedly/,
		};
		const outcome = await runScenario(scenario);
		expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
		expect(outcome.received).toEqual([String(EMAIL.item(0).email)]);
		expect(outcome.failedErrors).toHaveLength(1);
	});
});
