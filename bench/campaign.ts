// The bench's "campaign" scenario: N SMS planned for a window that opens at the next full minute,
// sent by the Communication Dispatcher at a given poll interval; times are measured from the opening.
import { loadavg } from 'node:os';
import type { N8nApi } from '../scripts/n8n/api';
import { webhookUrl, type ExampleWorkflow } from '../scripts/n8n/examples';
import type { BenchContext } from './phases';
import { readCpuMs } from './n8n-instance';
import { dispatcherWorkflow, smsItems } from './workflows';

export interface CampaignRun {
	participants: number;
	pollSeconds: number;
	/** How long the sandbox's Twilio peer waits before it answers each request. */
	latencyMs: number;
	/** Webhook call to the execution waiting (everything planned). */
	planningMs: number;
	/** The window's opening to the first SMS the sandbox received (the dispatcher's poll and the resume's start). */
	firstSentAfterOpenMs: number;
	/** The window's opening to the last SMS the sandbox received. */
	lastSentAfterOpenMs: number;
	/** The window's opening to the execution's end (stoppedAt). */
	endAfterOpenMs: number;
	/** CPU time of n8n's main process from the webhook call to the execution's end. */
	cpuMs: number;
	loadAvg1m: number;
}

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

const hhmm = (at: Date): string =>
	`${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;

async function publish(api: N8nApi, example: ExampleWorkflow): Promise<void> {
	let workflow = await api.getWorkflow(example.id);
	if (!workflow) workflow = await api.createWorkflow(example.id, example.payload);
	else workflow = await api.updateWorkflow(example.id, example.payload);
	if (workflow.activeVersionId !== workflow.versionId)
		await api.activateWorkflow(example.id, workflow.versionId);
}

async function until<T>(
	label: string,
	deadline: number,
	probe: () => Promise<T | undefined>,
): Promise<T> {
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await delay(200);
	}
	throw new Error(`campaign: ${label} did not happen in time`);
}

async function runCampaign(
	ctx: BenchContext,
	n8n: { url: string; api: N8nApi; pid: number },
	workflow: ExampleWorkflow,
	participants: number,
	pollSeconds: number,
	latencyMs: number,
): Promise<CampaignRun> {
	const { sandbox, log } = ctx;
	// reset() clears the faults too, so the latency is set after it.
	sandbox.reset();
	sandbox.faults.set('twilio', { latencyMs });
	// Planning must be over before the window opens: budget 5 ms per participant plus 15 s.
	const earliest = Date.now() + participants * 5 + 15_000;
	const open = new Date(Math.ceil(earliest / 60_000) * 60_000);
	const window = { from: hhmm(open), to: hhmm(new Date(open.getTime() + 3_600_000)) };
	const items = smsItems(participants, `c${participants}p${pollSeconds}`, '').map((item) => ({
		...item,
		...window,
	}));
	const known = new Set((await n8n.api.listExecutions(workflow.id)).map((e) => e.id));
	const cpuBefore = readCpuMs(n8n.pid);
	const started = Date.now();
	const response = await fetch(webhookUrl(n8n.url, workflow.webhooks[0]), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	});
	if (!response.ok) throw new Error(`campaign: webhook answered ${response.status}`);
	const deadline = open.getTime() + 15 * 60_000;
	const execution = await until('the execution waiting', deadline, async () => {
		const fresh = (await n8n.api.listExecutions(workflow.id)).find((e) => !known.has(e.id));
		if (fresh && ['error', 'crashed', 'canceled'].includes(fresh.status))
			throw new Error(`campaign: execution ${fresh.id} ${fresh.status} while planning`);
		return fresh?.status === 'waiting' ? fresh : undefined;
	});
	const planningMs = Date.now() - started;
	const label = `campaign x${participants}, poll ${pollSeconds} s, latency ${latencyMs} ms`;
	log(`  ${label}: planned in ${planningMs} ms`);
	const received = await until('every SMS', deadline, async () => {
		const sms = sandbox.state().sms;
		return sms.length >= participants ? sms : undefined;
	});
	const finished = await until('the execution end', deadline, async () => {
		const current = (await n8n.api.listExecutions(workflow.id)).find((e) => e.id === execution.id);
		return current && current.status !== 'waiting' && current.status !== 'running'
			? current
			: undefined;
	});
	if (finished.status !== 'success')
		throw new Error(`campaign: execution ${finished.id} ended ${finished.status}`);
	const recipients = new Set(received.map((sms) => sms.to));
	if (received.length !== participants || recipients.size !== Math.min(participants, 10_000))
		throw new Error(`campaign: ${received.length} SMS for ${participants} participants`);
	const times = received.map((sms) => Date.parse(sms.receivedAt));
	const firstSent = times.reduce((a, b) => Math.min(a, b), Infinity);
	const lastSent = times.reduce((a, b) => Math.max(a, b), -Infinity);
	const run: CampaignRun = {
		participants,
		pollSeconds,
		latencyMs,
		planningMs,
		firstSentAfterOpenMs: firstSent - open.getTime(),
		lastSentAfterOpenMs: lastSent - open.getTime(),
		endAfterOpenMs: Date.parse(finished.stoppedAt ?? '') - open.getTime(),
		cpuMs: readCpuMs(n8n.pid) - cpuBefore,
		loadAvg1m: loadavg()[0],
	};
	log(
		`  ${label}: first SMS ${run.firstSentAfterOpenMs} ms, last SMS ${run.lastSentAfterOpenMs} ms and end ${run.endAfterOpenMs} ms after the window opened`,
	);
	return run;
}

export interface CampaignPlan {
	/** Participants per run, each at every poll interval. */
	sizes: number[];
	/** Dispatcher poll intervals in seconds: its default first. */
	polls: number[];
	/** Provider latency for those runs (0: the sandbox answers at once). */
	latencyMs: number;
	/** Extra runs at the last poll interval with `extraLatencyMs` (the SMS rows' latency). */
	extraSizes: number[];
	extraLatencyMs: number;
}

/** Every size at every poll interval, then the extra runs with provider latency. */
export async function campaignPhase(
	ctx: BenchContext,
	n8n: { url: string; api: N8nApi; pid: number },
	plan: CampaignPlan,
): Promise<CampaignRun[]> {
	const runs: CampaignRun[] = [];
	const { polls } = plan;
	const campaign = async (participants: number, pollSeconds: number, latencyMs: number) =>
		runs.push(
			await runCampaign(ctx, n8n, ctx.workflows.campaign, participants, pollSeconds, latencyMs),
		);
	try {
		for (const pollSeconds of polls) {
			await publish(n8n.api, dispatcherWorkflow(pollSeconds));
			for (const participants of plan.sizes)
				await campaign(participants, pollSeconds, plan.latencyMs);
		}
		for (const participants of plan.extraSizes)
			await campaign(participants, polls[polls.length - 1] ?? 30, plan.extraLatencyMs);
	} finally {
		// Later phases start n8n on the same user folder: a published dispatcher would poll there too.
		const id = dispatcherWorkflow(polls[0] ?? 30).id;
		await n8n.api
			.request('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {})
			.catch((error: unknown) =>
				ctx.log(`  could not unpublish the bench dispatcher: ${String(error)}`),
			);
		ctx.sandbox.reset();
	}
	return runs;
}

export interface ExamplePlanningRun {
	participants: number;
	/** Webhook call to the execution waiting; null when it was not waiting within `limitMs`. */
	planningMs: number | null;
	limitMs: number;
}

/** A daily window of one hour that is closed now, and not about to open, in every one of `zones`. */
function closedWindow(zones: string[], now: Date): { from: string; to: string } {
	const hourIn = (zone: string) =>
		Number(
			new Intl.DateTimeFormat('en-GB', {
				timeZone: zone,
				hour: '2-digit',
				hourCycle: 'h23',
			}).format(now),
		);
	const busy = new Set(zones.flatMap((zone) => [hourIn(zone), (hourIn(zone) + 1) % 24]));
	const hour = [...Array(24).keys()].find((h) => !busy.has(h) && !busy.has((h + 1) % 24)) ?? 0;
	const two = (h: number) => String(h % 24).padStart(2, '0');
	return { from: `${two(hour)}:00`, to: `${two(hour + 1)}:00` };
}

/**
 * N participants through the shipped three-time-zone example, its window closed for all of them:
 * the time until every one is planned (the example reads the window with `$('Campaign Webhook').item`).
 */
export async function examplePlanning(
	ctx: BenchContext,
	n8n: { url: string; api: N8nApi },
	participants: number,
	limitMs: number,
): Promise<ExamplePlanningRun> {
	const workflow = ctx.workflows.example;
	const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo'];
	const people = Array.from({ length: participants }, (_v, i) => ({
		id: `ex-${i}`,
		first_name: `P${i}`,
		phone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
		timezone: zones[i % zones.length],
	}));
	const known = new Set((await n8n.api.listExecutions(workflow.id)).map((e) => e.id));
	const started = Date.now();
	const response = await fetch(webhookUrl(n8n.url, workflow.webhooks[0]), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ participants: people, window: closedWindow(zones, new Date()) }),
	});
	if (!response.ok) throw new Error(`example: webhook answered ${response.status}`);
	let planningMs: number | null = null;
	try {
		await until('the example waiting', started + limitMs, async () => {
			const fresh = (await n8n.api.listExecutions(workflow.id)).find((e) => !known.has(e.id));
			if (fresh && ['error', 'crashed', 'canceled'].includes(fresh.status))
				throw new Error(`example: execution ${fresh.id} ${fresh.status} while planning`);
			return fresh?.status === 'waiting' ? fresh : undefined;
		});
		planningMs = Date.now() - started;
	} catch (error) {
		if (!(error instanceof Error && error.message.includes('did not happen in time'))) throw error;
	}
	ctx.log(
		`  shipped example x${participants}: ${planningMs === null ? `not planned within ${limitMs / 1000} s` : `planned in ${planningMs} ms`}`,
	);
	return { participants, planningMs, limitMs };
}
