// `npm run demo`: this package inside a real n8n next to the sandbox; prints editor, login, inbox and webhook URLs; Ctrl-C stops everything.
import { relative } from 'node:path';
import { profilePaths, REPO_ROOT } from './n8n/paths';
import type { RunningN8n } from './n8n/process';
import { LOCAL_OWNER, type ProvisionedExample } from './n8n/provision';
import { connectSandboxToEvents } from './n8n/events-hookup';
import { logOf, startQueueStack, type QueueStack } from './n8n/queue-stack';
import { readSavedPorts, startStack, type Stack } from './n8n/stack';
import { onStopRequest } from './n8n/stop-request';

/** First-run choices (n8n's and the sandbox CLI's usual ports); taken ones fall back to free ports. */
const DEFAULT_PORTS = { n8n: 5678, broker: 5679, sandboxHttp: 8025, smtp: 2525, smtps: 2465 };

function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One line per example; with `--curl`, also each production webhook as a curl command. */
function describeExample(
	editorUrl: string,
	provisioned: ProvisionedExample,
	curls: boolean,
): string[] {
	const { example } = provisioned;
	const lines = [`  ${example.name.padEnd(34)} ${editorUrl}/workflow/${example.id}`];
	if (provisioned.error) lines.push(`      ! ${provisioned.error}`);
	else if (example.activate && !provisioned.active) lines.push('      ! not published');
	if (!curls) return lines;
	for (const [index, webhook] of example.webhooks.entries()) {
		const url = provisioned.webhookUrls[index];
		const method = example.request?.method?.toUpperCase() ?? webhook.method;
		const body = example.request?.body;
		const data =
			body === undefined
				? ''
				: ` -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(body))}`;
		lines.push(`      curl -X ${method} ${url}${data}`);
	}
	return lines;
}

function summary(stack: Stack, seconds: string, curls: boolean): string {
	const { provision, sandbox, n8n } = stack;
	const examples = provision.examples.flatMap((provisioned) =>
		describeExample(n8n.url, provisioned, curls),
	);
	return [
		'',
		`Demo ready in ${seconds}s (n8n ${n8n.install.n8nVersion}).`,
		'',
		`  editor  ${n8n.url}   login ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}`,
		`  inbox   ${sandbox.httpUrl}/   (every email, SMS and message the sandbox received)`,
		'',
		'Examples: open one and click "Execute workflow"; it runs on sample data pinned to its trigger.',
		...(examples.length > 0 ? examples : ['  (none yet: add workflows as examples/*.json)']),
		'',
		curls
			? `n8n log: ${relative(REPO_ROOT, n8n.paths.logFile)}. Data: ${relative(REPO_ROOT, n8n.paths.userFolder)}/ (delete it to start over).`
			: 'Production webhook curls: npm run demo -- --curl.',
		'Ctrl-C stops n8n and the sandbox.',
	].join('\n');
}

function queueSummary(stack: QueueStack, seconds: string, curls: boolean): string {
	const { provision, sandbox, main, webhook, workers, redis, database } = stack;
	const examples = provision.examples.flatMap((provisioned) =>
		describeExample(main.url, provisioned, curls),
	);
	const log = (n8n: RunningN8n): string => relative(REPO_ROOT, logOf(n8n));
	return [
		'',
		`Queue-mode demo ready in ${seconds}s (n8n ${main.install.n8nVersion}).`,
		'',
		`  editor   ${main.url}   login ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}   (main: ${log(main)})`,
		`  webhooks ${webhook.url}   (n8n webhook: production webhooks, resume URLs, task pages; ${log(webhook)})`,
		...workers.map((worker) => `  ${worker.role?.name ?? 'worker'} ${log(worker)}`),
		`  redis    ${redis.port}   postgres ${database.host}:${database.port}/${database.database} (n8n's database and the ledger, schema communication_actions)`,
		`  inbox    ${sandbox.httpUrl}/`,
		'',
		'Examples:',
		...examples,
		'',
		'Data starts empty at each queue-mode start. Ctrl-C stops every process.',
	].join('\n');
}

/** Starts the chosen stack; returns how to stop it and the n8n processes whose end is unexpected. */
async function start(
	queue: boolean,
	curls: boolean,
	started: number,
): Promise<{ stop(): Promise<void>; processes: RunningN8n[]; sandboxStop(): Promise<void> }> {
	const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
	if (queue) {
		const stack = await startQueueStack({ profile: 'demo-queue', freshData: true });
		console.log(queueSummary(stack, seconds(), curls));
		return {
			stop: stack.stop,
			processes: [stack.main, stack.webhook, ...stack.workers],
			sandboxStop: stack.stop,
		};
	}
	const paths = profilePaths('demo');
	const stack = await startStack({
		profile: 'demo',
		preferredPorts: { ...DEFAULT_PORTS, ...readSavedPorts(paths) },
	});
	const events = connectSandboxToEvents(stack.sandbox, stack.n8n.url, stack.provision.examples);
	console.log(summary(stack, seconds(), curls));
	if (events)
		console.log(`Sandbox replies (inbox Reply buttons) go to the events workflow: ${events}`);
	return { stop: stack.stop, processes: [stack.n8n], sandboxStop: stack.sandbox.stop };
}

async function main(): Promise<void> {
	const started = Date.now();
	let stack: { stop(): Promise<void> } | undefined;
	let stopping = false;
	// Registered first: a stop request during the first start (the n8n install) must end it too.
	onStopRequest((reason) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${reason}: stopping n8n and the sandbox...`);
		if (!stack) {
			// Still starting: exiting ends n8n (its lifeline) and the commands in flight (run-command.ts).
			process.exit(130);
		}
		stack.stop().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	});
	const running = await start(
		process.argv.includes('--queue'),
		process.argv.includes('--curl'),
		started,
	);
	stack = running;
	for (const n8n of running.processes) {
		void n8n.exited.then(async (code) => {
			if (stopping) return;
			stopping = true;
			console.error(`n8n stopped unexpectedly (exit ${code}); see ${logOf(n8n)}`);
			await running.sandboxStop();
			process.exit(1);
		});
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
