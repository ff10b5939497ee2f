// Turns the bench's raw runs into medians, ratios, target verdicts and the printed table.
import { median, perSecond } from './measure';

import type { CampaignRun, ExamplePlanningRun } from './campaign';
import { SMALL_YOUNG_GENERATION } from './phases';

export interface ThroughputRun {
	/** The timed figure: execution stoppedAt - startedAt (n8n), or the script's own clock (raw nodemailer). */
	ms: number;
	wallMs?: number;
	senderMs?: number;
	executionId?: string;
	received: number;
	loadAvg1m: number;
	/** CPU time (user + system) of the sending process during the run: n8n's main process, or the raw script. */
	cpuMs?: number;
}

export interface ThroughputSeries {
	label: string;
	messages: number;
	runs: ThroughputRun[];
}

export interface StartupRun {
	healthzMs: number;
	readyMs: number;
}

export interface MemoryRun {
	idleRss: number;
	peakRss: number;
	hwm: number;
	executionMs: number;
	received: number;
	/** CPU time of n8n's main process during the execution. */
	cpuMs?: number;
}

export interface BenchRaw {
	email: {
		ours: ThroughputSeries;
		builtIn: ThroughputSeries;
		raw: ThroughputSeries;
		rawNoDelay: ThroughputSeries;
	};
	sms: { ours: ThroughputSeries; oursTuned: ThroughputSeries; builtIn: ThroughputSeries };
	startup: { withPackage: StartupRun[]; withoutPackage: StartupRun[] };
	memory: {
		emails: MemoryRun[];
		emailsAfterWarmUp: MemoryRun[];
		itemsOnly: MemoryRun[];
		/** The same emails from a bare nodemailer script, 5 in flight (peakRss = its peak above idle). */
		rawNodemailer?: MemoryRun[];
		/** The big execution in an n8n started with a small young generation (NODE_OPTIONS). */
		smallYoungGeneration?: MemoryRun[];
		idleWithoutPackage: number[];
		/** Idle RSS 5 s after start in the start-up folder with the package (no workflows). */
		idleWithPackage?: number[];
	};
	/** The campaign scenario: planned SMS sent by the dispatcher once their window opens. */
	campaign?: CampaignRun[];
	/** Planning through the shipped three-time-zone example. */
	example?: ExamplePlanningRun;
}

export interface Target {
	name: string;
	goal: string;
	measured: string;
	met: boolean;
}

const MB = 1024 * 1024;

/** Median CPU time per 1,000 messages, NaN when the runs did not record it. */
export function cpuPerThousand(series: ThroughputSeries): number {
	const values = series.runs.flatMap((run) =>
		run.cpuMs === undefined ? [] : [(run.cpuMs * 1000) / series.messages],
	);
	return values.length ? median(values) : NaN;
}

export function rateOf(series: ThroughputSeries): number {
	return perSecond(series.messages, median(series.runs.map((run) => run.ms)));
}

export function summarize(raw: BenchRaw): {
	rates: Record<string, number>;
	figures: Record<string, number>;
	targets: Target[];
} {
	const rates = {
		emailOurs: rateOf(raw.email.ours),
		emailBuiltIn: rateOf(raw.email.builtIn),
		emailRaw: rateOf(raw.email.raw),
		emailRawNoDelay: rateOf(raw.email.rawNoDelay),
		smsOurs: rateOf(raw.sms.ours),
		smsOursTuned: rateOf(raw.sms.oursTuned),
		smsBuiltIn: rateOf(raw.sms.builtIn),
	};
	const startupWith = median(raw.startup.withPackage.map((run) => run.healthzMs));
	const startupWithout = median(raw.startup.withoutPackage.map((run) => run.healthzMs));
	const readyWith = median(raw.startup.withPackage.map((run) => run.readyMs));
	const readyWithout = median(raw.startup.withoutPackage.map((run) => run.readyMs));
	const memoryAbove = median(raw.memory.emails.map((run) => run.peakRss - run.idleRss));
	const itemsOnlyAbove = median(raw.memory.itemsOnly.map((run) => run.peakRss - run.idleRss));
	const warmAbove = median(raw.memory.emailsAfterWarmUp.map((run) => run.peakRss - run.idleRss));
	const figures = {
		emailVsBuiltIn: rates.emailOurs / rates.emailBuiltIn,
		emailVsRaw: rates.emailOurs / rates.emailRaw,
		emailVsNoDelay: rates.emailOurs / rates.emailRawNoDelay,
		// The ceiling is the faster of the two raw scripts.
		emailVsCeiling: rates.emailOurs / Math.max(rates.emailRaw, rates.emailRawNoDelay),
		smsVsBuiltIn: rates.smsOurs / rates.smsBuiltIn,
		smsTunedVsBuiltIn: rates.smsOursTuned / rates.smsBuiltIn,
		startupWithMs: startupWith,
		startupWithoutMs: startupWithout,
		startupOverheadMs: startupWith - startupWithout,
		readyWithMs: readyWith,
		readyWithoutMs: readyWithout,
		readyOverheadMs: readyWith - readyWithout,
		idleRssMb:
			median(raw.memory.idleWithPackage ?? raw.memory.emails.map((run) => run.idleRss)) / MB,
		idleRssWithoutPackageMb: median(raw.memory.idleWithoutPackage) / MB,
		peakRssMb: median(raw.memory.emails.map((run) => run.peakRss)) / MB,
		memoryAboveIdleMb: memoryAbove / MB,
		itemsOnlyAboveIdleMb: itemsOnlyAbove / MB,
		memoryAfterWarmUpAboveIdleMb: warmAbove / MB,
		rawNodemailerAboveIdleMb:
			median((raw.memory.rawNodemailer ?? []).map((run) => run.peakRss - run.idleRss)) / MB,
		memoryCpuPerThousandMs: memoryCpuPerThousand(raw.memory.emails),
		smallYoungGenerationAboveIdleMb:
			median((raw.memory.smallYoungGeneration ?? []).map((run) => run.peakRss - run.idleRss)) / MB,
		smallYoungGenerationCpuPerThousandMs: memoryCpuPerThousand(
			raw.memory.smallYoungGeneration ?? [],
		),
	};
	const fixed = (value: number, digits = 1): string =>
		Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
	const targets: Target[] = [
		{
			name: 'Email vs built-in Send Email',
			goal: '>= 20x',
			measured: `${fixed(figures.emailVsBuiltIn)}x`,
			met: figures.emailVsBuiltIn >= 20,
		},
		{
			name: 'Email vs raw pooled nodemailer + TCP_NODELAY',
			goal: '>= 80 %',
			measured: `${fixed(figures.emailVsNoDelay * 100, 0)} %`,
			met: figures.emailVsNoDelay >= 0.8,
		},
		{
			name: 'SMS vs built-in Twilio (default Max Concurrent Sends)',
			goal: '>= 9x',
			measured: `${fixed(figures.smsVsBuiltIn)}x`,
			met: figures.smsVsBuiltIn >= 9,
		},
		{
			name: 'SMS vs built-in Twilio (tuned Max Concurrent Sends)',
			goal: '>= 8x',
			measured: `${fixed(figures.smsTunedVsBuiltIn)}x`,
			met: figures.smsTunedVsBuiltIn >= 8,
		},
		{
			name: 'Start-up overhead (/healthz)',
			goal: '< 300 ms',
			measured: `${fixed(figures.startupOverheadMs, 0)} ms`,
			met: figures.startupOverheadMs < 300,
		},
		{
			name: `${(raw.memory.emails[0]?.received ?? 0).toLocaleString('en-US')} emails, peak RSS above idle`,
			goal: '<= 150 MB',
			measured: `${fixed(figures.memoryAboveIdleMb, 0)} MB`,
			met: figures.memoryAboveIdleMb <= 150,
		},
		...campaignTargets(raw.campaign ?? []),
	];
	return { rates, figures, targets };
}

function row(cells: string[]): string {
	return `| ${cells.join(' | ')} |`;
}

/** Median CPU time per 1,000 messages of memory runs that report it. */
function memoryCpuPerThousand(runs: MemoryRun[]): number {
	return median(
		runs.flatMap((run) =>
			run.cpuMs === undefined || run.received === 0 ? [] : [(run.cpuMs * 1000) / run.received],
		),
	);
}

/**
 * The campaign targets, on the largest campaign at a 5 s poll whose provider answered at once
 * (none without such a run): they are about n8n's and the package's own work.
 */
function campaignTargets(runs: CampaignRun[]): Target[] {
	const fast = runs.filter((run) => run.pollSeconds === 5 && !run.latencyMs);
	const largest = fast.sort((a, b) => b.participants - a.participants)[0];
	if (!largest) return [];
	const perSecond = (largest.participants * 1000) / largest.planningMs;
	const size = largest.participants.toLocaleString('en-US');
	return [
		{
			name: `Planning ${size} participants (window closed)`,
			goal: '>= 700/s',
			measured: `${perSecond.toFixed(0)}/s`,
			met: perSecond >= 700,
		},
		{
			name: `Last of ${size} planned SMS sent after the window opens (5 s poll)`,
			goal: '<= 15 s',
			measured: `${(largest.lastSentAfterOpenMs / 1000).toFixed(1)} s`,
			met: largest.lastSentAfterOpenMs <= 15_000,
		},
	];
}

function exampleRow(run: ExamplePlanningRun | undefined): string[] {
	if (!run) return [];
	const size = run.participants.toLocaleString('en-US');
	const measured =
		run.planningMs === null
			? `not within ${run.limitMs / 1000} s`
			: `${(run.planningMs / 1000).toFixed(1)} s (${((run.participants * 1000) / run.planningMs).toFixed(0)}/s)`;
	return [
		'',
		`${size} participants through the shipped three-time-zone example, planned: ${measured}`,
	];
}

function campaignTable(runs: CampaignRun[]): string[] {
	if (runs.length === 0) return [];
	const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
	return [
		'',
		row([
			'Campaign (planned SMS, one window)',
			'Provider latency',
			'Planning',
			'Window open to last SMS',
			'Window open to execution end',
			'CPU per 1,000',
		]),
		row(['---', '---:', '---:', '---:', '---:', '---:']),
		...runs.map((run) =>
			row([
				`${run.participants.toLocaleString('en-US')} participants, dispatcher polling every ${run.pollSeconds} s`,
				`${run.latencyMs ?? 0} ms`,
				`${seconds(run.planningMs)} (${((run.participants * 1000) / run.planningMs).toFixed(0)}/s)`,
				seconds(run.lastSentAfterOpenMs),
				seconds(run.endAfterOpenMs),
				`${((run.cpuMs * 1000) / run.participants).toFixed(0)} ms`,
			]),
		),
	];
}

/** Markdown tables: printed by the bench and pasted into the README's Performance section. */
export function renderTables(
	raw: BenchRaw,
	summary: ReturnType<typeof summarize>,
	smsTunedConcurrency: number,
): string {
	const { rates, figures, targets } = summary;
	const ms = (series: ThroughputSeries): string =>
		`${(median(series.runs.map((run) => run.ms)) / 1000).toFixed(2)} s`;
	const rate = (value: number): string => value.toFixed(1);
	const cpu = (series: ThroughputSeries): string => {
		const value = cpuPerThousand(series);
		return Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a';
	};
	const throughput = (cells: string[], series: ThroughputSeries): string =>
		row([...cells.slice(0, 3), cpu(series), cells[3]]);
	const lines = [
		row(['Scenario', 'Median time', 'Messages/s', 'CPU per 1,000', 'Ratio']),
		row(['---', '---:', '---:', '---:', '---:']),
		throughput(
			[
				`Email x${raw.email.ours.messages}: Email Communication`,
				ms(raw.email.ours),
				rate(rates.emailOurs),
				'1.00',
			],
			raw.email.ours,
		),
		throughput(
			[
				"Email: n8n's Send Email",
				ms(raw.email.builtIn),
				rate(rates.emailBuiltIn),
				`ours ${figures.emailVsBuiltIn.toFixed(1)}x`,
			],
			raw.email.builtIn,
		),
		throughput(
			[
				'Email: raw pooled nodemailer, defaults',
				ms(raw.email.raw),
				rate(rates.emailRaw),
				`ours ${(figures.emailVsRaw * 100).toFixed(0)} %`,
			],
			raw.email.raw,
		),
		throughput(
			[
				'Email: raw pooled nodemailer + TCP_NODELAY',
				ms(raw.email.rawNoDelay),
				rate(rates.emailRawNoDelay),
				`ours ${((rates.emailOurs / rates.emailRawNoDelay) * 100).toFixed(0)} %`,
			],
			raw.email.rawNoDelay,
		),
		throughput(
			[
				`SMS x${raw.sms.ours.messages} (100 ms latency): SMS Communication, default`,
				ms(raw.sms.ours),
				rate(rates.smsOurs),
				`${figures.smsVsBuiltIn.toFixed(1)}x`,
			],
			raw.sms.ours,
		),
		throughput(
			[
				`SMS: SMS Communication, Max Concurrent Sends ${smsTunedConcurrency}`,
				ms(raw.sms.oursTuned),
				rate(rates.smsOursTuned),
				`${figures.smsTunedVsBuiltIn.toFixed(1)}x`,
			],
			raw.sms.oursTuned,
		),
		throughput(
			["SMS: n8n's Twilio node", ms(raw.sms.builtIn), rate(rates.smsBuiltIn), '1.00'],
			raw.sms.builtIn,
		),
		'',
		row(['Start-up and memory', 'Without the package', 'With the package', 'Difference']),
		row(['---', '---:', '---:', '---:']),
		row([
			'n8n start to /healthz (median)',
			`${figures.startupWithoutMs.toFixed(0)} ms`,
			`${figures.startupWithMs.toFixed(0)} ms`,
			`${figures.startupOverheadMs.toFixed(0)} ms`,
		]),
		row([
			'n8n start to ready (readiness + REST)',
			`${figures.readyWithoutMs.toFixed(0)} ms`,
			`${figures.readyWithMs.toFixed(0)} ms`,
			`${figures.readyOverheadMs.toFixed(0)} ms`,
		]),
		row([
			'Idle RSS',
			`${figures.idleRssWithoutPackageMb.toFixed(0)} MB`,
			`${figures.idleRssMb.toFixed(0)} MB`,
			`${(figures.idleRssMb - figures.idleRssWithoutPackageMb).toFixed(0)} MB`,
		]),
		row([
			`Peak RSS above idle, ${raw.memory.emails[0]?.received ?? 0} emails in one execution`,
			'',
			`${figures.memoryAboveIdleMb.toFixed(0)} MB`,
			`CPU ${Number.isFinite(figures.memoryCpuPerThousandMs) ? figures.memoryCpuPerThousandMs.toFixed(0) : 'n/a'} ms per 1,000`,
		]),
		row([
			'Same, when the node already ran once in that process (one run)',
			'',
			`${figures.memoryAfterWarmUpAboveIdleMb.toFixed(0)} MB`,
			'',
		]),
		row([
			`Same, n8n started with NODE_OPTIONS=${SMALL_YOUNG_GENERATION} (one run)`,
			'',
			`${Number.isFinite(figures.smallYoungGenerationAboveIdleMb) ? figures.smallYoungGenerationAboveIdleMb.toFixed(0) : 'n/a'} MB`,
			`CPU ${Number.isFinite(figures.smallYoungGenerationCpuPerThousandMs) ? figures.smallYoungGenerationCpuPerThousandMs.toFixed(0) : 'n/a'} ms per 1,000`,
		]),
		row([
			`Peak RSS above idle, same items through a No Operation node`,
			'',
			`${figures.itemsOnlyAboveIdleMb.toFixed(0)} MB`,
			'',
		]),
		row([
			'Peak RSS above idle, same emails from a bare nodemailer script (same pool, 5 at a time, no n8n)',
			'',
			`${Number.isFinite(figures.rawNodemailerAboveIdleMb) ? figures.rawNodemailerAboveIdleMb.toFixed(0) : 'n/a'} MB`,
			'',
		]),
		...campaignTable(raw.campaign ?? []),
		...exampleRow(raw.example),
		'',
		row(['Target', 'Goal', 'Measured', 'Met']),
		row(['---', '---', '---:', '---']),
		...targets.map((target) =>
			row([target.name, target.goal, target.measured, target.met ? 'yes' : 'NO']),
		),
	];
	return lines.join('\n');
}
