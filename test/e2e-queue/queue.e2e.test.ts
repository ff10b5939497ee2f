// The package in n8n queue mode (Redis, PostgreSQL, main + webhook process + two workers, no Communication
// Ledger credential anywhere: the ledger is n8n's PostgreSQL database): campaign with the dispatcher,
// where a resumed node runs, a manual task page, Run and Wait, bulk sends over both workers, a killed
// worker, and Async deliveries against a worker's graceful shutdown.
import { PostgresLedger } from '../../nodes/shared/ledger/postgres';
import { LEASE_BATCH } from '../../nodes/shared/pipeline/send-lease';
import { nodeOutput, type E2E } from '../e2e/harness';
import { readFileSync } from 'node:fs';

import { logOf, startQueueStack, type QueueStack } from '../../scripts/n8n/queue-stack';
import {
	bulkWorkflow,
	callRegisteredWebhook,
	campaignWorkflow,
	e2eFor,
	link,
	mailsPerAddress,
	PKG,
	publish,
	recipients,
	settled,
	SMTP,
	until,
	workerOf,
} from './support';

let stack: QueueStack;
let e2e: E2E;
let ledger: PostgresLedger;
const suiteStarted = Date.now();

const IDS = {
	campaign: 'queueCampaign001',
	bulk: 'queueBulk0000001',
	paced: 'queueBulkPaced01',
	async: 'queueAsync000001',
	target: 'queueFlowTarget1',
	caller: 'queueFlowCaller1',
};

beforeAll(async () => {
	stack = await startQueueStack({
		profile: 'e2e-queue',
		freshData: true,
		workers: 2,
		// One job per worker at a time: two concurrent executions land on two workers.
		workerConcurrency: 1,
		lockWaitMs: 20 * 60_000,
		// A killed worker's job is noticed within seconds instead of a minute.
		env: {
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
		},
		log: (line) => console.log(`[e2e-queue] ${line}`),
	});
	e2e = e2eFor(stack);
	const { database } = stack;
	ledger = new PostgresLedger({ ...database, schema: 'communication_actions' });
	await ledger.init();
	await publish(e2e, IDS.campaign, campaignWorkflow('queue-campaign'));
	await publish(e2e, IDS.bulk, bulkWorkflow('queue-bulk'));
	// 100 per second: an execution of 1,000 keeps its worker busy for at least 10 s.
	await publish(e2e, IDS.paced, bulkWorkflow('queue-bulk-paced', { maxPerSecond: 100 }));
	await publish(e2e, IDS.async, bulkWorkflow('queue-async', { async: true, maxPerSecond: 40 }));
	console.log(
		`[e2e-queue] stack ready in ${((Date.now() - suiteStarted) / 1000).toFixed(1)}s: ${JSON.stringify(stack.timings)}`,
	);
}, 15 * 60_000);

afterAll(async () => {
	await ledger?.close();
	await stack?.stop();
	console.log(`[e2e-queue] suite took ${((Date.now() - suiteStarted) / 1000).toFixed(1)}s`);
}, 120_000);

const hhmm = (date: Date) => date.toISOString().slice(11, 16);

/** Starts a webhook workflow and returns its new execution's id once it exists. */
async function trigger(workflowId: string, path: string, body: unknown): Promise<string> {
	const known = new Set((await e2e.listExecutions(workflowId)).map((execution) => execution.id));
	const response = await e2e.callWebhook(`${stack.webhook.url}/webhook/${path}`, body);
	expect(response.status).toBe(200);
	return await until(`an execution of ${workflowId}`, async () => {
		const fresh = (await e2e.listExecutions(workflowId)).find((e) => !known.has(e.id));
		return fresh?.id;
	});
}

describe('n8n queue mode', () => {
	it('campaign: inline sends at once on a worker, the planned one is sent by the resume in the webhook process while no worker runs, canceled never; the rest (Python) runs on a worker', async () => {
		const now = Date.now();
		// Etc/GMT+1 opens at a full minute at least 75 s away: time to stop both workers first.
		const opensUtc = new Date(Math.ceil((now + 75_000) / 60_000) * 60_000);
		const window = {
			from: hhmm(new Date(opensUtc.getTime() - 60 * 60_000)),
			to: hhmm(new Date(opensUtc.getTime() + 60 * 60_000)),
		};
		const participants = [
			{ id: `utc-${now}`, first_name: 'Uma', email: `utc-${now}@camp.test`, timezone: 'UTC' },
			{
				id: `kol-${now}`,
				first_name: 'Kiran',
				email: `kol-${now}@camp.test`,
				timezone: 'Asia/Kolkata',
			},
			{ id: `gmt-${now}`, first_name: 'Gil', email: `gmt-${now}@camp.test`, timezone: 'Etc/GMT+1' },
		];
		const executionId = await trigger(IDS.campaign, 'queue-campaign', {
			recipients: participants,
			window,
		});
		const waiting = await settled(e2e, executionId, ['waiting', 'error', 'success']);
		expect(waiting.status).toBe('waiting');
		expect(workerOf(stack, executionId)).toBeDefined();
		const campaignMails = async () =>
			(await e2e.sandboxState()).mails.filter((mail) => mail.envelope.to[0].endsWith('@camp.test'));
		expect((await campaignMails()).map((mail) => mail.envelope.to[0])).toEqual([
			participants[0].email,
		]);

		const cancel = await e2e.runExample('stop-campaign-on-reply', {
			method: 'POST',
			body: { participant_id: participants[1].id },
		});
		expect(nodeOutput(cancel.execution, 'Cancel Communications')[0].canceled).toMatchObject({
			count: 1,
		});

		// No worker from here on: whatever sends Gil's mail is the webhook process (main serves no production webhooks).
		await Promise.all(stack.workers.map(async (worker) => await worker.stop()));
		const gil = await until(
			"Gil's planned mail",
			async () =>
				(await campaignMails()).find((mail) => mail.envelope.to[0] === participants[2].email),
			240_000,
		);
		expect(Date.parse(gil.receivedAt)).toBeGreaterThanOrEqual(opensUtc.getTime());
		expect((await e2e.getExecution(executionId)).status).not.toBe('success');

		await Promise.all(stack.workers.map(async (_worker, index) => await stack.startWorker(index)));
		const done = await settled(e2e, executionId, ['success', 'error', 'crashed']);
		if (done.status !== 'success') {
			console.log(`[e2e-queue] campaign ended ${done.status}: ${JSON.stringify(done.error)}`);
			for (const process of [stack.main, stack.webhook, ...stack.workers])
				console.log(
					`[e2e-queue] ${logOf(process)}:\n${readFileSync(logOf(process), 'utf8').slice(-3000)}`,
				);
		}
		expect({ status: done.status, error: done.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		// The continuation ran on a (restarted) worker: its fresh log names the execution.
		expect(workerOf(stack, executionId)).toBeDefined();
		expect(nodeOutput(done, 'Python').map((item) => item.python_saw)).toEqual([
			'sent',
			'canceled',
			'sent',
		]);
		expect((await campaignMails()).map((mail) => mail.envelope.to[0]).sort()).toEqual(
			[participants[0].email, participants[2].email].sort(),
		);
		// The ledger is n8n's own PostgreSQL database (no ledger credential in this workflow).
		const stats = await ledger.statsByName('SPRING_OFFER');
		expect(stats[0].counts).toMatchObject({ sent: 2, canceled: 1 });
	}, 420_000);

	it('a manual task is completed through its page (served by the webhook process) while the execution waits', async () => {
		const run = await e2e.runExample('lead-follow-up-call-task');
		expect(run.execution.status).toBe('waiting');
		const mail = run.delta.mails.find((m) => m.envelope.to.includes('alice@example.com'));
		const link = String(/Open the task: (\S+)/.exec(mail?.text ?? '')?.[1]);
		expect(link.startsWith(`${stack.webhook.url}/webhook-waiting/${run.execution.id}/`)).toBe(true);
		const page = await (await fetch(link)).text();
		const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
		expect(token).not.toBe('');
		const submitted = await fetch(link, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				action: 'complete',
				token,
				outcome: 'answered',
				completedBy: 'Alice (queue mode)',
				message: 'Booked',
			}),
		});
		expect(submitted.status).toBe(200);
		const done = await settled(e2e, run.execution.id, ['success', 'error', 'crashed']);
		expect(done.status).toBe('success');
		expect(nodeOutput(done, 'Manual Action')[0].task).toMatchObject({
			status: 'completed',
			outcome: 'answered',
			completedBy: 'Alice (queue mode)',
		});
	}, 180_000);

	it('To Another Flow in Run and Wait returns what the target flow returned', async () => {
		const node = (name: string, type: string, parameters: Record<string, unknown>, extra = {}) => ({
			id: name,
			name,
			type,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			...extra,
		});
		await publish(e2e, IDS.target, {
			name: 'Queue e2e target',
			nodes: [
				{
					...node('Start', 'n8n-nodes-base.executeWorkflowTrigger', { inputSource: 'passthrough' }),
					typeVersion: 1.1,
				},
				node('From', `${PKG}.fromAnotherFlowTrigger`, { options: { requireHandover: true } }),
				node(
					'Welcome',
					`${PKG}.emailCommunication`,
					{
						toEmail: '={{ $json.email }}',
						subject: 'Run and Wait in queue mode',
						emailFormat: 'text',
						text: 'Hi',
						options: {},
					},
					{ credentials: SMTP },
				),
			],
			connections: link('Start', 'From', 'Welcome'),
			settings: { executionOrder: 'v1' },
		});
		await publish(e2e, IDS.caller, {
			name: 'Queue e2e caller',
			nodes: [
				{
					...node('Webhook', 'n8n-nodes-base.webhook', {
						httpMethod: 'POST',
						path: 'queue-run-and-wait',
						responseMode: 'lastNode',
						options: {},
					}),
					typeVersion: 2,
					webhookId: 'queue-run-and-wait',
				},
				{
					...node('Lead', 'n8n-nodes-base.set', {
						mode: 'raw',
						jsonOutput: '={{ JSON.stringify($json.body) }}',
						options: {},
					}),
					typeVersion: 3.4,
				},
				node('To Target', `${PKG}.toAnotherFlow`, {
					workflowId: {
						__rl: true,
						mode: 'list',
						value: IDS.target,
						cachedResultName: 'Queue e2e target',
					},
					mode: 'runAndWait',
					options: {},
				}),
			],
			connections: link('Webhook', 'Lead', 'To Target'),
			settings: { executionOrder: 'v1' },
		});
		const response = await callRegisteredWebhook(
			e2e,
			`${stack.webhook.url}/webhook/queue-run-and-wait`,
			{ id: 'rw-1', email: 'rw-1@flow.test' },
		);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			email: 'rw-1@flow.test',
			communication: { status: 'sent' },
		});
		const mails = (await e2e.sandboxState()).mails.filter((m) =>
			m.envelope.to.includes('rw-1@flow.test'),
		);
		expect(mails.map((m) => m.subject)).toEqual(['Run and Wait in queue mode']);
	}, 180_000);

	it('2,000 emails in two concurrent executions land on both workers; every address is mailed exactly once', async () => {
		// The second starts while the first keeps its worker busy (one job per worker): it must go to the other.
		const a = await trigger(IDS.paced, 'queue-bulk-paced', {
			name: 'BULK_A',
			recipients: recipients('bulka', 1000),
		});
		const workerA = await until('the first execution on a worker', async () => workerOf(stack, a));
		const b = await trigger(IDS.paced, 'queue-bulk-paced', {
			name: 'BULK_B',
			recipients: recipients('bulkb', 1000),
		});
		const [doneA, doneB] = await Promise.all([
			settled(e2e, a, ['success', 'error', 'crashed'], 600_000),
			settled(e2e, b, ['success', 'error', 'crashed'], 600_000),
		]);
		expect([doneA.status, doneB.status]).toEqual(['success', 'success']);
		expect(workerOf(stack, b)).toBe(1 - workerA);
		// They ran at the same time, not one after the other.
		expect(Date.parse(doneB.startedAt ?? '')).toBeLessThan(Date.parse(doneA.stoppedAt ?? ''));
		const mails = (await e2e.sandboxState()).mails;
		for (const prefix of ['bulka', 'bulkb']) {
			const counts = mailsPerAddress(mails, prefix);
			expect(counts.size).toBe(1000);
			expect([...counts.values()].every((count) => count === 1)).toBe(true);
		}
	}, 660_000);

	it('a worker SIGKILLed in the middle of 1,000 emails: after the re-run no address got two and every address is accounted for', async () => {
		const body = { name: 'BULK_KILL', recipients: recipients('kill', 1000) };
		const first = await trigger(IDS.bulk, 'queue-bulk', body);
		const worker = await until('the worker running it', async () => workerOf(stack, first));
		await until('some mails out', async () => {
			const sent = mailsPerAddress((await e2e.sandboxState()).mails, 'kill').size;
			return sent >= 100 ? sent : undefined;
		});
		process.kill(stack.workers[worker].pid, 'SIGKILL');
		await stack.workers[worker].exited;
		await stack.startWorker(worker);
		// n8n gives up on the stalled job (it never runs an execution twice by itself).
		const crashed = await settled(e2e, first, ['crashed', 'error', 'success', 'canceled'], 240_000);
		console.log(`[e2e-queue] killed execution ended as ${crashed.status}`);

		const rerun = await trigger(IDS.bulk, 'queue-bulk', body);
		const done = await settled(e2e, rerun, ['success', 'error', 'crashed'], 600_000);
		expect(done.status).toBe('success');
		const counts = mailsPerAddress((await e2e.sandboxState()).mails, 'kill');
		expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
		const results = nodeOutput(done, 'Email').map((item) => ({
			email: String(item.email),
			communication: item.communication as { status: string; warnings?: string[] },
		}));
		expect(results).toHaveLength(1000);
		const unaccounted = results.filter(({ email, communication }) => {
			if (counts.get(email) === 1) return !['sent', 'skipped'].includes(communication.status);
			// Not mailed: only the few in flight when the worker died, reported as such.
			return !(
				communication.status === 'skipped' &&
				communication.warnings?.some((warning) =>
					warning.includes('sending this message right now'),
				)
			);
		});
		expect(unaccounted).toEqual([]);
		const inFlight = results.filter(({ email }) => counts.get(email) !== 1);
		console.log(
			`[e2e-queue] in flight at the kill, not mailed, reported skipped: ${inFlight.length}`,
		);
		// Keys are claimed a chunk at a time just before they are sent, so at most the current chunk
		// and the sends in flight (Max Concurrent Sends 10) were leased and not mailed.
		expect(inFlight.length).toBeLessThanOrEqual(LEASE_BATCH + 10);
	}, 900_000);

	it('Async mode: a worker shut down gracefully mid-delivery leaves no message unrecorded', async () => {
		const body = { name: 'ASYNC_STOP', recipients: recipients('async', 300) };
		const executionId = await trigger(IDS.async, 'queue-async', body);
		const done = await settled(e2e, executionId, ['success', 'error', 'crashed']);
		expect(done.status).toBe('success');
		const worker = workerOf(stack, executionId);
		expect(worker).toBeDefined();
		// 300 messages at 40 per second: the background delivery is still running now.
		await stack.workers[worker ?? 0].stop();
		const counts = mailsPerAddress((await e2e.sandboxState()).mails, 'async');
		expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
		const [stats] = await ledger.statsByName('ASYNC_STOP');
		const total = Object.values(stats.counts).reduce((sum, count) => sum + (count ?? 0), 0);
		// Every message has its ledger row; each one mailed is recorded sent, the rest stay unfinished (not sent).
		expect(total).toBe(300);
		console.log(
			`[e2e-queue] async at graceful stop: ${JSON.stringify(stats.counts)}, mailed ${counts.size}`,
		);
		expect(stats.counts.sent ?? 0).toBeLessThanOrEqual(counts.size);
		await stack.startWorker(worker ?? 0);
	}, 300_000);
});
