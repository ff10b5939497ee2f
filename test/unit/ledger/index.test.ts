// getLedger and friends: where the embedded file lives, one cached instance per configuration,
// a failed init is retried, and the pg driver is only loaded when PostgreSQL is used.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { closeAllLedgers, defaultSqlitePath, getLedger } from '../../../nodes/shared/ledger';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('ledger selection', () => {
	let dir: string;
	const savedUserFolder = process.env.N8N_USER_FOLDER;

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'ledger-index-'));
	});

	afterEach(async () => {
		await closeAllLedgers();
		process.env.N8N_USER_FOLDER = savedUserFolder;
		rmSync(dir, { recursive: true, force: true });
	});

	describe('defaultSqlitePath', () => {
		it('is <N8N_USER_FOLDER>/.n8n/communication-actions.sqlite when N8N_USER_FOLDER is set, folder created', () => {
			process.env.N8N_USER_FOLDER = join(dir, 'n8n-home');
			const path = defaultSqlitePath();
			expect(path).toBe(join(dir, 'n8n-home', '.n8n', 'communication-actions.sqlite'));
			expect(existsSync(dirname(path))).toBe(true);
		});

		it('falls back to ~/.n8n/communication-actions.sqlite', () => {
			// A child process: os.homedir() reads the real environment, not Jest's copy of it.
			const env: NodeJS.ProcessEnv = { ...process.env, HOME: join(dir, 'home') };
			delete env.N8N_USER_FOLDER;
			const probe = `console.log(require('./nodes/shared/ledger').defaultSqlitePath())`;
			const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], {
				cwd: REPO_ROOT,
				env,
				encoding: 'utf8',
			});
			expect(output.trim()).toBe(join(dir, 'home', '.n8n', 'communication-actions.sqlite'));
			expect(existsSync(join(dir, 'home', '.n8n'))).toBe(true);
		});
	});

	describe('getLedger', () => {
		it('shares one initialised instance per configuration, also between concurrent first calls', async () => {
			const config = { backend: 'sqlite' as const, path: join(dir, 'a.sqlite') };
			const [a, b, c] = await Promise.all([
				getLedger(config),
				getLedger(config),
				getLedger({ ...config }),
			]);
			expect(b).toBe(a);
			expect(c).toBe(a);
			await a.plan({ idempotencyKey: 'k', participantId: 'p', channel: 'email' });

			const other = await getLedger({ backend: 'sqlite', path: join(dir, 'b.sqlite') });
			expect(other).not.toBe(a);
			expect(await other.getByKey('k')).toBeNull();
		});

		it('uses the embedded file in the n8n user folder without a configuration', async () => {
			process.env.N8N_USER_FOLDER = join(dir, 'n8n-home');
			const ledger = await getLedger();
			expect(ledger.backend).toBe('sqlite');
			expect(await getLedger({ backend: 'sqlite' })).toBe(ledger);
			expect(existsSync(join(dir, 'n8n-home', '.n8n', 'communication-actions.sqlite'))).toBe(true);
		});

		it('closes cached instances and opens fresh ones afterwards', async () => {
			const config = { backend: 'sqlite' as const, path: join(dir, 'a.sqlite') };
			const first = await getLedger(config);
			await closeAllLedgers();
			await expect(first.get('x')).rejects.toThrow(/not open/);
			const second = await getLedger(config);
			expect(second).not.toBe(first);
			expect(await second.get('x')).toBeNull();
		});

		it('does not cache a failed init, so the next call tries again', async () => {
			const blocker = join(dir, 'folder');
			writeFileSync(blocker, 'a file where the folder should be');
			const config = { backend: 'sqlite' as const, path: join(blocker, 'ledger.sqlite') };
			await expect(getLedger(config)).rejects.toThrow();

			rmSync(blocker);
			mkdirSync(blocker);
			expect((await getLedger(config)).backend).toBe('sqlite');
		});
	});

	it('loads the pg driver only when a PostgreSQL ledger is opened', () => {
		const probe = `
			const loaded = () => Object.keys(require.cache).some((path) => /node_modules[\\\\/]pg[\\\\/]/.test(path));
			const ledger = require('./nodes/shared/ledger');
			const before = loaded();
			ledger.getLedger({ backend: 'postgres', host: '127.0.0.1', port: 1, database: 'd', user: 'u', password: 'p' })
				.catch(() => undefined)
				.then(() => console.log(JSON.stringify({ before, after: loaded() })));
		`;
		const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		});
		expect(JSON.parse(output.trim())).toEqual({ before: false, after: true });
	});
});
