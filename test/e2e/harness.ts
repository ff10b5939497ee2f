// What e2e tests use: the running n8n (REST, webhooks, CLI runs), the sandbox's state, and runExample() for per-example assertions.
import { N8nApi, type ExecutionDetail, type ExecutionSummary } from '../../scripts/n8n/api';
import { isRecord, type JsonRecord } from '../../scripts/n8n/json';
import { profilePaths } from '../../scripts/n8n/paths';
import { n8nEnvironment, runN8nCli } from '../../scripts/n8n/process';
import type { SandboxState } from '../../sandbox/types';
import { readRunInfo, type E2EExampleInfo, type E2ERunInfo } from './run-info';
import { sandboxDelta, type SandboxDelta } from './sandbox-delta';

export type { SandboxDelta } from './sandbox-delta';

export interface WebhookResponse {
	status: number;
	text: string;
	/** Parsed when the answer is JSON. */
	body: unknown;
}

export interface ExampleRun {
	example: E2EExampleInfo;
	execution: ExecutionDetail;
	/** What reached the sandbox during this run. */
	delta: SandboxDelta;
	/** For webhook-triggered examples. */
	webhook: WebhookResponse | undefined;
}

const SETTLED = new Set(['success', 'error', 'canceled', 'crashed', 'waiting']);
const UNFINISHED = new Set(['new', 'running', 'waiting']);

function delay(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

export class E2E {
	readonly api: N8nApi;

	constructor(readonly run: E2ERunInfo) {
		this.api = new N8nApi(run.n8nUrl, run.cookie);
	}

	get n8nUrl(): string {
		return this.run.n8nUrl;
	}

	get sandboxUrl(): string {
		return this.run.sandboxUrl;
	}

	get cookie(): string {
		return this.run.cookie;
	}

	get examples(): E2EExampleInfo[] {
		return this.run.examples;
	}

	example(slug: string): E2EExampleInfo {
		const found = this.run.examples.find((example) => example.slug === slug);
		if (!found)
			throw new Error(
				`No example '${slug}' (examples: ${this.run.examples.map((example) => example.slug).join(', ') || 'none'})`,
			);
		return found;
	}

	async sandboxState(): Promise<SandboxState> {
		const response = await fetch(`${this.sandboxUrl}/_sandbox/state`);
		if (!response.ok) throw new Error(`sandbox state answered ${response.status}`);
		return (await response.json()) as SandboxState;
	}

	async resetSandbox(): Promise<void> {
		const response = await fetch(`${this.sandboxUrl}/_sandbox/reset`, { method: 'POST' });
		if (!response.ok) throw new Error(`sandbox reset answered ${response.status}`);
	}

	/** Same body as POST /_sandbox/faults, e.g. { smtp: { tempFail: ['a@b.c'] } } or { clear: true }. */
	async setSandboxFaults(faults: JsonRecord): Promise<void> {
		const response = await fetch(`${this.sandboxUrl}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(faults),
		});
		if (!response.ok)
			throw new Error(`sandbox faults answered ${response.status}: ${await response.text()}`);
	}

	/** Calls a production webhook: `path` as after /webhook/ (or a full URL). */
	async callWebhook(
		path: string,
		body?: unknown,
		method = 'POST',
		init: { query?: Record<string, string>; headers?: Record<string, string> } = {},
	): Promise<WebhookResponse> {
		const url = new URL(
			path.startsWith('http') ? path : `${this.n8nUrl}/webhook/${path.replace(/^\/+/, '')}`,
		);
		for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
		const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
		const response = await fetch(url, {
			method,
			headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
			body: hasBody ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Not JSON: keep the text.
		}
		return { status: response.status, text, body: parsed };
	}

	listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		return this.api.listExecutions(workflowId);
	}

	getExecution(id: string): Promise<ExecutionDetail> {
		return this.api.getExecution(id);
	}

	/** Waits for an execution of the workflow that is not in `known` to settle (success, error, waiting...). */
	async waitForExecution(
		workflowId: string,
		known: ReadonlySet<string>,
		timeoutMs = 120_000,
	): Promise<ExecutionDetail> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const fresh = (await this.listExecutions(workflowId)).filter(
				(execution) => !known.has(execution.id),
			);
			const settled = fresh.find((execution) => SETTLED.has(execution.status));
			if (settled) return this.getExecution(settled.id);
			await delay(250);
		}
		throw new Error(
			`No finished execution of workflow ${workflowId} within ${timeoutMs / 1000}s; n8n log: ${this.run.logFile}`,
		);
	}

	/**
	 * Runs a workflow the way a person without the editor would: `n8n execute --id` (a separate n8n process
	 * on the same folder, as the issue asks; verified to work while the server runs), or the editor's REST
	 * run endpoint with `via: 'rest'` (faster, mode "manual").
	 */
	async executeWorkflow(
		workflowId: string,
		options: { via?: 'cli' | 'rest'; triggerNode?: string } = {},
	): Promise<ExecutionDetail> {
		const known = new Set((await this.listExecutions(workflowId)).map((execution) => execution.id));
		if (options.via === 'rest') {
			const trigger =
				options.triggerNode ??
				this.run.examples.find((example) => example.id === workflowId)?.manualTrigger;
			if (!trigger)
				throw new Error(
					`Workflow ${workflowId}: name the trigger node to start from (triggerNode)`,
				);
			const executionId = await this.api.runManually(workflowId, trigger);
			return this.waitForSettled(executionId);
		}
		let cliFailure: unknown;
		try {
			await runN8nCli(this.cliTarget(), ['execute', `--id=${workflowId}`]);
		} catch (error) {
			// A failed workflow makes the CLI exit non-zero; the saved execution says why.
			cliFailure = error;
		}
		try {
			return await this.waitForExecution(workflowId, known, 15_000);
		} catch (error) {
			throw cliFailure ?? error;
		}
	}

	/**
	 * Triggers an example (its production webhook; manual ones with `n8n execute`; others once from their
	 * trigger) and returns the execution and what reached the sandbox meanwhile.
	 */
	async runExample(
		slug: string,
		request: E2EExampleInfo['request'] = undefined,
	): Promise<ExampleRun> {
		const example = this.example(slug);
		const before = await this.sandboxState();
		let webhook: WebhookResponse | undefined;
		let execution: ExecutionDetail;
		if (example.kind === 'webhook') {
			const known = new Set((await this.listExecutions(example.id)).map((item) => item.id));
			const call = request ?? example.request ?? {};
			const method = call.method?.toUpperCase() ?? example.webhooks[0].method;
			webhook = await this.callWebhook(
				example.webhookUrls[0],
				call.body ?? (method === 'GET' ? undefined : {}),
				method,
				call,
			);
			execution = await this.waitForExecution(example.id, known);
		} else if (example.kind === 'manual') {
			execution = await this.executeWorkflow(example.id);
		} else {
			// Schedule/polling-style triggers: one manual run from the trigger, as the editor's "Execute workflow" does.
			execution = await this.executeWorkflow(example.id, {
				via: 'rest',
				triggerNode: example.startNode,
			});
		}
		return {
			example,
			execution,
			delta: sandboxDelta(before, await this.settledSandboxState()),
			webhook,
		};
	}

	/** The sandbox parses mail after it accepted it: wait until its state stops changing. */
	private async settledSandboxState(): Promise<SandboxState> {
		let state = await this.sandboxState();
		for (let attempt = 0; attempt < 20; attempt++) {
			await delay(150);
			const next = await this.sandboxState();
			if (next.version === state.version) return next;
			state = next;
		}
		return state;
	}

	private async waitForSettled(executionId: string, timeoutMs = 120_000): Promise<ExecutionDetail> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const execution = await this.getExecution(executionId);
			if (SETTLED.has(execution.status)) return execution;
			await delay(250);
		}
		throw new Error(`Execution ${executionId} did not finish within ${timeoutMs / 1000}s`);
	}

	/**
	 * Waits until an execution has finished: past `waiting` (a resume makes it `running` for a moment before it
	 * ends), so a poll never mistakes the step between the two for the end.
	 */
	async waitForFinished(executionId: string, timeoutMs: number): Promise<ExecutionDetail> {
		const deadline = Date.now() + timeoutMs;
		let execution = await this.getExecution(executionId);
		while (UNFINISHED.has(execution.status) && Date.now() < deadline) {
			await delay(1000);
			execution = await this.getExecution(executionId);
		}
		return execution;
	}

	private cliTarget(): Parameters<typeof runN8nCli>[0] {
		const paths = profilePaths('e2e');
		const install = { ...this.run.install, installedNow: false };
		return {
			install,
			paths,
			ports: this.run.ports,
			env: n8nEnvironment(install, paths, this.run.ports),
		};
	}
}

let instance: E2E | undefined;

/** The e2e context of this run (started once by the global setup). */
export function getE2E(): E2E {
	instance ??= new E2E(readRunInfo());
	return instance;
}

/** The JSON of the items a node emitted on `output` in its last run. */
export function nodeOutput(execution: ExecutionDetail, nodeName: string, output = 0): JsonRecord[] {
	const runs = execution.runData[nodeName];
	if (!Array.isArray(runs) || runs.length === 0) return [];
	const last: unknown = runs[runs.length - 1];
	const data = isRecord(last) && isRecord(last.data) ? last.data : {};
	const main = Array.isArray(data.main) ? data.main : [];
	const items: unknown = main[output];
	return Array.isArray(items)
		? items.filter(isRecord).map((item) => (isRecord(item.json) ? item.json : {}))
		: [];
}
