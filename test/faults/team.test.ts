// The team nodes under faults: Internal Notification (one item, several members) and Review Request (email, SMS).
import { startSandbox, type Sandbox } from '../../sandbox';
import { REVIEW_EMAIL, REVIEW_SMS, TEAM, TEAM_SMS } from './support/channels';
import { expectInvariants, runScenario, sandboxSecrets, type Scenario } from './support/scenario';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

async function check(scenario: Scenario) {
	const outcome = await runScenario(scenario);
	expectInvariants(scenario, outcome, sandboxSecrets(sandbox));
	return outcome;
}

describe('Internal Notification (SMS to two members per item) under Twilio faults', () => {
	const members = TEAM.map((member) => String(member.phone));

	it('a burst of 503s: every member is notified exactly once', async () => {
		const outcome = await check({
			channel: TEAM_SMS,
			sandbox,
			items: 3,
			options: { maxConcurrentSends: 1 },
			arm: (s) => s.faults.set('twilio', { failNext: { count: 3, status: 503 } }),
			boundMs: 20_000,
		});
		expect([...outcome.received].sort()).toEqual([...members].sort());
	});

	it('dropped connections and a 429 with Retry-After: every member is notified exactly once', async () => {
		const outcome = await check({
			channel: TEAM_SMS,
			sandbox,
			items: 3,
			options: { maxConcurrentSends: 3 },
			arm: (s) =>
				s.faults.set('twilio', { dropNext: 2, failNext: { count: 1, status: 429, retryAfter: 1 } }),
			boundMs: 20_000,
		});
		expect([...outcome.received].sort()).toEqual([...members].sort());
	});

	it('500s outlasting the retries for one member: the other is notified once, the missed one carries a clear error', async () => {
		// One item notifies two members at once: attempt 1 fails both, attempt 2 (the last) fails one of them.
		const outcome = await check({
			channel: TEAM_SMS,
			sandbox,
			items: 1,
			options: { retryCount: 1 },
			arm: (s) => s.faults.set('twilio', { failNext: { count: 3, status: 500 } }),
			boundMs: 20_000,
		});
		expect(outcome.received).toHaveLength(1);
		const recipients = (
			outcome.items[0].json.communication as {
				recipients: Array<{ status: string; error: string | null }>;
			}
		).recipients;
		expect(recipients.map((r) => r.status).sort()).toEqual(['failed', 'sent']);
		expect(recipients.find((r) => r.status === 'failed')?.error).toMatch(
			/^Twilio is temporarily unavailable \(HTTP 500\)/,
		);
	});
});

describe('Review Request under faults', () => {
	it('email: a 421 greeting, a 451 for one contact and a dropped DATA reply; each contact gets one request', async () => {
		const outcome = await check({
			channel: REVIEW_EMAIL,
			sandbox,
			items: 5,
			arm: (s) =>
				s.faults.set('smtp', {
					greeting421: 1,
					tempFail: [String(REVIEW_EMAIL.item(2).email)],
					dropAfterData: 1,
				}),
			boundMs: 20_000,
		});
		expect(outcome.reportedSent).toHaveLength(5);
	});

	it('SMS: 500s longer than the retries for one contact: it fails with a clear error, the others are sent once', async () => {
		const outcome = await check({
			channel: REVIEW_SMS,
			sandbox,
			items: 5,
			options: { maxConcurrentSends: 1, retryCount: 1 },
			arm: (s) => s.faults.set('twilio', { failNext: { count: 2, status: 500 } }),
			boundMs: 20_000,
			failure: /Twilio is temporarily unavailable \(HTTP 500\)/,
		});
		expect(outcome.failedErrors).toHaveLength(1);
		expect(outcome.reportedSent).toHaveLength(4);
	});
});
