// The ceiling: a plain script that sends N emails through one pooled nodemailer transport (run as its own process).
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { mapBounded } from '../nodes/shared/pipeline/send-pacing';
import { BODY, FROM_EMAIL, SUBJECT } from './workflows';

export interface RawSendJob {
	host: string;
	port: number;
	user: string;
	pass: string;
	poolSize: number;
	/** TCP_NODELAY on the pooled sockets, as our SMTP transport does (nodemailer's default leaves Nagle on). */
	noDelay: boolean;
	recipients: string[];
	/**
	 * Messages in flight at once, as the node sends (Max Concurrent Sends); unset: every message
	 * queued at once (the fastest way nodemailer sends). With it, the script also reports its peak RSS.
	 */
	concurrency?: number;
}

export interface RawSendResult {
	ms: number;
	/** CPU time (user + system) of the script's process while sending. */
	cpuMs: number;
	sent: number;
	failed: number;
	/** With `concurrency`: peak RSS while sending (sampled every 50 ms) minus RSS after a warm-up message. */
	peakRssAboveIdle?: number;
}

/** Same transport settings as our node's pool (security none = ignoreTLS), every message queued at once. */
async function sendAll(job: RawSendJob): Promise<RawSendResult> {
	const transport = createTransport({
		...(job.noDelay
			? {
					getSocket: (
						_options: unknown,
						callback: (error: Error | null, socket: { connection: Socket }) => void,
					) =>
						callback(null, {
							connection: connect({ host: job.host, port: job.port, noDelay: true }),
						}),
				}
			: {}),
		pool: true,
		host: job.host,
		port: job.port,
		secure: false,
		ignoreTLS: true,
		maxConnections: job.poolSize,
		maxMessages: Infinity,
		auth: job.user ? { user: job.user, pass: job.pass } : undefined,
	});
	const sendOne = async (to: string) =>
		await transport.sendMail({ from: FROM_EMAIL, to, subject: SUBJECT, text: BODY });
	let sampler: NodeJS.Timeout | undefined;
	let idle = 0;
	let peak = 0;
	if (job.concurrency) {
		// Idle = after the pool's first connection and one message, as n8n's idle is after its start.
		await sendOne(FROM_EMAIL);
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 1000));
		idle = process.memoryUsage().rss;
		peak = idle;
		sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	}
	const started = performance.now();
	const cpu = process.cpuUsage();
	const results = job.concurrency
		? await mapBounded(job.recipients, job.concurrency, async (to) => {
				try {
					return { status: 'fulfilled' as const, value: await sendOne(to) };
				} catch (reason) {
					return { status: 'rejected' as const, reason };
				}
			})
		: await Promise.allSettled(job.recipients.map(sendOne));
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	clearInterval(sampler);
	transport.close();
	const sent = results.filter((result) => result.status === 'fulfilled').length;
	return {
		ms,
		cpuMs: (used.user + used.system) / 1000,
		sent,
		failed: results.length - sent,
		...(job.concurrency ? { peakRssAboveIdle: peak - idle } : {}),
	};
}

/** Runs this file in a child Node process (the same Node 24 as n8n) and returns its measurement. */
export function runRawNodemailer(nodeBinary: string, job: RawSendJob): Promise<RawSendResult> {
	const tsxCli = join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
	return new Promise((resolvePromise, reject) => {
		const child = spawn(nodeBinary, [tsxCli, __filename], { stdio: ['pipe', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`raw nodemailer script exited with ${code}: ${out}`));
			resolvePromise(JSON.parse(out.trim().split('\n').pop() ?? '{}') as RawSendResult);
		});
		child.stdin.end(JSON.stringify(job));
	});
}

if (require.main === module) {
	let input = '';
	process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString()));
	process.stdin.on('end', () => {
		sendAll(JSON.parse(input) as RawSendJob)
			.then((result) => console.log(JSON.stringify(result)))
			.catch((error: unknown) => {
				console.error(error instanceof Error ? error.message : error);
				process.exitCode = 1;
			});
	});
}
