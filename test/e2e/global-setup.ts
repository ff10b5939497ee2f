// Jest global setup for e2e: builds and installs the package, starts the sandbox and n8n once for the whole run.
import { LOCAL_OWNER } from '../../scripts/n8n/provision';
import { startStack, type Stack } from '../../scripts/n8n/stack';
import { runInfoFromStack, writeRunInfo } from './run-info';

/** Jest shares globalThis between globalSetup and globalTeardown (not with test files). */
export interface E2EGlobals {
	__COMM_ACTIONS_E2E_STACK__?: Stack;
}

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const stack = await startStack({
		profile: 'e2e',
		freshData: true,
		lockWaitMs: 20 * 60_000,
		log: (line) => console.log(`[e2e] ${line}`),
	});
	(globalThis as E2EGlobals).__COMM_ACTIONS_E2E_STACK__ = stack;
	writeRunInfo(
		runInfoFromStack(stack, { email: LOCAL_OWNER.email, password: LOCAL_OWNER.password }),
	);
	const steps = Object.entries(stack.timings)
		.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)}s`)
		.join(', ');
	console.log(
		`[e2e] n8n ${stack.n8n.url}, sandbox ${stack.sandbox.httpUrl}; ready in ${((Date.now() - started) / 1000).toFixed(1)}s (${steps})`,
	);
}
