// Starts a throwaway PostgreSQL server for tests: temp cluster owned by an unprivileged user,
// loopback port, random password (SCRAM), no fsync; stop() kills it and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chownSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	realpathSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import { Client } from 'pg';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { LedgerConfig } from '../../nodes/shared/ledger';

export type PostgresLedgerConfig = LedgerConfig & { backend: 'postgres' };

export interface TestPostgres {
	config: PostgresLedgerConfig;
	stop(): Promise<void>;
}

/** The Communication Ledger credential data for the test server, in `schema`, without TLS. */
export function postgresLedgerCredential(
	config: PostgresLedgerConfig,
	schema: string,
): ICredentialDataDecryptedObject {
	return {
		backend: 'postgres',
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		schema,
		ssl: 'disable',
	};
}

const SERVER_BINARIES = ['initdb', 'postgres'];
const READY_TIMEOUT_MS = 30_000;

/** The folder holding initdb and postgres: PATH first, then Debian's versioned folders. */
export function findPostgresBinDir(): string | null {
	const hasServer = (dir: string) => SERVER_BINARIES.every((name) => existsSync(join(dir, name)));
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (dir && hasServer(dir)) return dirname(realpathSync(join(dir, 'initdb')));
	}
	const debianRoot = '/usr/lib/postgresql';
	if (existsSync(debianRoot)) {
		const versions = readdirSync(debianRoot)
			.filter((name) => /^\d+(\.\d+)?$/.test(name))
			.sort((a, b) => Number(b) - Number(a));
		for (const version of versions) {
			const dir = join(debianRoot, version, 'bin');
			if (hasServer(dir)) return dir;
		}
	}
	return null;
}

export interface RunAs {
	uid: number;
	gid: number;
}

/** initdb and postgres refuse to run as root: borrow the postgres (else nobody) account. */
export function unprivilegedUser(): RunAs | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const users = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'));
	for (const name of ['postgres', 'nobody']) {
		const entry = users.find((fields) => fields[0] === name);
		if (entry && Number(entry[2]) !== 0) return { uid: Number(entry[2]), gid: Number(entry[3]) };
	}
	throw new Error(
		'Running as root and no unprivileged "postgres" or "nobody" user exists to run PostgreSQL; ' +
			'run scripts/ensure-postgres.sh',
	);
}

function run(binary: string, args: string[], runAs: RunAs | undefined, cwd: string): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(binary, args, {
			cwd,
			env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' },
			...runAs,
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0
				? resolvePromise()
				: reject(new Error(`${binary} exited with ${code}:\n${output.slice(-4000)}`)),
		);
	});
}

function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolvePromise) => {
		if (child.exitCode !== null || child.signalCode !== null) resolvePromise();
		else child.once('exit', () => resolvePromise());
	});
}

async function waitUntilReady(
	child: ChildProcess,
	config: PostgresLedgerConfig,
	log: () => string,
): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`postgres exited with ${child.exitCode}:\n${log().slice(-4000)}`);
		const client = new Client({ ...config, database: 'postgres' });
		try {
			await client.connect();
			await client.end();
			return;
		} catch (error) {
			await client.end().catch(() => undefined);
			if (Date.now() > deadline)
				throw new Error(`postgres did not accept connections: ${String(error)}\n${log()}`);
			await sleep(100);
		}
	}
}

async function startServer(
	binDir: string,
	dir: string,
	runAs: RunAs | undefined,
	password: string,
): Promise<TestPostgres> {
	const port = await freePort();
	const config: PostgresLedgerConfig = {
		backend: 'postgres',
		host: '127.0.0.1',
		port,
		database: 'ledger_test',
		user: 'postgres',
		password,
	};
	const child = spawn(
		join(binDir, 'postgres'),
		[
			'-D',
			join(dir, 'data'),
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dir}`,
			// A test cluster is thrown away: durability is pure cost here.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
			'-c',
			'shared_buffers=32MB',
		],
		{ cwd: dir, env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' }, ...runAs },
	);
	let output = '';
	const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	// A test run that dies without stop() must not leave a server behind.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const stopServer = async () => {
		process.removeListener('exit', killOnExit);
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGQUIT'); // immediate shutdown: the cluster is deleted next anyway
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited(child);
			clearTimeout(timer);
		}
	};
	try {
		await waitUntilReady(child, config, () => output);
		const admin = new Client({ ...config, database: 'postgres' });
		await admin.connect();
		try {
			await admin.query(`CREATE DATABASE ${config.database}`);
		} finally {
			await admin.end();
		}
	} catch (error) {
		await stopServer();
		throw error;
	}
	return { config, stop: stopServer };
}

/**
 * Starts a private PostgreSQL server. Throws a clear error when no server binaries exist
 * (run scripts/ensure-postgres.sh) rather than silently skipping.
 */
export async function startPostgres(): Promise<TestPostgres> {
	const binDir = findPostgresBinDir();
	if (!binDir) {
		throw new Error(
			'PostgreSQL server binaries (initdb, postgres) were not found on PATH or under /usr/lib/postgresql/*/bin. ' +
				'Run scripts/ensure-postgres.sh to install them, or set LEDGER_SKIP_POSTGRES=1 to skip the ' +
				'PostgreSQL ledger tests explicitly.',
		);
	}
	const runAs = unprivilegedUser();
	const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
	const removeDir = () => rmSync(dir, { recursive: true, force: true });
	try {
		if (runAs) chownSync(dir, runAs.uid, runAs.gid);
		const password = randomBytes(18).toString('base64url');
		const passwordFile = join(dir, 'password');
		writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
		if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
		await run(
			join(binDir, 'initdb'),
			[
				'-D',
				join(dir, 'data'),
				'-U',
				'postgres',
				'--pwfile',
				passwordFile,
				'--auth',
				'scram-sha-256',
				'-E',
				'UTF8',
				'--locale',
				'C',
				'--no-sync',
			],
			runAs,
			dir,
		);
		rmSync(passwordFile);
		// A port taken between picking and binding is the one expected failure: try another.
		for (let attempt = 1; ; attempt++) {
			try {
				const server = await startServer(binDir, dir, runAs, password);
				return {
					config: server.config,
					stop: async () => {
						await server.stop();
						removeDir();
					},
				};
			} catch (error) {
				if (attempt >= 3 || !/could not bind|address already in use/i.test(String(error)))
					throw error;
			}
		}
	} catch (error) {
		removeDir();
		throw error;
	}
}
