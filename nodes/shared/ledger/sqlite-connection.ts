// One node:sqlite connection for the ledger: lazy driver load, WAL and busy timeout, migrations,
// cached statements and BEGIN IMMEDIATE write transactions.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

import type { Row } from './rows';
import { SQLITE_MIGRATIONS } from './schema';

type SqliteModule = typeof import('node:sqlite');

/** How long a writer waits for another connection's transaction before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

function loadSqlite(): SqliteModule {
	try {
		// Required lazily: loading the package on a Node without node:sqlite must not crash n8n.
		return require('node:sqlite') as SqliteModule;
	} catch (error) {
		throw new Error(
			`The embedded communication ledger needs node:sqlite (Node.js 22.13 or newer; n8n 2.x runs on 24), ` +
				`but this is Node.js ${process.versions.node}. Upgrade Node.js or configure the PostgreSQL ledger. ` +
				`(${error instanceof Error ? error.message : String(error)})`,
		);
	}
}

export class SqliteConnection {
	private db: DatabaseSync | null = null;
	private readonly statements = new Map<string, StatementSync>();

	constructor(readonly path: string) {}

	get isOpen(): boolean {
		return this.db !== null;
	}

	/** Opens the file (creating its folder) and migrates it to the current schema. */
	open(): void {
		if (this.db) return;
		if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
		const { DatabaseSync: Database } = loadSqlite();
		const db = new Database(this.path);
		try {
			// Set first: switching to WAL itself needs the lock another process may hold.
			db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
			db.exec('PRAGMA journal_mode = WAL');
			// In WAL mode NORMAL survives application crashes; only a power loss may drop the last commits.
			db.exec('PRAGMA synchronous = NORMAL');
			this.db = db;
			this.write(() => this.migrate());
		} catch (error) {
			this.db = null;
			this.statements.clear();
			db.close();
			throw error;
		}
	}

	close(): void {
		this.statements.clear();
		this.db?.close();
		this.db = null;
	}

	private migrate(): void {
		this.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
		const current = Number(
			this.one('SELECT max(version) AS version FROM schema_version')?.version ?? 0,
		);
		if (current > SQLITE_MIGRATIONS.length) {
			throw new Error(
				`Communication ledger file ${this.path} has schema version ${current}, newer than this package ` +
					`knows (${SQLITE_MIGRATIONS.length}); update n8n-nodes-communication-actions.`,
			);
		}
		for (let version = current + 1; version <= SQLITE_MIGRATIONS.length; version++) {
			this.connection().exec(SQLITE_MIGRATIONS[version - 1]);
			this.run('INSERT INTO schema_version (version) VALUES (?)', [version]);
		}
	}

	private connection(): DatabaseSync {
		if (!this.db) throw new Error('Communication ledger (SQLite) is not open: call init() first');
		return this.db;
	}

	private statement(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (!statement) {
			statement = this.connection().prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}

	run(sql: string, params: SQLInputValue[] = []): void {
		// Reflect.apply rather than a spread call: a spread may walk the array's iterator, one
		// object per value, and these run once or twice for every message sent.
		const statement = this.statement(sql);
		Reflect.apply(statement.run, statement, params);
	}

	one(sql: string, params: SQLInputValue[] = []): Row | undefined {
		const statement = this.statement(sql);
		return Reflect.apply(statement.get, statement, params) as Row | undefined;
	}

	all(sql: string, params: SQLInputValue[] = []): Row[] {
		const statement = this.statement(sql);
		return Reflect.apply(statement.all, statement, params) as Row[];
	}

	/** For SQL built per call: not cached, so the statement cache stays bounded. */
	allUncached(sql: string, params: SQLInputValue[] = []): Row[] {
		return this.connection()
			.prepare(sql)
			.all(...params);
	}

	/**
	 * Runs `fn` holding the file's write lock. `fn` is synchronous on purpose: nothing can
	 * interleave with it in this process, and BEGIN IMMEDIATE excludes other connections.
	 */
	write<T>(fn: () => T): T {
		const db = this.connection();
		db.exec('BEGIN IMMEDIATE');
		try {
			const result = fn();
			db.exec('COMMIT');
			return result;
		} catch (error) {
			try {
				db.exec('ROLLBACK');
			} catch {
				// SQLite already rolled back (e.g. disk full); the original error is what matters.
			}
			throw error;
		}
	}
}
