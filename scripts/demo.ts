// `npm run demo`: this package inside a real n8n next to the sandbox; prints editor, login, inbox and webhook URLs; Ctrl-C stops everything.
import { relative } from 'node:path';
import { profilePaths, REPO_ROOT } from './n8n/paths';
import { LOCAL_OWNER, type ProvisionedExample } from './n8n/provision';
import { connectSandboxToEvents } from './n8n/events-hookup';
import { readSavedPorts, startStack, type Stack } from './n8n/stack';
import { onStopRequest } from './n8n/stop-request';

/** First-run choices (n8n's and the sandbox CLI's usual ports); taken ones fall back to free ports. */
const DEFAULT_PORTS = { n8n: 5678, broker: 5679, sandboxHttp: 8025, smtp: 2525, smtps: 2465 };

function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One line per example; with `--curl`, also each production webhook as a curl command. */
function describeExample(stack: Stack, provisioned: ProvisionedExample, curls: boolean): string[] {
	const { example } = provisioned;
	const lines = [`  ${example.name.padEnd(34)} ${stack.n8n.url}/workflow/${example.id}`];
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
		describeExample(stack, provisioned, curls),
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

async function main(): Promise<void> {
	const started = Date.now();
	let stack: Stack | undefined;
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
	const paths = profilePaths('demo');
	const running = await startStack({
		profile: 'demo',
		preferredPorts: { ...DEFAULT_PORTS, ...readSavedPorts(paths) },
	});
	stack = running;
	const events = connectSandboxToEvents(
		running.sandbox,
		running.n8n.url,
		running.provision.examples,
	);
	if (events)
		console.log(`Sandbox replies (inbox Reply buttons) go to the events workflow: ${events}`);
	const curls = process.argv.includes('--curl');
	console.log(summary(running, ((Date.now() - started) / 1000).toFixed(1), curls));

	void running.n8n.exited.then(async (code) => {
		if (stopping) return;
		stopping = true;
		console.error(`n8n stopped unexpectedly (exit ${code}); see ${running.n8n.paths.logFile}`);
		await running.sandbox.stop();
		process.exit(1);
	});
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
