// Runs npm and Node 24 child commands with captured output and an environment free of the parent's `npm run` state.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { dirname, delimiter } from 'node:path';

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Appends stdout and stderr here as they arrive (long installs). */
	logFile?: string;
	timeoutMs?: number;
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

// `npm run` exports its own state (npm_package_*, npm_config_local_prefix...); a nested npm in
// another folder must not inherit it, or it installs into the wrong project.
const KEPT_NPM_KEYS = new Set([
	'npm_config_registry',
	'npm_config_cache',
	'npm_config_userconfig',
	'npm_config_globalconfig',
]);

/** The parent environment without npm-run state, with the given Node binary first on PATH. */
export function childEnv(nodeBinary: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.toLowerCase().startsWith('npm_') && !KEPT_NPM_KEYS.has(key.toLowerCase())) continue;
		if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	env.PATH = [dirname(nodeBinary), process.env.PATH ?? ''].join(delimiter);
	return { ...env, ...extra };
}

/** Commands in flight; when this process exits (a stop during an install), they end with it. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	running.add(child);
	child.once('close', () => running.delete(child));
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const command of running) command.kill('SIGTERM');
	});
}

function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a command to completion; rejects with the output's tail when it fails. */
export function runCommand(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		track(child);
		let stdout = '';
		let stderr = '';
		// Both streams in arrival order, for the failure message (tsc reports on stdout, npm on stderr).
		let combined = '';
		const timer = options.timeoutMs
			? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
			: undefined;
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			combined += chunk.toString();
			if (options.logFile) appendFileSync(options.logFile, chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			combined += chunk.toString();
			if (options.logFile) appendFileSync(options.logFile, chunk);
		});
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			const result = { code: code ?? -1, stdout, stderr };
			if (code === 0) {
				resolvePromise(result);
				return;
			}
			const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
			reject(
				new Error(
					`\`${command} ${args.join(' ')}\` ${how} (in ${options.cwd}):\n${tail(combined.replace(/^npm warn Unknown (user|env) config.*\n/gm, ''))}`,
				),
			);
		});
	});
}
