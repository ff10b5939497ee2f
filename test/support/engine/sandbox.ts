// Jest hooks that give a test file one sandbox: started before its tests, reset before each, stopped after.
import { startSandbox, type Sandbox } from '../../../sandbox';

/** Registers the hooks; `onStart` receives the sandbox once it listens. */
export function useSandbox(onStart: (sandbox: Sandbox) => void): void {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox();
		onStart(sandbox);
	});
	afterAll(async () => await sandbox?.stop());
	beforeEach(() => sandbox?.reset());
}
