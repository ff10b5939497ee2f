// Queue-mode bench (`npm run bench:queue`): emails per second through n8n in queue mode with one worker and with two, next to the single-process figure of bench/results.json; writes bench/queue-results.json.
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../scripts/n8n/paths';
import { startQueueStack, type QueueStack } from '../scripts/n8n/queue-stack';
import type { E2E } from '../test/e2e/harness';
import {
	bulkWorkflow,
	callRegisteredWebhook,
	e2eFor,
	publish,
	recipients,
	settled,
} from '../test/e2e-queue/support';

const WORKFLOW_ID = 'benchQueueBulk01';
const EMAILS = Number(process.env.BENCH_QUEUE_EMAILS) || 2000;
const RUNS = Number(process.env.BENCH_QUEUE_RUNS) || 3;
/** Jobs one worker runs at once: n8n's default, so one worker also runs both executions. */
const CONCURRENCY = 5;
const RESULTS_FILE = join(REPO_ROOT, 'bench', 'queue-results.json');

function log(line: string): void {
	console.log(`[bench:queue ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The single-process figure of the last full `npm run bench` (Email Communication, 1,000 emails in one execution). */
function singleProcessRate(): number | undefined {
	try {
		const results = JSON.parse(readFileSync(join(REPO_ROOT, 'bench', 'results.json'), 'utf8')) as {
			summary?: { rates?: { emailOurs?: number } };
		};
		return results.summary?.rates?.emailOurs;
	} catch {
		return undefined;
	}
}

let run = 0;
/**
 * EMAILS split over two executions started together; the time is from the earliest execution start
 * to the latest stop (n8n's own startedAt/stoppedAt, as the single-process bench measures).
 */
async function measure(e2e: E2E, webhookUrl: string, label: string): Promise<number> {
	run++;
	const halves = [0, 1].map((half) => ({
		name: `BENCH_${label.toUpperCase()}_${run}_${half}`,
		recipients: recipients(`b${run}h${half}`, EMAILS / 2),
	}));
	const known = new Set((await e2e.listExecutions(WORKFLOW_ID)).map((execution) => execution.id));
	const answers = await Promise.all(
		halves.map(
			async (body) => await callRegisteredWebhook(e2e, `${webhookUrl}/webhook/queue-bench`, body),
		),
	);
	if (answers.some((answer) => answer.status !== 200))
		throw new Error(
			`bench run ${run}: webhook answered ${answers.map((a) => a.status).join(', ')}`,
		);
	const deadline = Date.now() + 60_000;
	let ids: string[] = [];
	while (ids.length < 2) {
		if (Date.now() > deadline) throw new Error(`bench run ${run}: the executions did not start`);
		ids = (await e2e.listExecutions(WORKFLOW_ID)).filter((e) => !known.has(e.id)).map((e) => e.id);
	}
	const done = await Promise.all(
		ids.map(async (id) => await settled(e2e, id, ['success', 'error', 'crashed'], 600_000)),
	);
	if (done.some((execution) => execution.status !== 'success'))
		throw new Error(
			`bench run ${run}: ${done.map((execution) => `${execution.status} ${JSON.stringify(execution.error ?? {})}`).join('; ')}`,
		);
	const start = Math.min(...done.map((execution) => Date.parse(execution.startedAt ?? '')));
	const stop = Math.max(...done.map((execution) => Date.parse(execution.stoppedAt ?? '')));
	const rate = EMAILS / ((stop - start) / 1000);
	log(
		`${label}: ${EMAILS} emails in ${((stop - start) / 1000).toFixed(2)} s = ${rate.toFixed(1)}/s`,
	);
	return rate;
}

async function series(e2e: E2E, webhookUrl: string, label: string): Promise<number> {
	const rates: number[] = [];
	for (let index = 0; index < RUNS; index++) rates.push(await measure(e2e, webhookUrl, label));
	return median(rates);
}

/** The queue-mode scenario; `BENCH_PHASES=queue npm run bench` or `npm run bench:queue` runs it alone. */
export async function queueBench(): Promise<void> {
	log(
		`${EMAILS} emails per run, ${RUNS} runs; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`,
	);
	const stack: QueueStack = await startQueueStack({
		profile: 'bench-queue',
		freshData: true,
		workers: 2,
		workerConcurrency: CONCURRENCY,
		lockWaitMs: 30 * 60_000,
		log,
	});
	try {
		const e2e = e2eFor(stack);
		await publish(e2e, WORKFLOW_ID, bulkWorkflow('queue-bench'));
		const hooks = stack.webhook.url;
		await measure(e2e, hooks, 'warmup');
		const twoWorkers = await series(e2e, hooks, 'two_workers');
		await stack.workers[1].stop();
		const oneWorker = await series(e2e, hooks, 'one_worker');
		const single = singleProcessRate();
		const table = [
			'| n8n | Emails/s (median) | vs one worker | vs single process |',
			'| --- | ---: | ---: | ---: |',
			`| single process (bench/results.json) | ${single?.toFixed(1) ?? 'n/a'} | ${single ? (single / oneWorker).toFixed(2) : 'n/a'} | 1.00 |`,
			`| queue mode, one worker | ${oneWorker.toFixed(1)} | 1.00 | ${single ? (oneWorker / single).toFixed(2) : 'n/a'} |`,
			`| queue mode, two workers | ${twoWorkers.toFixed(1)} | ${(twoWorkers / oneWorker).toFixed(2)} | ${single ? (twoWorkers / single).toFixed(2) : 'n/a'} |`,
		].join('\n');
		console.log(`\n${table}\n`);
		writeFileSync(
			RESULTS_FILE,
			`${JSON.stringify(
				{
					generatedAt: new Date().toISOString(),
					machine: { cpus: cpus().length, loadAvgAtEnd: loadavg() },
					settings: { emails: EMAILS, runs: RUNS, workerConcurrency: CONCURRENCY },
					method:
						'two executions of EMAILS/2 each started together through the webhook process; time = latest stoppedAt - earliest startedAt (n8n REST); the single-process figure is from the last full npm run bench',
					rates: { singleProcess: single ?? null, oneWorker, twoWorkers },
					ratios: {
						twoWorkersVsOne: twoWorkers / oneWorker,
						oneWorkerVsSingle: single ? oneWorker / single : null,
						twoWorkersVsSingle: single ? twoWorkers / single : null,
					},
					table,
				},
				null,
				'\t',
			)}\n`,
		);
		log(`written ${RESULTS_FILE}`);
	} finally {
		await stack.stop();
	}
}

if (require.main === module) {
	queueBench().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
