// Redis and a private PostgreSQL for a queue-mode n8n: free loopback ports, behind the lifeline (they end with this process), ready checks.
import {
	chownSync,
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { Client } from 'pg';

import { findPostgresBinDir, unprivilegedUser } from '../../test/support/postgres';
import { freePort, LOOPBACK } from './ports';
import { runCommand } from './run-command';
import { startSupervised, type Supervised } from './supervised';

export interface Service {
	port: number;
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

export interface N8nDatabase extends Service {
	host: string;
	database: string;
	user: string;
	password: string;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 8_000;

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

const SETUP_HINT = 'run scripts/setup-queue.sh (installs redis-server and PostgreSQL)';

function binary(name: string): string {
	for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin']) {
		if (existsSync(join(dir, name))) return join(dir, name);
	}
	throw new Error(`${name} not found; ${SETUP_HINT}`);
}

/** Runs `command` as the unprivileged postgres account when we are root (PostgreSQL refuses root). */
function asServiceUser(command: string, args: string[]): { command: string; args: string[] } {
	const runAs = unprivilegedUser();
	if (!runAs) return { command, args };
	return {
		command: binary('setpriv'),
		args: [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', command, ...args],
	};
}

function supervise(
	nodeBinary: string,
	run: { command: string; args: string[] },
	logFile: string,
	cwd: string,
): Supervised {
	const logFd = openSync(logFile, 'w');
	try {
		return startSupervised({
			nodeBinary,
			command: run.command,
			args: run.args,
			cwd,
			env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' },
			outputFd: logFd,
			graceMs: STOP_GRACE_MS,
		});
	} finally {
		closeSync(logFd);
	}
}

async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	exited: Promise<number | null>,
	logFile: string,
): Promise<void> {
	let exitCode: number | null | undefined;
	void exited.then((code) => (exitCode = code));
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (exitCode !== undefined) throw new Error(`${what} exited (${exitCode}); see ${logFile}`);
		if (await check().catch(() => false)) return;
		await delay(200);
	}
	throw new Error(`${what} was not ready after ${READY_TIMEOUT_MS / 1000}s; see ${logFile}`);
}

function redisPing(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = connect(port, LOOPBACK);
		socket.setTimeout(1_000, () => socket.destroy());
		socket.once('error', () => resolvePromise(false));
		socket.once('close', () => resolvePromise(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (chunk) => {
			resolvePromise(chunk.toString().startsWith('+PONG'));
			socket.destroy();
		});
	});
}

/** Debian's redis-server on a free loopback port, in memory only (no snapshots, no append-only file). */
export async function startRedis(nodeBinary: string, folder: string): Promise<Service> {
	const port = await freePort();
	const logFile = join(folder, 'redis.log');
	const redis = supervise(
		nodeBinary,
		{
			command: binary('redis-server'),
			args: [
				'--port',
				String(port),
				'--bind',
				LOOPBACK,
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
			],
		},
		logFile,
		folder,
	);
	try {
		await waitFor('redis-server', () => redisPing(port), redis.exited, logFile);
	} catch (error) {
		await redis.stop();
		throw error;
	}
	return { port, exited: redis.exited, stop: redis.stop };
}

/**
 * A PostgreSQL cluster for n8n's database in `<folder>/postgres` (created once; `fresh` starts it
 * over), run as the unprivileged postgres account, with database `n8n` for user postgres.
 */
export async function startN8nDatabase(
	nodeBinary: string,
	folder: string,
	options: { password: string; fresh?: boolean },
): Promise<N8nDatabase> {
	const binDir = findPostgresBinDir();
	if (!binDir) throw new Error(`PostgreSQL server binaries not found; ${SETUP_HINT}`);
	const runAs = unprivilegedUser();
	const dataDir = join(folder, 'postgres');
	if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
	if (!existsSync(join(dataDir, 'PG_VERSION'))) {
		rmSync(dataDir, { recursive: true, force: true });
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		const passwordFile = join(folder, '.postgres-password');
		writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
		if (runAs) {
			chownSync(dataDir, runAs.uid, runAs.gid);
			chownSync(passwordFile, runAs.uid, runAs.gid);
		}
		const initdb = asServiceUser(join(binDir, 'initdb'), [
			...['-D', dataDir, '-U', 'postgres', '--pwfile', passwordFile],
			...['--auth', 'scram-sha-256', '-E', 'UTF8', '--locale', 'C', '--no-sync'],
		]);
		try {
			await runCommand(initdb.command, initdb.args, { cwd: folder, timeoutMs: 120_000 });
		} finally {
			rmSync(passwordFile, { force: true });
		}
	}
	const port = await freePort();
	const logFile = join(folder, 'postgres.log');
	const server = supervise(
		nodeBinary,
		asServiceUser(join(binDir, 'postgres'), [
			...['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${LOOPBACK}`],
			...['-c', `unix_socket_directories=${dataDir}`, '-c', 'max_connections=200'],
			// A local stack: a crash may lose the last commits, never corrupt the cluster.
			...['-c', 'synchronous_commit=off'],
		]),
		logFile,
		folder,
	);
	const login = { host: LOOPBACK, port, user: 'postgres', password: options.password };
	try {
		await waitFor(
			'postgres',
			async () => {
				const client = new Client({ ...login, database: 'postgres' });
				try {
					await client.connect();
					const found = await client.query("SELECT 1 FROM pg_database WHERE datname = 'n8n'");
					if (found.rowCount === 0) await client.query('CREATE DATABASE n8n');
					return true;
				} finally {
					await client.end().catch(() => undefined);
				}
			},
			server.exited,
			logFile,
		);
	} catch (error) {
		await server.stop();
		throw error;
	}
	return { ...login, database: 'n8n', exited: server.exited, stop: server.stop };
}
