// The ledger contract on PostgreSQL (one private server per file, a fresh schema per test),
// plus what only a server has: connection failures, secrets in errors, schema names.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { inspect } from 'node:util';

import { Client } from 'pg';

import { PostgresLedger } from '../../../nodes/shared/ledger/postgres';
import { postgresMigrations } from '../../../nodes/shared/ledger/schema';
import { findPostgresBinDir, startPostgres, type TestPostgres } from '../../support/postgres';
import { describeLedgerContract } from './contract';

const skipExplicitly = findPostgresBinDir() === null && process.env.LEDGER_SKIP_POSTGRES === '1';

async function closedPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

if (skipExplicitly) {
	console.warn(
		'\n' +
			'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
			'!!! PostgreSQL ledger tests SKIPPED: no PostgreSQL binaries and LEDGER_SKIP_POSTGRES=1.\n' +
			'!!! The PostgreSQL backend is UNTESTED in this run. Run scripts/ensure-postgres.sh.\n' +
			'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
	);
	describe('PostgreSQL ledger (not run: LEDGER_SKIP_POSTGRES=1 and no PostgreSQL binaries)', () => {
		it('has no PostgreSQL binaries on this machine, which is the only case the contract may be left out', () => {
			expect(findPostgresBinDir()).toBeNull();
		});
	});
} else {
	let server: TestPostgres | undefined;
	let admin: Client | undefined;

	const running = (): TestPostgres => {
		if (!server)
			throw new Error('The PostgreSQL test server did not start (see the beforeAll error)');
		return server;
	};

	beforeAll(async () => {
		server = await startPostgres();
		admin = new Client(server.config);
		await admin.connect();
	}, 60_000);

	afterAll(async () => {
		await admin?.end();
		await server?.stop();
	});

	describeLedgerContract('PostgreSQL', async () => {
		const { config } = running();
		const schema = `ledger_${randomBytes(6).toString('hex')}`;
		return {
			create: () => new PostgresLedger({ ...config, schema }),
			dispose: async () => {
				await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
			},
		};
	});

	describe('PostgresLedger connections', () => {
		it('reports a refused connection with its location and without the password', async () => {
			const { config } = running();
			const port = await closedPort();
			const password = 'Sup3r-Secret-Ledger-Pw';
			const ledger = new PostgresLedger({ ...config, port, password });
			const error: unknown = await ledger.init().then(
				() => new Error('init unexpectedly succeeded'),
				(failure: unknown) => failure,
			);
			expect(error).toBeInstanceOf(Error);
			const message = (error as Error).message;
			expect(message).toContain(
				`Cannot connect to the communication ledger (PostgreSQL postgres@127.0.0.1:${port}/`,
			);
			expect(message).toMatch(/ECONNREFUSED/);
			expect(message).not.toContain(password);
			expect(inspect(error)).not.toContain(password);
		});

		it('reports a wrong password as a login failure without either password', async () => {
			const { config } = running();
			const wrong = 'Wr0ng-Ledger-Pw-1234';
			const ledger = new PostgresLedger({ ...config, password: wrong, schema: 'never_created' });
			const error: unknown = await ledger.init().then(
				() => new Error('init unexpectedly succeeded'),
				(failure: unknown) => failure,
			);
			const text = `${(error as Error).message}\n${inspect(error)}`;
			expect(text).toMatch(
				/Cannot connect to the communication ledger .*password authentication failed.*28P01/,
			);
			expect(text).not.toContain(wrong);
			expect(text).not.toContain(config.password);
		});

		it('creates the default schema communication_actions and migrates it once', async () => {
			const { config } = running();
			const ledgers = Array.from({ length: 4 }, () => new PostgresLedger(config));
			try {
				await Promise.all(ledgers.map((ledger) => ledger.init()));
				const versions = await admin?.query(
					'SELECT version FROM communication_actions.schema_version',
				);
				// One row per migration: each ran exactly once.
				expect(versions?.rows).toEqual(
					postgresMigrations('s').map((_sql, index) => ({ version: index + 1 })),
				);
			} finally {
				await Promise.all(ledgers.map((ledger) => ledger.close()));
				await admin?.query('DROP SCHEMA IF EXISTS communication_actions CASCADE');
			}
		});

		it('uses an existing schema without needing rights to create one', async () => {
			const { config } = running();
			await admin?.query('CREATE SCHEMA precreated');
			await admin?.query(`CREATE ROLE limited LOGIN PASSWORD 'limited-pw'`);
			await admin?.query(`ALTER SCHEMA precreated OWNER TO limited`);
			await admin?.query(`REVOKE CREATE ON DATABASE ${config.database} FROM PUBLIC`);
			const ledger = new PostgresLedger({
				...config,
				user: 'limited',
				password: 'limited-pw',
				schema: 'precreated',
			});
			try {
				await ledger.init();
				expect(
					(await ledger.plan({ idempotencyKey: 'k', participantId: 'p', channel: 'email' })).status,
				).toBe('planned');
			} finally {
				await ledger.close();
				await admin?.query('DROP SCHEMA precreated CASCADE');
				await admin?.query('DROP ROLE limited');
			}
		});

		it('refuses an unsafe schema name before connecting', () => {
			const { config } = running();
			expect(() => new PostgresLedger({ ...config, schema: 'x"; DROP TABLE y; --' })).toThrow(
				/schema name/,
			);
		});
	});
}
