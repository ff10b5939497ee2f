// SMS Communication at its default Max Concurrent Sends under a 429 storm: Twilio refuses more
// requests than the whole first wave holds, twice over, and every message still goes out once.
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEFAULT_SMS_CONCURRENCY } from '../../nodes/SmsCommunication/concurrency';
import { SMS } from './support/channels';
import { expectInvariants, runScenario, sandboxSecrets, type Scenario } from './support/scenario';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

describe('SMS Communication at the default concurrency', () => {
	it('a 429 storm of twice the concurrency with Retry-After converges: everything is sent once', async () => {
		const refusals = 2 * DEFAULT_SMS_CONCURRENCY;
		const scenario: Scenario = {
			channel: SMS,
			sandbox,
			items: 3 * DEFAULT_SMS_CONCURRENCY,
			boundMs: 30_000,
			arm: (s) =>
				s.faults.set('twilio', { failNext: { count: refusals, status: 429, retryAfter: 1 } }),
		};
		const outcome = await runScenario(scenario);
		expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
		expect(outcome.reportedSent).toHaveLength(scenario.items);
		expect(outcome.failedErrors).toEqual([]);
		const retries = outcome.items.map(
			(item) => Number((item.json.communication as { attempts?: number }).attempts) - 1,
		);
		expect(retries.reduce((sum, n) => sum + n, 0)).toBe(refusals);
		expect(sandbox.state().stats.twilio.maxInFlight).toBeLessThanOrEqual(DEFAULT_SMS_CONCURRENCY);
	});
});
