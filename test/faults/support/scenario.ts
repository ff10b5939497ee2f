// Runs one fault scenario through n8n's real engine against the sandbox and checks the invariants every
// scenario shares: peer count = reported sent, no duplicates, a clear error on every failed item, a bound.
import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import type { Sandbox, SandboxState } from '../../../sandbox';
import { EngineHarness, type RunResult } from '../../support/engine/harness';
import { TestItems } from '../../support/engine/test-nodes';
import { chain, node, PKG } from '../../support/engine/workflow';
import type { ChannelSpec } from './channels';

export interface Scenario {
	channel: ChannelSpec;
	sandbox: Sandbox;
	items: number;
	/** Node options (retryCount, maxConcurrentSends, requestTimeout...). */
	options?: INodeParameters;
	parameters?: INode['parameters'];
	/** Node settings: onError, retryOnFail... Default: failed items continue in the main output. */
	settings?: Partial<INode>;
	/** Arms the sandbox's fault knobs before the run. */
	arm?: (sandbox: Sandbox) => void;
	/** Runs next to the execution (e.g. kills the peer once some messages arrived). */
	during?: (sandbox: Sandbox) => Promise<void>;
	/** Overrides credentials per type (e.g. a port where nothing listens). */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The scenario must end within this many milliseconds (an explicit deadline, not a jest timeout). */
	boundMs: number;
	/** What every failed item's error must say. */
	failure?: RegExp;
	/** How the execution must end; default success (failed items continue). */
	status?: 'success' | 'error';
}

export interface ScenarioOutcome {
	result: RunResult;
	items: INodeExecutionData[];
	reportedSent: string[];
	failedErrors: string[];
	received: string[];
	ms: number;
}

/** Rejects when `work` has not settled within `boundMs`; the bound is the scenario's "nothing hangs" promise. */
export async function withinBound<T>(boundMs: number, label: string, work: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(
			() => reject(new Error(`${label} did not finish within its bound of ${boundMs} ms`)),
			boundMs,
		);
	});
	try {
		return await Promise.race([work, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** Waits (bounded) until the peer has no request or SMTP connection in flight, so its records are final. */
export async function settledState(
	sandbox: Sandbox,
	peer: ChannelSpec['peer'],
): Promise<SandboxState> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const state = sandbox.state();
		if (state.stats[peer].inFlight === 0) return state;
		await delay(20);
	}
	return sandbox.state();
}

/** Polls until the peer accepted at least `count` messages for the channel (bounded by the caller's deadline). */
export async function untilReceived(
	sandbox: Sandbox,
	channel: ChannelSpec,
	count: number,
): Promise<void> {
	while (channel.received(sandbox.state()).length < count) await delay(5);
}

function scenarioWorkflow(scenario: Scenario): ReturnType<typeof chain> & { id: string } {
	const { channel } = scenario;
	const items = Array.from({ length: scenario.items }, (_v, i) => channel.item(i));
	const credentials = Object.fromEntries(
		Object.keys(channel.credentials(scenario.sandbox)).map((type) => [
			type,
			{ id: `fault-${type}`, name: type },
		]),
	);
	const parameters = {
		...channel.parameters,
		...scenario.parameters,
		options: { ...scenario.options },
	};
	const tested = node('Node', `${PKG}.${channel.type}`, parameters, {
		credentials,
		onError: 'continueRegularOutput',
		...scenario.settings,
	});
	return {
		...chain(node('Source', 'test.testItems', { items: JSON.stringify(items) }), tested),
		id: `wf-fault-${randomUUID()}`,
	};
}

export async function runScenario(scenario: Scenario): Promise<ScenarioOutcome> {
	const { channel, sandbox } = scenario;
	const base = channel.credentials(sandbox);
	const credentials = Object.fromEntries(
		Object.entries(base).map(([type, data]) => [
			type,
			{ ...data, ...scenario.credentials?.[type] },
		]),
	);
	const harness = new EngineHarness({
		nodes: { [PKG]: [channel.node()], test: [new TestItems()] },
		credentials,
	});
	scenario.arm?.(sandbox);
	const started = performance.now();
	const run = harness.run(scenarioWorkflow(scenario));
	const [result] = await withinBound(
		scenario.boundMs,
		channel.label,
		Promise.all([run, scenario.during?.(sandbox)]),
	);
	const ms = performance.now() - started;
	const state = await settledState(sandbox, channel.peer);
	const items =
		result.status === 'success'
			? [
					...result.output('Node', 0),
					...(scenario.settings?.onError === 'continueErrorOutput' ? result.output('Node', 1) : []),
				]
			: [];
	const failedErrors = items
		.filter((item) => item.json.error !== undefined)
		.map((item) => String(item.json.error));
	return {
		result,
		items,
		reportedSent: items.flatMap(channel.reportedSent),
		failedErrors,
		received: channel.received(state),
		ms,
	};
}

const sorted = (values: string[]): string[] => [...values].sort();

/** The invariants of every scenario; `secrets` must not appear in any error. */
export function expectInvariants(
	scenario: Scenario,
	outcome: ScenarioOutcome,
	secrets: string[] = [],
): void {
	const { result, items, reportedSent, failedErrors, received } = outcome;
	// The execution ended as expected: every item accounted for, or a node error that names the problem.
	expect(result.status).toBe(scenario.status ?? 'success');
	if (result.status === 'success') expect(items).toHaveLength(scenario.items);
	else if (scenario.failure)
		expect(String(result.nodeError('Node')?.message)).toMatch(scenario.failure);
	// What the peer accepted is exactly what the node reports as sent, and nobody got a message twice.
	expect(sorted(received)).toEqual(sorted(reportedSent));
	expect(new Set(received).size).toBe(received.length);
	// Every failed item says what went wrong.
	for (const error of failedErrors) {
		expect(error.trim().length).toBeGreaterThan(10);
		if (scenario.failure) expect(error).toMatch(scenario.failure);
		for (const secret of secrets) expect(error).not.toContain(secret);
	}
	const failedResults = items.filter(
		(item) => (item.json.communication as { status?: string } | undefined)?.status === 'failed',
	);
	expect(failedResults.length).toBe(failedErrors.length);
}

/** Secrets of the sandbox credentials that must never show in an error. */
export function sandboxSecrets(sandbox: Sandbox): string[] {
	const { twilio, slack, telegram, whatsapp } = sandbox.credentials;
	return [
		twilio.authToken,
		twilio.apiKeySecret,
		slack.token,
		telegram.token,
		whatsapp.token,
		sandbox.smtp.pass ?? '',
	].filter((secret) => secret.length > 0);
}
