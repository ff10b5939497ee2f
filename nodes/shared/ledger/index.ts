// Opens the communication ledger for this process: embedded SQLite by default, PostgreSQL when
// configured; one initialised instance per distinct configuration, shared by every node.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import type { PostgresSettings } from './postgres-connection';
import { PostgresLedger } from './postgres';
import { SqliteLedger } from './sqlite';
import type { CommunicationLedger } from './types';

export * from './types';
export type { PostgresLedgerOptions } from './postgres';

export type LedgerConfig =
	{ backend: 'sqlite'; path?: string } | ({ backend: 'postgres' } & PostgresSettings);

const SQLITE_FILE = 'communication-actions.sqlite';

/** Next to n8n's own files: `<N8N_USER_FOLDER>/.n8n`, else `~/.n8n`; the folder is created. */
export function defaultSqlitePath(): string {
	const userFolder = process.env.N8N_USER_FOLDER?.trim();
	const folder = join(userFolder ? userFolder : homedir(), '.n8n');
	mkdirSync(folder, { recursive: true });
	return join(folder, SQLITE_FILE);
}

const ledgers = new Map<string, Promise<CommunicationLedger>>();

/** Identifies a configuration; hashed so the password is not kept as a readable map key. */
function cacheKey(config: LedgerConfig): string {
	if (config.backend === 'sqlite') return `sqlite:${resolve(config.path ?? defaultSqlitePath())}`;
	const { host, port, database, user, password, ssl, schema } = config;
	const identity = JSON.stringify([
		host,
		port,
		database,
		user,
		password,
		ssl ?? false,
		schema ?? '',
	]);
	return `postgres:${createHash('sha256').update(identity).digest('hex')}`;
}

function createLedger(config: LedgerConfig): CommunicationLedger {
	if (config.backend === 'sqlite') return new SqliteLedger(config.path ?? defaultSqlitePath());
	return new PostgresLedger(config);
}

async function openLedger(config: LedgerConfig): Promise<CommunicationLedger> {
	const ledger = createLedger(config);
	try {
		await ledger.init();
	} catch (error) {
		await ledger.close().catch(() => undefined);
		throw error;
	}
	return ledger;
}

/**
 * The process-wide ledger for `config` (default: the embedded SQLite file). Concurrent first
 * calls share one init; a failed init is not cached, so the next call tries again.
 */
export async function getLedger(
	config: LedgerConfig = { backend: 'sqlite' },
): Promise<CommunicationLedger> {
	const key = cacheKey(config);
	let pending = ledgers.get(key);
	if (!pending) {
		pending = openLedger(config);
		ledgers.set(key, pending);
		const opened = pending;
		opened.catch(() => {
			if (ledgers.get(key) === opened) ledgers.delete(key);
		});
	}
	return await pending;
}

/** Closes every cached ledger (tests, shutdown); later getLedger calls open fresh ones. */
export async function closeAllLedgers(): Promise<void> {
	const pending = [...ledgers.values()];
	ledgers.clear();
	const opened = await Promise.allSettled(pending);
	await Promise.all(
		opened.map(async (outcome) => {
			if (outcome.status === 'fulfilled') await outcome.value.close();
		}),
	);
}
