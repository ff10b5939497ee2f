// n8n's node-level Retry On Fail after partial success: the node fails mid-batch, n8n runs it again in the
// same execution, and the idempotency keys make sure what was already delivered is not delivered twice.
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	SLACK,
	SMS,
	TEAM_SMS,
	TELEGRAM,
	VOICE,
	WHATSAPP,
	type ChannelSpec,
} from './support/channels';
import {
	expectInvariants,
	runScenario,
	sandboxSecrets,
	untilReceived,
	type Scenario,
	type ScenarioOutcome,
} from './support/scenario';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

type Result = { warnings: string[] } & Record<string, unknown>;
const resultOf = (item: ScenarioOutcome['items'][number]): Result =>
	item.json.communication as Result;

/** Items delivered in the failed node run come back from the ledger: they must carry the same fields as the others. */
function expectSameShape(outcome: ScenarioOutcome): void {
	const earlier = outcome.items.filter((item) =>
		resultOf(item).warnings.some((w) => w.startsWith('Already sent earlier')),
	);
	const later = outcome.items.filter((item) => !earlier.includes(item));
	expect(earlier.length).toBeGreaterThan(0);
	expect(later.length).toBeGreaterThan(0);
	const keys = (item: ScenarioOutcome['items'][number]): string[] =>
		Object.keys(resultOf(item)).sort();
	for (const item of earlier) expect(keys(item)).toEqual(keys(later[0]));
}

const retryOnFail = {
	onError: 'stopWorkflow' as const,
	retryOnFail: true,
	maxTries: 3,
	waitBetweenTries: 0,
};

describe.each([SMS, VOICE, SLACK, TELEGRAM, WHATSAPP])(
	"$label: n8n's Retry On Fail after partial success",
	(channel: ChannelSpec) => {
		it('500s hit mid-batch after two deliveries; the re-run delivers only the rest, each once', async () => {
			const scenario: Scenario = {
				channel,
				sandbox,
				items: 6,
				options: { maxConcurrentSends: 1, retryCount: 0 },
				settings: retryOnFail,
				// Slow enough that the fault is armed before the third request arrives.
				arm: (s) => s.faults.set(channel.peer, { latencyMs: 60 }),
				during: async (s) => {
					await untilReceived(s, channel, 2);
					s.faults.set(channel.peer, { failNext: { count: 2, status: 500 } });
				},
				boundMs: 20_000,
			};
			const outcome = await runScenario(scenario);
			expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
			expect(outcome.reportedSent).toHaveLength(6);
			// The node really failed once: the 500s reached it.
			expect(
				sandbox.state().requests.filter((r) => r.peer === channel.peer && r.status === 500),
			).toHaveLength(2);
			expectSameShape(outcome);
		});
	},
);

describe("Internal Notification: n8n's Retry On Fail when nobody of an item could be notified", () => {
	it('the re-run notifies the members that were missed and nobody twice', async () => {
		const scenario: Scenario = {
			channel: TEAM_SMS,
			sandbox,
			items: 3,
			options: { maxConcurrentSends: 1, retryCount: 0 },
			settings: retryOnFail,
			arm: (s) => s.faults.set('twilio', { failNext: { count: 2, status: 503 } }),
			boundMs: 20_000,
		};
		const outcome = await runScenario(scenario);
		expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
		expect(outcome.received).toHaveLength(6);
		expectSameShape(outcome);
	});
});
