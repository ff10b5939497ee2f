// Runs N emails (or SMS) through n8n's engine in this process against the sandbox, for CPU and heap
// profiles of the package's own code: `node --cpu-prof --import tsx bench/engine-profile.ts`.
// PROFILE_CHANNEL=email|sms, PROFILE_ITEMS=N, PROFILE_SMS_LATENCY_MS.
// PROFILE_RESUME=1: plan every item for the next full minute, then time (and CPU-profile, to the temp
// folder) the dispatcher round that resumes the execution and sends them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { sampleAllocationsHere } from './allocations';

const folder = mkdtempSync(join(tmpdir(), 'comm-actions-profile-'));
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const resuming = process.env.PROFILE_RESUME === '1';
const planning = resuming || process.env.PROFILE_PLANNED === '1';

/** When the planned window opens: in two hours, or (PROFILE_RESUME) the first full minute after planning. */
function openingFor(items: number): Date {
	if (!resuming) return new Date(Date.now() + 2 * 3600_000);
	const earliest = Date.now() + items * 3 + 5_000;
	return new Date(Math.ceil(earliest / 60_000) * 60_000);
}

/** PROFILE_PLANNED=1 or PROFILE_RESUME=1: a closed window, so every item is planned instead of sent. */
function plannedWindow(at: Date): Record<string, unknown> {
	if (!planning) return {};
	const hhmm = (d: Date) =>
		`${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
	return {
		schedule: { from: hhmm(at), to: hhmm(new Date(at.getTime() + 3600_000)), timeZone: 'UTC' },
	};
}

/** A CPU profile of this process from now until the returned function is called. */
async function profileCpuHere(): Promise<(file: string) => Promise<void>> {
	const session = new Session();
	session.connect();
	const post = async (method: string, params = {}): Promise<unknown> =>
		await new Promise((resolvePromise, reject) =>
			session.post(method, params, (error, result) =>
				error ? reject(error) : resolvePromise(result),
			),
		);
	await post('Profiler.enable');
	await post('Profiler.start');
	return async (file) => {
		const { profile } = (await post('Profiler.stop')) as { profile: unknown };
		session.disconnect();
		writeFileSync(file, JSON.stringify(profile));
	};
}

async function main(): Promise<void> {
	const { startSandbox } = await import('../sandbox');
	const { EngineHarness } = await import('../test/support/engine/harness');
	const { TestItems } = await import('../test/support/engine/test-nodes');
	const { PKG, chain, node } = await import('../test/support/engine/workflow');
	const { EmailCommunication } =
		await import('../nodes/EmailCommunication/EmailCommunication.node.js');
	const { SmsCommunication } = await import('../nodes/SmsCommunication/SmsCommunication.node.js');
	const { closeAllLedgers, getLedger } = await import('../nodes/shared/ledger');
	const { dispatchDue } = await import('../nodes/shared/schedule/dispatch');
	const { benchCredentials, emailItems, smsItems, benchWorkflows } = await import('./workflows');

	const channel = process.env.PROFILE_CHANNEL === 'sms' ? 'sms' : 'email';
	const count = Number(process.env.PROFILE_ITEMS ?? 2000);
	const sandbox = await startSandbox();
	const { credentials } = sandbox;
	if (channel === 'sms')
		sandbox.faults.set('twilio', { latencyMs: Number(process.env.PROFILE_SMS_LATENCY_MS ?? 0) });
	const harness = new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication(), new SmsCommunication()], test: [new TestItems()] },
		// The same credential data as the bench's n8n instance.
		credentials: Object.fromEntries(
			benchCredentials(sandbox)
				.filter((credential) => credential.id === 'bench-smtp' || credential.id === 'bench-twilio')
				.map((credential) => [credential.type, credential.data as ICredentialDataDecryptedObject]),
		),
	});
	const sender = benchWorkflows(10)[channel === 'sms' ? 'smsOurs' : 'emailOurs'].payload
		.nodes[2] as unknown as {
		name: string;
		type: string;
		parameters: unknown;
		credentials: unknown;
	};
	if (resuming) await harness.startWaitingServer();
	const run = async (n: number, tag: string): Promise<number> => {
		const opening = openingFor(n);
		const items =
			channel === 'sms' ? smsItems(n, tag, credentials.twilio.fromNumber) : emailItems(n, tag);
		const wf = chain(
			node('Source', 'test.testItems', { items: JSON.stringify(items) }),
			node(
				sender.name,
				sender.type,
				{ ...(sender.parameters as object), ...plannedWindow(opening) } as never,
				{
					credentials: sender.credentials as never,
				},
			),
		);
		sandbox.reset();
		if (channel === 'sms')
			sandbox.faults.set('twilio', { latencyMs: Number(process.env.PROFILE_SMS_LATENCY_MS ?? 0) });
		global.gc?.();
		const idle = process.memoryUsage().rss;
		let peak = idle;
		let snapshotTaken = false;
		const snapshotAt = Number(process.env.PROFILE_SNAPSHOT_AT ?? 0);
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
			if (snapshotAt <= 0 || snapshotTaken || tag === 'warm') return;
			const received =
				channel === 'sms' ? sandbox.state().sms.length : sandbox.state().mails.length;
			if (received >= snapshotAt) {
				snapshotTaken = true;
				console.log(`heap snapshot: ${writeHeapSnapshot()}`);
			}
		}, 50);
		const sampleAllocations = process.env.PROFILE_ALLOCATIONS === '1' && tag !== 'warm';
		// PROFILE_ALLOCATIONS=1 (run node with --expose-gc): what the run allocates, by allocation site.
		const profiler = sampleAllocations ? await sampleAllocationsHere() : undefined;
		const started = performance.now();
		const cpu = process.cpuUsage();
		const result = await harness.run({ ...wf, id: `wf-${tag}` });
		if (profiler)
			console.log(await profiler.stop(n, join(tmpdir(), `allocations-${process.pid}.heapprofile`)));
		const ms = performance.now() - started;
		const used = process.cpuUsage(cpu);
		clearInterval(sampler);
		console.log(
			`${tag}: peak RSS ${((peak - idle) / 1024 ** 2).toFixed(0)} MB above the start of the run`,
		);
		if (result.status !== (planning ? 'waiting' : 'success'))
			throw new Error(`run ${tag}: ${result.status} ${JSON.stringify(result.error).slice(0, 600)}`);
		if (resuming) await resume(n, tag, opening, result.executionId);
		const received = channel === 'sms' ? sandbox.state().sms.length : sandbox.state().mails.length;
		console.log(
			`${tag}: ${n} ${channel} in ${ms.toFixed(0)} ms (${((n * 1000) / ms).toFixed(0)}/s), ` +
				`CPU ${(((used.user + used.system) / 1000 / n) * 1000).toFixed(0)} ms per 1,000, received ${received}`,
		);
		return ms;
	};
	/** Waits for the window, then runs one dispatcher round: it resumes the execution, which sends. */
	const resume = async (n: number, tag: string, opening: Date, executionId: string) => {
		await new Promise((wait) => setTimeout(wait, Math.max(0, opening.getTime() - Date.now())));
		const stopProfile = tag === 'warm' ? undefined : await profileCpuHere();
		const started = performance.now();
		const cpu = process.cpuUsage();
		await dispatchDue(await getLedger(), new Date(), { workerId: 'profile' });
		const ms = performance.now() - started;
		const used = process.cpuUsage(cpu);
		const file = join(tmpdir(), `resume-${process.pid}.cpuprofile`);
		await stopProfile?.(file);
		const status = harness.resultFor(executionId).status;
		const received = channel === 'sms' ? sandbox.state().sms.length : sandbox.state().mails.length;
		console.log(
			`${tag} resume: ${received} of ${n} ${channel} sent in ${ms.toFixed(0)} ms ` +
				`(${((n * 1000) / ms).toFixed(0)}/s), CPU ${(((used.user + used.system) / 1000 / n) * 1000).toFixed(0)} ms ` +
				`per 1,000, execution ${status}${stopProfile ? `, profile ${file}` : ''}`,
		);
	};
	try {
		await run(100, 'warm');
		await run(count, 'measured');
	} finally {
		await harness.close();
		await sandbox.stop();
		await closeAllLedgers();
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
