// Starts the pinned n8n on Node 24 for one profile (offline-safe settings, free ports, log file), waits until it serves, stops it.
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { N8nInstallation } from './install';
import type { ProfilePaths } from './paths';
import { freePort, LOOPBACK } from './ports';
import { childEnv, runCommand, type RunResult } from './run-command';
import { startSupervised } from './supervised';

export interface N8nPorts {
	port: number;
	brokerPort: number;
}

/** Which n8n command a process runs: the main process (`start`), or in queue mode a webhook process or a worker. */
export interface N8nRole {
	/** 'n8n' for the main process; also names the log (`<name>.log`, main: paths.logFile) and pid files. */
	name: string;
	/** The n8n command and its flags, e.g. ['worker', '--concurrency=1']. */
	args: string[];
	/** Added to (and overriding) n8nEnvironment(). */
	env?: NodeJS.ProcessEnv;
	/** URLs that must answer 2xx once the process is usable; default: the main process's readiness and REST settings. */
	readyUrls?: (url: string) => string[];
}

export const MAIN_ROLE: N8nRole = { name: 'n8n', args: ['start'] };

export interface RunningN8n {
	/** Which process this is (absent: a main process started outside launch(), e.g. by the bench). */
	role?: N8nRole;
	/** Where the process serves HTTP (a worker: its health server). */
	url: string;
	logFile?: string;
	ports: N8nPorts;
	pid: number;
	paths: ProfilePaths;
	install: N8nInstallation;
	/** The environment the server runs with; CLI commands against the same folder reuse it. */
	env: NodeJS.ProcessEnv;
	/** Resolves with the exit code (null after a signal) when the process ends. */
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;
/** n8n's own graceful shutdown is set to 10 s (N8N_GRACEFUL_SHUTDOWN_TIMEOUT). */
const STOP_GRACE_MS = 15_000;

/** Everything n8n 2.41 needs to run offline on loopback with its own folder. */
export function n8nEnvironment(
	install: N8nInstallation,
	paths: ProfilePaths,
	ports: N8nPorts,
): NodeJS.ProcessEnv {
	const url = `http://${LOOPBACK}:${ports.port}/`;
	return childEnv(install.nodeBinary, {
		N8N_USER_FOLDER: paths.userFolder,
		N8N_ENCRYPTION_KEY: paths.encryptionKey,
		N8N_PORT: String(ports.port),
		N8N_LISTEN_ADDRESS: LOOPBACK,
		N8N_HOST: LOOPBACK,
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		// 2.41 reads N8N_WEBHOOK_URL; WEBHOOK_URL still works there but is reported as deprecated.
		N8N_WEBHOOK_URL: url,
		N8N_SECURE_COOKIE: 'false',
		// Task runners (Code node) run in internal mode: n8n spawns the JS runner and connects it to this broker.
		N8N_RUNNERS_BROKER_PORT: String(ports.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: LOOPBACK,
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		// Nothing phones home: no telemetry, version checks, banners, templates or registry lookups.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// The verified-packages list and the MCP registry are fetched from api.n8n.io.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Community packages load from <folder>/.n8n/nodes; we install ours there, never from the registry at start.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		NODE_ENV: 'production',
	});
}

function logTail(file: string, lines = 40): string {
	if (!existsSync(file)) return '(no log)';
	return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function delay(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/** /healthz answers before migrations finish; readiness and the REST settings mean the API is usable. */
const mainReadyUrls = (url: string): string[] => [
	`${url}/healthz/readiness`,
	`${url}/rest/settings`,
];

async function allAnswer(urls: string[]): Promise<boolean> {
	for (const url of urls) {
		if (!(await fetch(url)).ok) return false;
	}
	return true;
}

async function waitUntilReady(
	readyUrls: string[],
	exited: Promise<number | null>,
	logFile: string,
): Promise<void> {
	let exitCode: number | null | undefined;
	void exited.then((code) => {
		exitCode = code;
	});
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (exitCode !== undefined)
			throw new Error(
				`n8n exited (${exitCode}) before it was ready. Log ${logFile}:\n${logTail(logFile)}`,
			);
		try {
			if (await allAnswer(readyUrls)) return;
		} catch {
			// Not listening yet.
		}
		await delay(250);
	}
	throw new Error(
		`n8n was not ready after ${READY_TIMEOUT_MS / 1000}s. Log ${logFile}:\n${logTail(logFile)}`,
	);
}

function pidFile(paths: ProfilePaths, role: N8nRole): string {
	return join(paths.userFolder, `${role.name}.pid`);
}

function logFileOf(paths: ProfilePaths, role: N8nRole): string {
	return role === MAIN_ROLE ? paths.logFile : join(paths.userFolder, `${role.name}.log`);
}

/**
 * An n8n left running on this folder by a run that was killed hard (its parent gone, it kept going) would
 * share the database with the new one: stop it first. Only the pid we recorded, and only if it is still n8n.
 */
async function stopLeftover(
	paths: ProfilePaths,
	install: N8nInstallation,
	role: N8nRole = MAIN_ROLE,
): Promise<void> {
	let pid: number;
	try {
		pid = Number(readFileSync(pidFile(paths, role), 'utf8').trim());
		const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		if (!cmdline.includes(install.n8nBin) || !cmdline.includes(role.args[0])) return;
	} catch {
		return;
	}
	const gone = (): boolean => !existsSync(`/proc/${pid}`);
	process.kill(pid, 'SIGTERM');
	for (let waited = 0; waited < STOP_GRACE_MS + 5_000 && !gone(); waited += 250) await delay(250);
	if (!gone()) process.kill(pid, 'SIGKILL');
}

/**
 * n8n runs behind a lifeline (see supervised.ts): stopping it, or this process ending in any way, also
 * ends n8n's task runner, which shares its process group.
 */
async function launch(
	install: N8nInstallation,
	paths: ProfilePaths,
	ports: N8nPorts,
	role: N8nRole = MAIN_ROLE,
): Promise<RunningN8n> {
	const env = { ...n8nEnvironment(install, paths, ports), ...role.env };
	const logFile = logFileOf(paths, role);
	mkdirSync(paths.userFolder, { recursive: true });
	const logFd = openSync(logFile, 'w');
	writeSync(
		logFd,
		`# n8n ${role.args.join(' ')} ${install.n8nVersion} on Node ${install.nodeVersion}, port ${ports.port}, broker ${ports.brokerPort}, ${new Date().toISOString()}\n`,
	);
	const supervised = startSupervised({
		nodeBinary: install.nodeBinary,
		command: install.nodeBinary,
		args: [install.n8nBin, ...role.args],
		cwd: paths.userFolder,
		env,
		outputFd: logFd,
		graceMs: STOP_GRACE_MS,
	});
	closeSync(logFd);
	if (supervised.lifelinePid) writeFileSync(pidFile(paths, role), String(supervised.lifelinePid));
	const exited = supervised.exited.then((code) => {
		rmSync(pidFile(paths, role), { force: true });
		return code;
	});
	const pid = await supervised.pid.catch(() => 0);
	return {
		role,
		logFile,
		url: `http://${LOOPBACK}:${ports.port}`,
		ports,
		pid,
		paths,
		install,
		env,
		exited,
		stop: async () => {
			await supervised.stop();
			await exited;
		},
	};
}

/** Starts n8n; when a chosen port was taken in the meantime, retries on fresh ones. */
export async function startN8n(
	install: N8nInstallation,
	paths: ProfilePaths,
	preferred: Partial<N8nPorts> = {},
): Promise<RunningN8n> {
	await stopLeftover(paths, install);
	let lastError: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort(attempt === 0 ? preferred.port : undefined);
		const brokerPort = await freePort(attempt === 0 ? preferred.brokerPort : undefined, [port]);
		const n8n = await launch(install, paths, { port, brokerPort });
		try {
			await waitUntilReady(mainReadyUrls(n8n.url), n8n.exited, paths.logFile);
			return n8n;
		} catch (error) {
			await n8n.stop();
			lastError = error;
			if (!/already in use|EADDRINUSE/.test(logTail(paths.logFile, 200))) break;
		}
	}
	throw lastError;
}

/**
 * Starts one process of a queue-mode n8n (main, webhook or worker) on ports chosen by the caller
 * and waits until it is ready; a process left over from a killed run on the same role is stopped first.
 */
export async function startN8nRole(
	install: N8nInstallation,
	paths: ProfilePaths,
	ports: N8nPorts,
	role: N8nRole,
): Promise<RunningN8n> {
	await stopLeftover(paths, install, role);
	const n8n = await launch(install, paths, ports, role);
	try {
		const urls = role.readyUrls ? role.readyUrls(n8n.url) : mainReadyUrls(n8n.url);
		await waitUntilReady(urls, n8n.exited, logFileOf(paths, role));
		return n8n;
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

/**
 * Runs an n8n CLI command (import:credentials, execute...) against a running instance's folder.
 * Commands that execute workflows start their own task broker, so they get a broker port of their own.
 */
export async function runN8nCli(
	n8n: Pick<RunningN8n, 'env' | 'install' | 'paths' | 'ports'>,
	args: string[],
): Promise<RunResult> {
	const brokerPort = await freePort(undefined, [n8n.ports.port, n8n.ports.brokerPort]);
	return runCommand(n8n.install.nodeBinary, [n8n.install.n8nBin, ...args], {
		cwd: n8n.paths.userFolder,
		env: { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		timeoutMs: 300_000,
	});
}
