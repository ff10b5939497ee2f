// One pg pool for the ledger: lazy driver load, schema migration under an advisory lock,
// transactions, and errors that say where the connection failed without the password.
import type { Pool, PoolClient } from 'pg';

import type { Row } from './rows';
import { postgresMigrations } from './schema';

type PgModule = typeof import('pg');

/** Where the PostgreSQL ledger lives and how to log in. */
export interface PostgresSettings {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** PEM text for ca, cert and key, as n8n passes its DB_POSTGRESDB_SSL_* settings. */
	ssl?: boolean | { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string };
	/** Schema holding the ledger's tables; created when missing. Default communication_actions. */
	schema?: string;
}

export interface PostgresLedgerOptions extends PostgresSettings {
	/** Most connections this process opens. Default 10. */
	poolSize?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = 'communication_actions';

/** First key of the migration advisory lock; the second is the schema name's hash. */
const MIGRATION_LOCK_CLASS = 0x636f6d6d; // 'comm'
/** A dead host must fail a node in bounded time, never hang it. */
const CONNECT_TIMEOUT_MS = 10_000;

/** SQLSTATE classes and socket codes that mean "could not reach or log in", not "bad query". */
const CONNECTION_CODES = /^(08|28|3D000|53300|57P0[1-3]|E[A-Z]+$)/;

export interface Queryable {
	query(sql: string, params?: unknown[]): Promise<Row[]>;
	one(sql: string, params?: unknown[]): Promise<Row | undefined>;
}

function quoteSchema(name: string): string {
	if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
		throw new Error(
			`Communication ledger: schema name '${name}' is not allowed (letters, digits and underscores, ` +
				`not starting with a digit, at most 63 characters)`,
		);
	}
	return `"${name}"`;
}

function loadPg(): PgModule {
	// Required lazily so n8n start-up (and every SQLite-only user) never loads the driver.
	return require('pg') as PgModule;
}

function errorCode(error: unknown): string {
	if (
		typeof error === 'object' &&
		error !== null &&
		'code' in error &&
		typeof error.code === 'string'
	) {
		return error.code;
	}
	return '';
}

export class PostgresConnection implements Queryable {
	readonly schema: string;
	readonly schemaName: string;
	private pool: Pool | null = null;

	constructor(private readonly options: PostgresLedgerOptions) {
		this.schemaName = options.schema || DEFAULT_POSTGRES_SCHEMA;
		this.schema = quoteSchema(this.schemaName);
	}

	/** Where the ledger lives, for messages: never includes the password. */
	get location(): string {
		const { user, host, port, database } = this.options;
		return `PostgreSQL ${user}@${host}:${port}/${database}, schema ${this.schemaName}`;
	}

	async open(): Promise<void> {
		if (this.pool) return;
		const { Pool: PgPool } = loadPg();
		const pool = new PgPool({
			host: this.options.host,
			port: this.options.port,
			database: this.options.database,
			user: this.options.user,
			password: this.options.password,
			ssl: this.options.ssl,
			max: this.options.poolSize ?? 10,
			connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
			idleTimeoutMillis: 30_000,
			application_name: 'n8n-communication-actions',
		});
		// An idle connection dropped by the server must not crash n8n; the pool replaces it.
		pool.on('error', () => undefined);
		this.pool = pool;
		try {
			await this.transaction((tx) => this.migrate(tx));
		} catch (error) {
			this.pool = null;
			await pool.end().catch(() => undefined);
			throw error;
		}
	}

	async close(): Promise<void> {
		const pool = this.pool;
		this.pool = null;
		await pool?.end();
	}

	private async migrate(tx: Queryable): Promise<void> {
		const s = this.schema;
		// Several workers starting at once queue here instead of racing on CREATE.
		await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))', [
			MIGRATION_LOCK_CLASS,
			this.schemaName,
		]);
		// Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE rights even when the schema exists.
		const exists = await tx.one('SELECT 1 FROM pg_namespace WHERE nspname = $1::text', [
			this.schemaName,
		]);
		if (!exists) await tx.query(`CREATE SCHEMA ${s}`);
		await tx.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (version integer NOT NULL)`);
		const row = await tx.one(
			`SELECT coalesce(max(version), 0)::int AS version FROM ${s}.schema_version`,
		);
		const current = Number(row?.version ?? 0);
		const migrations = postgresMigrations(s);
		if (current > migrations.length) {
			throw new Error(
				`Communication ledger (${this.location}) has schema version ${current}, newer than this package ` +
					`knows (${migrations.length}); update n8n-nodes-communication-actions on every worker.`,
			);
		}
		for (let version = current + 1; version <= migrations.length; version++) {
			await tx.query(migrations[version - 1]);
			await tx.query(`INSERT INTO ${s}.schema_version (version) VALUES ($1::int)`, [version]);
		}
	}

	private async connect(): Promise<PoolClient> {
		if (!this.pool)
			throw new Error('Communication ledger (PostgreSQL) is not open: call init() first');
		try {
			return await this.pool.connect();
		} catch (error) {
			throw this.safeError(error, true);
		}
	}

	/** A safe copy of a driver error: connection context added, the password removed. */
	private safeError(error: unknown, connecting = false): Error {
		const code = errorCode(error);
		const raw = error instanceof Error ? error.message : String(error);
		const password = this.options.password;
		const message = password ? raw.split(password).join('***') : raw;
		const text =
			connecting || CONNECTION_CODES.test(code)
				? `Cannot connect to the communication ledger (${this.location}): ${message}${code ? ` [${code}]` : ''}`
				: `Communication ledger query failed: ${message}`;
		return Object.assign(new Error(text), code ? { code } : {});
	}

	private queryable(client: PoolClient): Queryable {
		const query = async (sql: string, params: unknown[] = []) => {
			try {
				return (await client.query<Row>(sql, params)).rows;
			} catch (error) {
				throw this.safeError(error);
			}
		};
		return { query, one: async (sql, params) => (await query(sql, params))[0] };
	}

	async query(sql: string, params: unknown[] = []): Promise<Row[]> {
		const client = await this.connect();
		let broken = false;
		try {
			return await this.queryable(client).query(sql, params);
		} catch (error) {
			broken = CONNECTION_CODES.test(errorCode(error));
			throw error;
		} finally {
			client.release(broken);
		}
	}

	async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
		return (await this.query(sql, params))[0];
	}

	/** Runs `fn` in one transaction on one connection; rolls back when it throws. */
	async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		const client = await this.connect();
		const tx = this.queryable(client);
		let broken = false;
		try {
			await tx.query('BEGIN');
			const result = await fn(tx);
			await tx.query('COMMIT');
			return result;
		} catch (error) {
			try {
				await client.query('ROLLBACK');
			} catch {
				// A connection that cannot roll back is not returned to the pool.
				broken = true;
			}
			throw error;
		} finally {
			client.release(broken);
		}
	}
}
