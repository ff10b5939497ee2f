// The bench's measuring phases: throughput (email, SMS) in one n8n, then start-up and memory in fresh n8n processes.
import { copyFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Sandbox } from '../sandbox';
import { N8nApi } from '../scripts/n8n/api';
import type { ExampleWorkflow } from '../scripts/n8n/examples';
import type { N8nInstallation } from '../scripts/n8n/install';
import type { ProfilePaths } from '../scripts/n8n/paths';
import { LOCAL_OWNER } from '../scripts/n8n/provision';
import { launchN8n, readCpuMs, readRss, sampleRss } from './n8n-instance';
import { runWebhookWorkflow, type WorkflowRun } from './measure';
import { sampleAllocationsIn } from './allocations';
import { runRawNodemailer } from './raw-nodemailer';
import type { MemoryRun, StartupRun, ThroughputRun, ThroughputSeries } from './report';
import { emailItems, smsItems, type BenchWorkflowKey } from './workflows';

export interface BenchSettings {
	runs: number;
	emails: number;
	sms: number;
	smsLatencyMs: number;
	smsTunedConcurrency: number;
	memoryEmails: number;
	/** Starts with and without the package (at least `runs`). */
	startupRuns: number;
	/** Scenarios to run: email, sms, campaign (BENCH_SCENARIOS; default all). */
	scenarios: Set<string>;
	/** Participants per campaign run (BENCH_CAMPAIGN_SIZES). */
	campaignSizes: number[];
	/** Provider latency of those runs (BENCH_CAMPAIGN_LATENCY_MS, default 0). */
	campaignLatencyMs: number;
	/** Participants per extra run at the fast poll with the SMS latency (BENCH_CAMPAIGN_LATENT_SIZES). */
	campaignLatentSizes: number[];
	/** Dispatcher poll intervals in seconds (BENCH_CAMPAIGN_POLLS, default 30,5). */
	campaignPolls: number[];
	/** Participants sent through the shipped three-time-zone example (BENCH_EXAMPLE_PARTICIPANTS). */
	exampleParticipants: number;
}

export interface BenchContext {
	install: N8nInstallation;
	sandbox: Sandbox;
	workflows: Record<BenchWorkflowKey, ExampleWorkflow>;
	settings: BenchSettings;
	log: (line: string) => void;
}

const SENDER: Record<BenchWorkflowKey, string> = {
	emailOurs: 'Email Communication',
	emailBuiltIn: 'Send Email',
	smsOurs: 'SMS Communication',
	smsOursTuned: 'SMS Communication',
	smsBuiltIn: 'Twilio',
	itemsOnly: 'No Operation',
	campaign: 'SMS Communication',
	example: 'SMS Communication',
};

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** What the sandbox received, checked against what was asked: every message once, nobody twice. */
function checkDelivery(
	sandbox: Sandbox,
	channel: 'email' | 'sms',
	expected: number,
	label: string,
): number {
	const state = sandbox.state();
	const recipients =
		channel === 'email'
			? state.mails.flatMap((mail) => mail.envelope.to)
			: state.sms.map((sms) => sms.to);
	const unique = new Set(recipients).size;
	if (recipients.length !== expected || unique !== expected) {
		throw new Error(
			`${label}: the sandbox received ${recipients.length} messages for ${unique} recipients, expected ${expected} each`,
		);
	}
	return recipients.length;
}

function toThroughputRun(run: WorkflowRun, received: number): ThroughputRun {
	return {
		ms: run.executionMs,
		wallMs: run.wallMs,
		senderMs: run.senderMs,
		executionId: run.executionId,
		received,
		loadAvg1m: loadavg()[0],
	};
}

function bodyFor(
	key: BenchWorkflowKey,
	count: number,
	tag: string,
	sandbox: Sandbox,
): { items: unknown[] } {
	if (key.startsWith('sms'))
		return { items: smsItems(count, tag, sandbox.credentials.twilio.fromNumber) };
	return { items: emailItems(count, tag) };
}

/** Email and SMS throughput in one running n8n; runs are interleaved so background noise spreads evenly. */
export async function throughputPhase(
	ctx: BenchContext,
	n8n: { url: string; api: N8nApi; pid: number },
): Promise<{
	email: Record<'ours' | 'builtIn' | 'raw' | 'rawNoDelay', ThroughputSeries>;
	sms: Record<'ours' | 'oursTuned' | 'builtIn', ThroughputSeries>;
}> {
	const { sandbox, workflows, settings, log } = ctx;
	const series = (label: string, messages: number): ThroughputSeries => ({
		label,
		messages,
		runs: [],
	});
	const email = {
		ours: series('Email Communication', settings.emails),
		builtIn: series("n8n's Send Email", settings.emails),
		raw: series('raw pooled nodemailer', settings.emails),
		rawNoDelay: series('raw pooled nodemailer + TCP_NODELAY', settings.emails),
	};
	const sms = {
		ours: series('SMS Communication (default)', settings.sms),
		oursTuned: series(
			`SMS Communication (Max Concurrent Sends ${settings.smsTunedConcurrency})`,
			settings.sms,
		),
		builtIn: series("n8n's Twilio node", settings.sms),
	};
	const prepare = (channel: 'email' | 'sms'): void => {
		sandbox.reset();
		if (channel === 'sms') sandbox.faults.set('twilio', { latencyMs: settings.smsLatencyMs });
	};
	const runN8nSeries = async (
		key: BenchWorkflowKey,
		target: ThroughputSeries,
		count: number,
		tag: string,
	): Promise<void> => {
		const channel = key.startsWith('sms') ? 'sms' : 'email';
		prepare(channel);
		const cpuBefore = readCpuMs(n8n.pid);
		const run = await runWebhookWorkflow(
			n8n.api,
			n8n.url,
			workflows[key],
			bodyFor(key, count, tag, sandbox),
			SENDER[key],
		);
		if (run.status !== 'success' || run.senderItems !== count)
			throw new Error(
				`${target.label}: execution ${run.executionId} ${run.status}, ${run.senderItems} items out of ${count}`,
			);
		const cpuMs = readCpuMs(n8n.pid) - cpuBefore;
		const received = checkDelivery(sandbox, channel, count, target.label);
		target.runs.push({ ...toThroughputRun(run, received), cpuMs });
		log(
			`  ${target.label}: ${(run.executionMs / 1000).toFixed(2)} s (${((count * 1000) / run.executionMs).toFixed(1)}/s)`,
		);
	};
	const runRaw = async (
		target: ThroughputSeries,
		noDelay: boolean,
		count: number,
		tag: string,
	): Promise<void> => {
		prepare('email');
		const result = await runRawNodemailer(ctx.install.nodeBinary, {
			host: sandbox.smtp.host,
			port: sandbox.smtp.port,
			user: sandbox.smtp.user ?? '',
			pass: sandbox.smtp.pass ?? '',
			poolSize: 5,
			noDelay,
			recipients: emailItems(count, tag).map((item) => item.email),
		});
		if (result.failed > 0) throw new Error(`${target.label}: ${result.failed} of ${count} failed`);
		const received = checkDelivery(sandbox, 'email', count, target.label);
		target.runs.push({ ms: result.ms, received, loadAvg1m: loadavg()[0], cpuMs: result.cpuMs });
		log(
			`  ${target.label}: ${(result.ms / 1000).toFixed(2)} s (${((count * 1000) / result.ms).toFixed(1)}/s)`,
		);
	};

	const emailOn = settings.scenarios.has('email');
	const smsOn = settings.scenarios.has('sms');
	log('Warm-up (50 messages per sender, not counted)...');
	const warmKeys = [
		...(emailOn ? (['emailOurs', 'emailBuiltIn'] as const) : []),
		...(smsOn ? (['smsOurs', 'smsOursTuned', 'smsBuiltIn'] as const) : []),
	];
	for (const key of warmKeys) {
		await runN8nSeries(key, series('warm-up', 50), 50, `warm-${key}`);
	}
	if (emailOn) {
		await runRaw(series('warm-up', 50), false, 50, 'warm-raw');
		await runRaw(series('warm-up', 50), true, 50, 'warm-raw-nodelay');
	}

	for (let round = 1; round <= settings.runs; round++) {
		log(`Throughput round ${round}/${settings.runs}`);
		if (emailOn) {
			await runN8nSeries('emailOurs', email.ours, settings.emails, `e${round}o`);
			await runN8nSeries('emailBuiltIn', email.builtIn, settings.emails, `e${round}b`);
			await runRaw(email.raw, false, settings.emails, `e${round}r`);
			await runRaw(email.rawNoDelay, true, settings.emails, `e${round}n`);
		}
		if (smsOn) {
			await runN8nSeries('smsOurs', sms.ours, settings.sms, `s${round}o`);
			await runN8nSeries('smsOursTuned', sms.oursTuned, settings.sms, `s${round}t`);
			await runN8nSeries('smsBuiltIn', sms.builtIn, settings.sms, `s${round}b`);
		}
	}
	sandbox.reset();
	return { email, sms };
}

/** One fresh n8n: its start-up timings, its idle RSS after a settle, then the peak while running `key` once. */
async function startAndMeasureMemory(
	ctx: BenchContext,
	paths: ProfilePaths,
	key: BenchWorkflowKey,
	tag: string,
	options: { warmUp?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ startup: StartupRun; memory: MemoryRun }> {
	const { warmUp = false } = options;
	const n8n = await launchN8n(ctx.install, paths, options.env);
	try {
		const startup = { healthzMs: n8n.healthzMs, readyMs: n8n.readyMs };
		const api = new N8nApi(n8n.url);
		await api.login(LOCAL_OWNER);
		// Optionally one small execution first, so "idle" already includes what the first run loads.
		if (warmUp)
			await runWebhookWorkflow(
				api,
				n8n.url,
				ctx.workflows[key],
				bodyFor(key, 20, `${tag}-warm`, ctx.sandbox),
				SENDER[key],
				{ fetchDetails: false },
			);
		await delay(5_000);
		const idleRss = readRss(n8n.pid).rss;
		ctx.sandbox.reset();
		const count = ctx.settings.memoryEmails;
		// BENCH_ALLOCATIONS=1 with BENCH_N8N_NODE_FLAGS=--inspect=127.0.0.1:0: what the run allocates, by allocation site.
		const profiler =
			process.env.BENCH_ALLOCATIONS === '1' ? await sampleAllocationsIn(paths.logFile) : undefined;
		const sampler = sampleRss(n8n.pid);
		const cpuBefore = readCpuMs(n8n.pid);
		// BENCH_SNAPSHOT_AT=N (with BENCH_ALLOCATIONS=1): a heap snapshot once the sandbox has N messages.
		const snapshotAt = Number(process.env.BENCH_SNAPSHOT_AT ?? 0);
		const snapshotTimer =
			profiler?.snapshot && snapshotAt > 0
				? setInterval(() => {
						if (ctx.sandbox.state().mails.length < snapshotAt) return;
						clearInterval(snapshotTimer);
						void profiler.snapshot?.(`${paths.logFile}.${tag}.heapsnapshot`);
					}, 50)
				: undefined;
		const run = await runWebhookWorkflow(
			api,
			n8n.url,
			ctx.workflows[key],
			bodyFor(key, count, tag, ctx.sandbox),
			SENDER[key],
			{ fetchDetails: false },
		);
		clearInterval(snapshotTimer);
		const peak = sampler.stop();
		const cpuMs = readCpuMs(n8n.pid) - cpuBefore;
		// BENCH_RSS_TIMELINE=1: the RSS above idle every 50 ms of the run, next to the n8n log.
		if (process.env.BENCH_RSS_TIMELINE === '1')
			writeFileSync(
				`${paths.logFile}.${tag}.rss`,
				peak.timeline
					.map(([ms, rss]) => `${ms} ${((rss - idleRss) / 1048576).toFixed(1)}`)
					.join('\n'),
			);
		if (profiler) ctx.log(await profiler.stop(count, `${paths.logFile}.${tag}.heapprofile`));
		if (run.status !== 'success')
			throw new Error(`${key} x${count}: execution ${run.executionId} ${run.status}`);
		const received =
			key === 'itemsOnly' ? 0 : checkDelivery(ctx.sandbox, 'email', count, `${key} x${count}`);
		ctx.sandbox.reset();
		return {
			startup,
			memory: {
				idleRss,
				peakRss: peak.peakRss,
				hwm: peak.hwm,
				executionMs: run.executionMs,
				received,
				cpuMs,
			},
		};
	} finally {
		await n8n.stop();
		// The log of each measured process stays next to the next one's (e.g. for a `--trace-gc` run).
		copyFileSync(paths.logFile, `${paths.logFile}.${tag}`);
	}
}

/** The same emails from a bare nodemailer script (same pool and TCP_NODELAY, 5 in flight as the node): its peak RSS. */
async function rawNodemailerMemory(ctx: BenchContext, tag: string): Promise<MemoryRun> {
	const count = ctx.settings.memoryEmails;
	ctx.sandbox.reset();
	const result = await runRawNodemailer(ctx.install.nodeBinary, {
		host: ctx.sandbox.smtp.host,
		port: ctx.sandbox.smtp.port,
		user: ctx.sandbox.smtp.user ?? '',
		pass: ctx.sandbox.smtp.pass ?? '',
		poolSize: 5,
		noDelay: true,
		concurrency: 5,
		recipients: emailItems(count, tag).map((item) => item.email),
	});
	if (result.failed > 0) throw new Error(`bare nodemailer x${count}: ${result.failed} failed`);
	// The warm-up message counts too.
	const received = checkDelivery(ctx.sandbox, 'email', count + 1, `bare nodemailer x${count}`) - 1;
	ctx.sandbox.reset();
	const above = result.peakRssAboveIdle ?? 0;
	ctx.log(
		`  ${count} emails from a bare nodemailer script, 5 at a time: peak ${(above / 1024 / 1024).toFixed(0)} MB above idle`,
	);
	return {
		idleRss: 0,
		peakRss: above,
		hwm: 0,
		executionMs: result.ms,
		received,
		cpuMs: result.cpuMs,
	};
}

export interface MemoryRuns {
	emails: MemoryRun[];
	emailsAfterWarmUp: MemoryRun[];
	itemsOnly: MemoryRun[];
	rawNodemailer: MemoryRun[];
	/** The big execution in an n8n started with SMALL_YOUNG_GENERATION in NODE_OPTIONS. */
	smallYoungGeneration: MemoryRun[];
}

/**
 * A Node option a self-hoster can give n8n: V8's young generation at most 4 MB per semi-space (the
 * default grows to 16 MB or more under load), so less short-lived garbage survives into the old
 * generation before a collection, at the cost of more frequent young collections.
 */
export const SMALL_YOUNG_GENERATION = '--max-semi-space-size=4';

/**
 * The big execution in `runs` fresh n8n processes of the bench's folder, optionally once more after a
 * warm-up run, the same items through No Operation, and the bare nodemailer script.
 * BENCH_PHASES=memory runs only this (without the warm-up variant).
 */
export async function memoryRuns(
	ctx: BenchContext,
	withPaths: ProfilePaths,
	withWarmUp: boolean,
): Promise<MemoryRuns> {
	const count = ctx.settings.memoryEmails;
	const mb = (run: MemoryRun) => ((run.peakRss - run.idleRss) / 1024 / 1024).toFixed(0);
	const result: MemoryRuns = {
		emails: [],
		emailsAfterWarmUp: [],
		itemsOnly: [],
		rawNodemailer: [],
		smallYoungGeneration: [],
	};
	for (let round = 1; round <= ctx.settings.runs; round++) {
		const { memory } = await startAndMeasureMemory(ctx, withPaths, 'emailOurs', `m${round}`);
		result.emails.push(memory);
		ctx.log(
			`  ${count} emails: peak ${mb(memory)} MB above idle, ${memory.executionMs.toFixed(0)} ms, ${(((memory.cpuMs ?? 0) / count) * 1000).toFixed(0)} ms CPU per 1,000`,
		);
	}
	if (withWarmUp) {
		const { memory } = await startAndMeasureMemory(ctx, withPaths, 'emailOurs', 'mw', {
			warmUp: true,
		});
		result.emailsAfterWarmUp.push(memory);
		ctx.log(`  ${count} emails after a 20-email warm-up run: peak ${mb(memory)} MB above idle`);
	}
	const { memory: small } = await startAndMeasureMemory(ctx, withPaths, 'emailOurs', 'msmall', {
		env: { NODE_OPTIONS: SMALL_YOUNG_GENERATION },
	});
	result.smallYoungGeneration.push(small);
	ctx.log(
		`  ${count} emails, n8n started with NODE_OPTIONS=${SMALL_YOUNG_GENERATION}: peak ${mb(small)} MB above idle, ${small.executionMs.toFixed(0)} ms, ${(((small.cpuMs ?? 0) / count) * 1000).toFixed(0)} ms CPU per 1,000`,
	);
	const { memory: baseline } = await startAndMeasureMemory(ctx, withPaths, 'itemsOnly', 'noop');
	result.itemsOnly.push(baseline);
	ctx.log(`  ${count} items through No Operation: peak ${mb(baseline)} MB above idle`);
	result.rawNodemailer.push(await rawNodemailerMemory(ctx, 'raw'));
	return result;
}

/**
 * Start-up with and without the package (alternating) in two user folders without workflows, so the
 * difference is only the package; then the big execution in fresh n8n processes of the bench's own
 * folder (its workflows published), the warm-up variant, No Operation and the bare nodemailer script.
 */
export async function startupAndMemoryPhase(
	ctx: BenchContext,
	withPaths: ProfilePaths,
	withoutPaths: ProfilePaths,
	startupWithPaths: ProfilePaths,
): Promise<
	MemoryRuns & {
		withPackage: StartupRun[];
		withoutPackage: StartupRun[];
		idleWithoutPackage: number[];
		idleWithPackage: number[];
	}
> {
	const result = {
		withPackage: [] as StartupRun[],
		withoutPackage: [] as StartupRun[],
		idleWithoutPackage: [] as number[],
		idleWithPackage: [] as number[],
	};
	const start = async (withPackage: boolean): Promise<void> => {
		const n8n = await launchN8n(ctx.install, withPackage ? startupWithPaths : withoutPaths);
		try {
			(withPackage ? result.withPackage : result.withoutPackage).push({
				healthzMs: n8n.healthzMs,
				readyMs: n8n.readyMs,
			});
			await delay(5_000);
			(withPackage ? result.idleWithPackage : result.idleWithoutPackage).push(readRss(n8n.pid).rss);
		} finally {
			await n8n.stop();
		}
		ctx.log(
			`  start-up ${withPackage ? 'with' : 'without'} the package: /healthz ${n8n.healthzMs.toFixed(0)} ms, ready ${n8n.readyMs.toFixed(0)} ms`,
		);
	};
	// Start-up differences are small next to the noise of one start: more rounds, alternating who goes first.
	for (let round = 1; round <= ctx.settings.startupRuns; round++) {
		await start(round % 2 === 0);
		await start(round % 2 === 1);
	}
	return { ...result, ...(await memoryRuns(ctx, withPaths, true)) };
}
