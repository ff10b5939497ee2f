// The ledger contract on the embedded SQLite backend (a temp file per test), plus what only the
// file has: WAL, versioned schema, and several processes sharing one file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { SQLITE_MIGRATIONS } from '../../../nodes/shared/ledger/schema';
import { SqliteLedger } from '../../../nodes/shared/ledger/sqlite';
import { describeLedgerContract } from './contract';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function tempDir(): string {
	return mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
}

describeLedgerContract('SQLite', async () => {
	const dir = tempDir();
	const path = join(dir, 'not-yet-created', 'communication-actions.sqlite');
	return {
		create: () => new SqliteLedger(path),
		dispose: async () => rmSync(dir, { recursive: true, force: true }),
	};
});

describe('SqliteLedger file', () => {
	let dir: string;
	beforeEach(() => {
		dir = tempDir();
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('creates its folder, runs in WAL mode and records the schema version', async () => {
		const path = join(dir, 'a', 'b', 'ledger.sqlite');
		const ledger = new SqliteLedger(path);
		await ledger.init();
		await ledger.close();

		const db = new DatabaseSync(path);
		try {
			expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
			expect(db.prepare('SELECT max(version) AS version FROM schema_version').get()).toEqual({
				version: SQLITE_MIGRATIONS.length,
			});
		} finally {
			db.close();
		}
	});

	it('refuses a file written by a newer package version', async () => {
		const path = join(dir, 'ledger.sqlite');
		const ledger = new SqliteLedger(path);
		await ledger.init();
		await ledger.close();
		const db = new DatabaseSync(path);
		db.exec('INSERT INTO schema_version (version) VALUES (999)');
		db.close();
		await expect(new SqliteLedger(path).init()).rejects.toThrow(/schema version 999, newer/);
	});

	it('never double-claims when several processes share the file', async () => {
		const path = join(dir, 'shared.sqlite');
		const seeder = new SqliteLedger(path);
		await seeder.init();
		const dueAt = '2030-01-01T09:00:00.000Z';
		for (let i = 0; i < 200; i++) {
			await seeder.plan({
				idempotencyKey: `due-${i}`,
				participantId: 'p-1',
				channel: 'sms',
				scheduledFor: dueAt,
			});
		}

		const children = Array.from({ length: 4 }, (_, i) =>
			spawn(
				process.execPath,
				['--import', 'tsx', join(__dirname, 'sqlite-worker.ts'), path, `proc-${i}`, dueAt],
				{
					cwd: REPO_ROOT,
					stdio: ['pipe', 'pipe', 'pipe'],
				},
			),
		);
		const outputs = children.map(
			(child) =>
				new Promise<{ claimed: string[]; due: string[] }>((resolve, reject) => {
					let stdout = '';
					let stderr = '';
					child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
					child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
					child.on('exit', (code) => {
						if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
						resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
					});
				}),
		);
		// Release all workers at once so their claims really overlap.
		await Promise.all(
			children.map(
				(child) =>
					new Promise<void>((resolve) => {
						const onData = (chunk: Buffer) => {
							if (chunk.toString().includes('ready')) {
								child.stdout.off('data', onData);
								resolve();
							}
						};
						child.stdout.on('data', onData);
					}),
			),
		);
		for (const child of children) child.stdin.write('go\n');
		const results = await Promise.all(outputs);

		expect(results.flatMap((result) => result.claimed)).toHaveLength(1);
		const due = results.flatMap((result) => result.due);
		expect(due).toHaveLength(200);
		expect(new Set(due).size).toBe(200);
		expect((await seeder.getByKey('shared-key'))?.attempts).toBe(1);
		await seeder.close();
	}, 30_000);
});
