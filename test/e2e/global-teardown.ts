// Jest global teardown for e2e: stops the n8n and sandbox the global setup started.
import type { E2EGlobals } from './global-setup';

export default async function globalTeardown(): Promise<void> {
	const globals = globalThis as E2EGlobals;
	const stack = globals.__COMM_ACTIONS_E2E_STACK__;
	if (!stack) return;
	const started = Date.now();
	await stack.stop();
	delete globals.__COMM_ACTIONS_E2E_STACK__;
	console.log(
		`[e2e] n8n and the sandbox stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`,
	);
}
