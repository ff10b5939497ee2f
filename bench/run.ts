// `npm run bench`: builds and installs the package into the pinned n8n, measures it against n8n's built-in nodes, prints the table, writes bench/results.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../sandbox';
import { ensureN8nInstalled } from '../scripts/n8n/install';
import { buildPackage, installPackageInto, packPackage } from '../scripts/n8n/package-install';
import { REPO_ROOT } from '../scripts/n8n/paths';
import { LOCAL_OWNER, provisionInstance } from '../scripts/n8n/provision';
import { benchPaths, launchN8n, wipeData } from './n8n-instance';
import {
	campaignPhase,
	examplePlanning,
	type CampaignRun,
	type ExamplePlanningRun,
} from './campaign';
import { queueBench } from './queue';
import { memoryRuns, startupAndMemoryPhase, throughputPhase, type BenchSettings } from './phases';
import { renderTables, summarize, type BenchRaw, type ThroughputSeries } from './report';
import { startTwilioProxy } from './twilio-proxy';
import { benchCredentials, benchWorkflows } from './workflows';

function envNumber(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A comma-separated list of positive numbers; an empty value is an empty list. */
function envList(name: string, fallback: string): number[] {
	return (process.env[name] ?? fallback)
		.split(',')
		.map(Number)
		.filter((n) => Number.isFinite(n) && n > 0);
}

const settings: BenchSettings = {
	runs: envNumber('BENCH_RUNS', 3),
	emails: envNumber('BENCH_EMAILS', 1000),
	sms: envNumber('BENCH_SMS', 1000),
	smsLatencyMs: envNumber('BENCH_SMS_LATENCY_MS', 100),
	smsTunedConcurrency: envNumber('BENCH_SMS_CONCURRENCY', 50),
	memoryEmails: envNumber('BENCH_MEMORY_EMAILS', 10_000),
	startupRuns: envNumber('BENCH_STARTUP_RUNS', 7),
	scenarios: new Set(
		(process.env.BENCH_SCENARIOS ?? 'email,sms,campaign,example')
			.split(',')
			.map((name) => name.trim()),
	),
	exampleParticipants: envNumber('BENCH_EXAMPLE_PARTICIPANTS', 10_000),
	campaignSizes: envList('BENCH_CAMPAIGN_SIZES', '1000,10000'),
	/** The campaign runs' provider latency: 0, so they measure n8n's and the package's own work. */
	campaignLatencyMs: envNumber('BENCH_CAMPAIGN_LATENCY_MS', 0),
	/** Campaign runs at a 5 s poll with the SMS rows' provider latency. */
	campaignLatentSizes: envList('BENCH_CAMPAIGN_LATENT_SIZES', '10000'),
	/** The Communication Dispatcher's default poll interval (its node's default), then the 5 s of the target. */
	campaignPolls: envList('BENCH_CAMPAIGN_POLLS', '30,5'),
};
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(REPO_ROOT, 'bench', 'results.json');
/** For investigating one part: BENCH_PHASES=throughput, startup, memory (only the memory runs) or queue (default: throughput,startup,queue). */
const PHASES = new Set(
	(process.env.BENCH_PHASES ?? 'throughput,startup,queue').split(',').map((phase) => phase.trim()),
);

function log(line: string): void {
	console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function main(): Promise<void> {
	const started = Date.now();
	const loadAtStart = loadavg();
	log(
		`Settings: ${JSON.stringify({ ...settings, scenarios: [...settings.scenarios] })}; ${cpus().length} CPUs, load ${loadAtStart.map((v) => v.toFixed(2)).join(' ')}`,
	);
	const withPaths = benchPaths('bench-with-package');
	const withoutPaths = benchPaths('bench-without-package');
	// Start-up is compared between two folders that differ only in the package: no workflows in either.
	const startupWithPaths = benchPaths('bench-startup-with-package');

	log('Building the package and installing it into a bench n8n user folder...');
	await buildPackage();
	const install = await ensureN8nInstalled(log);
	const packed = await packPackage();
	try {
		await installPackageInto(withPaths, packed);
		await installPackageInto(startupWithPaths, packed);
	} finally {
		packed.dispose();
	}
	wipeData(withPaths);
	wipeData(withoutPaths);
	wipeData(startupWithPaths);
	mkdirSync(withoutPaths.userFolder, { recursive: true });

	const sandbox = await startSandbox();
	const proxy = await startTwilioProxy(sandbox.urls.twilio);
	const caFile = join(withPaths.userFolder, 'twilio-intercept-ca.pem');
	writeFileSync(caFile, proxy.caPem);
	const workflows = benchWorkflows(settings.smsTunedConcurrency);
	const ctx = { install, sandbox, workflows, settings, log };
	try {
		// n8n's documented outbound proxy support is how the built-in Twilio node (fixed to api.twilio.com) reaches the sandbox.
		log('Throughput: starting n8n (first start migrates the database)...');
		const n8n = await launchN8n(install, withPaths, {
			HTTPS_PROXY: proxy.url,
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: caFile,
		});
		let throughput: Awaited<ReturnType<typeof throughputPhase>> | undefined;
		let campaign: CampaignRun[] = [];
		let example: ExamplePlanningRun | undefined;
		try {
			const provision = await provisionInstance(n8n, {
				owner: LOCAL_OWNER,
				credentials: benchCredentials(sandbox),
				examples: Object.values(workflows),
			});
			const failed = provision.examples.filter((example) => example.error || !example.active);
			if (failed.length > 0)
				throw new Error(
					`Bench workflows not published: ${failed.map((example) => `${example.example.slug}: ${example.error}`).join('; ')}`,
				);
			proxy.resetStats();
			const running = { url: n8n.url, api: provision.api, pid: n8n.pid };
			if (PHASES.has('throughput')) throughput = await throughputPhase(ctx, running);
			if (PHASES.has('throughput') && settings.scenarios.has('campaign'))
				campaign = await campaignPhase(ctx, running, {
					sizes: settings.campaignSizes,
					polls: settings.campaignPolls,
					latencyMs: settings.campaignLatencyMs,
					extraSizes: settings.campaignLatentSizes,
					extraLatencyMs: settings.smsLatencyMs,
				});
			if (PHASES.has('throughput') && settings.scenarios.has('example'))
				example = await examplePlanning(ctx, running, settings.exampleParticipants, 300_000);
		} finally {
			await n8n.stop();
		}

		let startupMemory: Awaited<ReturnType<typeof startupAndMemoryPhase>> | undefined;
		if (PHASES.has('memory') && !PHASES.has('startup')) {
			log('Memory only: the big execution in fresh n8n processes...');
			startupMemory = {
				withPackage: [],
				withoutPackage: [],
				idleWithoutPackage: [],
				idleWithPackage: [],
				...(await memoryRuns(ctx, withPaths, false)),
			};
		}
		if (PHASES.has('startup')) {
			log(
				'Start-up and memory: first start without the package migrates its database (not timed)...',
			);
			await (await launchN8n(install, withoutPaths)).stop();
			await (await launchN8n(install, startupWithPaths)).stop();
			startupMemory = await startupAndMemoryPhase(ctx, withPaths, withoutPaths, startupWithPaths);
		}
		const none = (label: string): ThroughputSeries => ({ label, messages: 0, runs: [] });

		const raw: BenchRaw = {
			email: throughput?.email ?? {
				ours: none('ours'),
				builtIn: none('built-in'),
				raw: none('raw'),
				rawNoDelay: none('raw + TCP_NODELAY'),
			},
			sms: throughput?.sms ?? {
				ours: none('ours'),
				oursTuned: none('ours tuned'),
				builtIn: none('built-in'),
			},
			startup: {
				withPackage: startupMemory?.withPackage ?? [],
				withoutPackage: startupMemory?.withoutPackage ?? [],
			},
			memory: {
				emails: startupMemory?.emails ?? [],
				emailsAfterWarmUp: startupMemory?.emailsAfterWarmUp ?? [],
				itemsOnly: startupMemory?.itemsOnly ?? [],
				rawNodemailer: startupMemory?.rawNodemailer ?? [],
				smallYoungGeneration: startupMemory?.smallYoungGeneration ?? [],
				idleWithoutPackage: startupMemory?.idleWithoutPackage ?? [],
				idleWithPackage: startupMemory?.idleWithPackage ?? [],
			},
			campaign,
			example,
		};
		const summary = summarize(raw);
		const table = renderTables(raw, summary, settings.smsTunedConcurrency);
		const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
			version: string;
			dependencies: Record<string, string>;
		};
		const overhead = [...proxy.stats.overheadMs].sort((a, b) => a - b);
		const results = {
			generatedAt: new Date().toISOString(),
			durationSeconds: Math.round((Date.now() - started) / 1000),
			machine: {
				cpus: cpus().length,
				cpuModel: cpus()[0]?.model ?? '',
				totalMemoryGb: +(totalmem() / 1024 ** 3).toFixed(1),
				loadAvgAtStart: loadAtStart,
				loadAvgAtEnd: loadavg(),
			},
			versions: {
				node: install.nodeVersion,
				n8n: install.n8nVersion,
				package: pkg.version,
				nodemailer: pkg.dependencies.nodemailer,
				twilio: pkg.dependencies.twilio,
			},
			method: {
				timing:
					'n8n workflows: execution stoppedAt - startedAt from the REST API (webhook wall clock kept as wallMs); raw nodemailer: the script clock from first sendMail to last reply',
				trigger: 'production webhook (responseMode lastNode) -> Split Out of body.items -> sender',
				smtpSecurity:
					'none for all three: our credential security "none" (nodemailer ignoreTLS), built-in smtp credential SSL off + Disable STARTTLS, raw script ignoreTLS; AUTH PLAIN with the sandbox user',
				smtpPool:
					'our credential pool size 5, Max Concurrent Sends default 5; raw script pool maxConnections 5',
				builtInTwilio:
					'unchanged n8n Twilio node through n8n HTTPS_PROXY support: a local TLS-terminating proxy for api.twilio.com (trusted via NODE_EXTRA_CA_CERTS) forwards to the sandbox Twilio peer',
				smsLatencyMs: settings.smsLatencyMs,
				memory:
					'VmRSS of the n8n main process sampled every 50 ms during one execution, minus VmRSS after start + 5 s idle; a fresh n8n process per run',
			},
			settings,
			twilioProxy: {
				tunnels: proxy.stats.tunnels,
				requests: proxy.stats.requests,
				refused: proxy.stats.refused,
				medianAddedMsPerRequest: overhead.length ? overhead[Math.floor(overhead.length / 2)] : null,
			},
			summary,
			table,
			raw,
		};
		writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, '\t')}\n`);
		console.log(`\n${table}\n`);
		log(`Wrote ${RESULTS_FILE} in ${results.durationSeconds} s`);
	} finally {
		await proxy.close();
		await sandbox.stop();
	}
}

/** The single-process phases, then n8n in queue mode (bench/queue.ts), which reads their email figure. */
async function allPhases(): Promise<void> {
	if (PHASES.has('throughput') || PHASES.has('startup') || PHASES.has('memory')) await main();
	if (PHASES.has('queue')) await queueBench();
}

allPhases().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	// fetch's own error says only "fetch failed"; what failed is its cause.
	if (error instanceof Error && error.cause !== undefined) console.error('cause:', error.cause);
	process.exitCode = 1;
});
