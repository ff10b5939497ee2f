// Brings up the whole local stack for a profile: build, pinned n8n, package install, sandbox, n8n, provisioning; and takes it down.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { loadExamples } from './examples';
import { ensureN8nInstalled, type N8nInstallation } from './install';
import { isRecord } from './json';
import { buildPackage, installPackageInto, packPackage } from './package-install';
import { profilePaths, type Profile, type ProfilePaths } from './paths';
import { isPortFree } from './ports';
import { lockFolder } from './folder-lock';
import { startN8n, type RunningN8n } from './process';
import { LOCAL_OWNER, provisionInstance, type ProvisionResult } from './provision';
import { sandboxCredentials } from './sandbox-credentials';

export interface StackPorts {
	n8n: number;
	broker: number;
	sandboxHttp: number;
	smtp: number;
	smtps: number;
}

export interface StackOptions {
	profile: Profile;
	/** Starts from an empty n8n database (the installed package is kept). */
	freshData?: boolean;
	/** Used when free; the demo passes its last ports so URLs survive a restart. */
	preferredPorts?: Partial<StackPorts>;
	/** How long to wait for another run using the same profile folder (0: fail at once). */
	lockWaitMs?: number;
	log?: (line: string) => void;
}

export interface Stack {
	paths: ProfilePaths;
	install: N8nInstallation;
	sandbox: Sandbox;
	n8n: RunningN8n;
	provision: ProvisionResult;
	ports: StackPorts;
	/** Milliseconds per step. */
	timings: Record<string, number>;
	packageReinstalled: boolean;
	stop(): Promise<void>;
}

/** Empties n8n's data but keeps `nodes/`, so a fresh e2e run does not reinstall the package. */
export function wipeData(paths: ProfilePaths): void {
	if (existsSync(paths.n8nFolder)) {
		for (const entry of readdirSync(paths.n8nFolder)) {
			if (entry !== 'nodes') rmSync(join(paths.n8nFolder, entry), { recursive: true, force: true });
		}
	}
	rmSync(paths.provisionStateFile, { force: true });
}

export function readSavedPorts(paths: ProfilePaths): Partial<StackPorts> {
	try {
		const parsed: unknown = JSON.parse(readFileSync(paths.portsFile, 'utf8'));
		return isRecord(parsed) ? (parsed as Partial<StackPorts>) : {};
	} catch {
		return {};
	}
}

export async function startSandboxOn(preferred: Partial<StackPorts>): Promise<Sandbox> {
	const pick = async (port: number | undefined): Promise<number> =>
		port && (await isPortFree(port)) ? port : 0;
	const options = {
		httpPort: await pick(preferred.sandboxHttp),
		smtpPort: await pick(preferred.smtp),
		smtpsPort: await pick(preferred.smtps),
	};
	try {
		return await startSandbox(options);
	} catch {
		// Taken between the check and the bind: any free ports will do.
		return startSandbox({});
	}
}

export type StepTimer = <T>(name: string, run: () => Promise<T>) => Promise<T>;

/** Builds and packs the package, makes sure the pinned n8n is installed, and installs the package into the profile. */
export async function preparePackage(
	paths: ProfilePaths,
	step: StepTimer,
	log: (line: string) => void,
): Promise<{ install: N8nInstallation; packageReinstalled: boolean }> {
	log('Building the package...');
	await step('build', buildPackage);
	const install = await step('n8nInstall', () => ensureN8nInstalled(log));
	const packed = await step('pack', packPackage);
	try {
		const result = await step('packageInstall', () => installPackageInto(paths, packed));
		log(
			result.installed
				? `Installed ${packed.tarball.split('/').pop()} into ${paths.nodesDir}`
				: 'Package unchanged since the last install',
		);
		return { install, packageReinstalled: result.installed };
	} finally {
		packed.dispose();
	}
}

/** Runs named steps and records how long each took (milliseconds) in `timings`. */
export function stepTimer(timings: Record<string, number>): StepTimer {
	return async (name, run) => {
		const started = Date.now();
		try {
			return await run();
		} finally {
			timings[name] = Date.now() - started;
		}
	};
}

export async function startStack(options: StackOptions): Promise<Stack> {
	const log = options.log ?? ((line: string): void => console.log(line));
	const paths = profilePaths(options.profile);
	const preferred = options.preferredPorts ?? {};
	const timings: Record<string, number> = {};
	const step = stepTimer(timings);

	const lock = await lockFolder(paths.userFolder, `another ${paths.profile} run`, {
		waitMs: options.lockWaitMs ?? 0,
		log,
	});
	let sandbox: Sandbox | undefined;
	let n8n: RunningN8n | undefined;
	try {
		const { install, packageReinstalled } = await preparePackage(paths, step, log);
		if (options.freshData) wipeData(paths);

		const runningSandbox = await step('sandboxStart', () => startSandboxOn(preferred));
		sandbox = runningSandbox;
		log('Starting n8n...');
		n8n = await step('n8nStart', () =>
			startN8n(install, paths, { port: preferred.n8n, brokerPort: preferred.broker }),
		);
		const running = n8n;
		const provision = await step('provision', () =>
			provisionInstance(running, {
				owner: LOCAL_OWNER,
				credentials: sandboxCredentials(runningSandbox),
				examples: loadExamples(),
			}),
		);
		const ports: StackPorts = {
			n8n: running.ports.port,
			broker: running.ports.brokerPort,
			sandboxHttp: Number(new URL(runningSandbox.httpUrl).port),
			smtp: runningSandbox.smtp.port,
			smtps: runningSandbox.smtp.tlsPort,
		};
		writeFileSync(paths.portsFile, `${JSON.stringify(ports, null, '\t')}\n`);
		let stopping: Promise<void> | undefined;
		return {
			paths,
			install,
			sandbox: runningSandbox,
			n8n: running,
			provision,
			ports,
			timings,
			packageReinstalled,
			stop: () =>
				(stopping ??= Promise.all([running.stop(), runningSandbox.stop()]).then(() =>
					lock.release(),
				)),
		};
	} catch (error) {
		await Promise.all([n8n?.stop(), sandbox?.stop()]);
		lock.release();
		throw error;
	}
}
