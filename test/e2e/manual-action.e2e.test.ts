// The lead follow-up example in a real n8n: the execution waits on the Manual Action until the assignee
// completes the task through its page in Chromium; link previews and plain GETs complete nothing.

import type { ExecutionDetail } from '../../scripts/n8n/api';
import { launchChromium, type Browser } from './chromium';
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();
const LINK_PREVIEW_BOT =
	'Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0; +https://api.slack.com/robots)';

async function settledAs(
	executionId: string,
	status: string,
	timeoutMs = 60_000,
): Promise<ExecutionDetail> {
	const deadline = Date.now() + timeoutMs;
	let execution = await e2e.getExecution(executionId);
	while (execution.status !== status && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		execution = await e2e.getExecution(executionId);
	}
	return execution;
}

describe('lead-follow-up-call-task: a person completes the task in the browser', () => {
	let browser: Browser | undefined;

	beforeAll(async () => {
		browser = await launchChromium('comm-actions-task-page');
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('waits in n8n until the task page is submitted, then continues with the outcome', async () => {
		const run = await e2e.runExample('lead-follow-up-call-task');
		expect({ status: run.execution.status, error: run.execution.error?.message }).toEqual({
			status: 'waiting',
			error: undefined,
		});
		const mail = run.delta.mails.find((m) => m.envelope.to.includes('alice@example.com'));
		const link = /Open the task: (\S+)/.exec(mail?.text ?? '')?.[1];
		expect(link).toMatch(new RegExp(`^${e2e.n8nUrl}/webhook-waiting/${run.execution.id}/`));

		// A chat link preview and a plain GET see the page; the execution keeps waiting.
		for (const headers of [{ 'user-agent': LINK_PREVIEW_BOT }, {}]) {
			const preview = await fetch(String(link), { headers });
			expect(preview.status).toBe(200);
			expect(await preview.text()).toContain('Jordan Lee');
		}
		// A forged form post is refused.
		const forged = await fetch(String(link), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ action: 'complete', token: 'forged', outcome: 'answered' }),
		});
		expect(forged.status).toBe(403);
		expect((await e2e.getExecution(run.execution.id)).status).toBe('waiting');

		const page = await (browser as Browser).context.newPage();
		await page.goto(String(link));
		await page.getByRole('heading', { name: 'Lead Follow-Up Call' }).waitFor();
		expect(await page.locator('dd').allInnerTexts()).toEqual(
			expect.arrayContaining(['Jordan Lee', '+14155550142', 'Alice Archer']),
		);
		await page.selectOption('#outcome', 'answered');
		await page.fill('#completedBy', 'Alice (front desk)');
		await page.fill('#message', 'Booked a free consultation for Friday');
		await page.getByRole('button', { name: 'Complete task' }).click();
		await page.getByText('The workflow continues.').waitFor();

		const done = await settledAs(run.execution.id, 'success');
		expect({ status: done.status, error: done.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		const [task] = nodeOutput(done, 'Manual Action');
		expect(task.task).toMatchObject({
			status: 'completed',
			outcome: 'answered',
			completedBy: 'Alice (front desk)',
			notes: 'Booked a free consultation for Friday',
			assignmentRule: 'selected_member',
		});
		expect(task.communication).toMatchObject({
			channel: 'task',
			status: 'sent',
			output: 'Lead follow-up call done.',
		});
		expect(nodeOutput(done, 'Log the Call')[0].call).toMatchObject({
			direction: 'outbound',
			contactNumber: '+14155550142',
			status: 'completed',
		});

		// The link now shows who completed the task, without a form.
		await page.reload();
		expect(await page.locator('form').count()).toBe(0);
		await page.close();
	});
});
