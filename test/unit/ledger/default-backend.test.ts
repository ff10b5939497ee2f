// The default ledger decision over n8n's settings: SQLite in one process; in queue mode or
// multi-main n8n's PostgreSQL database in its own schema, else an error naming the credential.
import {
	defaultLedgerChoice,
	distributedReason,
	missingLedgerMessage,
	type N8nProcessSettings,
} from '../../../nodes/shared/ledger/default-backend';

const START = ['/usr/bin/node', '/opt/n8n/bin/n8n', 'start'];

function settings(
	env: Record<string, string>,
	argv: readonly string[] = START,
	files: Record<string, string> = {},
): N8nProcessSettings {
	return {
		env,
		argv,
		readFile: (path) => {
			if (!(path in files)) throw new Error(`ENOENT: ${path}`);
			return files[path];
		},
	};
}

const PG = {
	EXECUTIONS_MODE: 'queue',
	DB_TYPE: 'postgresdb',
	DB_POSTGRESDB_HOST: 'db.internal',
	DB_POSTGRESDB_PORT: '6432',
	DB_POSTGRESDB_DATABASE: 'n8n_prod',
	DB_POSTGRESDB_USER: 'n8n',
	DB_POSTGRESDB_PASSWORD: 'pw-123456',
	DB_POSTGRESDB_SCHEMA: 'n8n_tables',
};

describe('default ledger decision', () => {
	it('keeps the embedded SQLite file in a single n8n process, whatever its database', () => {
		expect(defaultLedgerChoice(settings({}))).toEqual({ backend: 'sqlite' });
		expect(defaultLedgerChoice(settings({ ...PG, EXECUTIONS_MODE: 'regular' }))).toEqual({
			backend: 'sqlite',
		});
	});

	it('recognises queue mode, the worker and webhook commands, and multi-main', () => {
		expect(distributedReason(settings({ EXECUTIONS_MODE: 'queue' }))).toMatch(/queue mode/);
		expect(distributedReason(settings({ EXECUTIONS_MODE: ' "queue" ' }))).toMatch(/queue mode/);
		// n8n worker and n8n webhook force queue mode even without EXECUTIONS_MODE.
		expect(distributedReason(settings({}, ['node', 'n8n', 'worker']))).toBe(
			'n8n worker process (queue mode)',
		);
		expect(distributedReason(settings({}, ['node', 'n8n', 'webhook']))).toBe(
			'n8n webhook process (queue mode)',
		);
		expect(distributedReason(settings({ N8N_MULTI_MAIN_SETUP_ENABLED: 'true' }))).toMatch(
			/multi-main/,
		);
		expect(distributedReason(settings({ N8N_MULTI_MAIN_SETUP_ENABLED: '1' }))).toMatch(
			/multi-main/,
		);
		expect(distributedReason(settings({ N8N_MULTI_MAIN_SETUP_ENABLED: 'false' }))).toBeUndefined();
		expect(distributedReason(settings({ EXECUTIONS_MODE: 'regular' }))).toBeUndefined();
	});

	it("uses n8n's PostgreSQL database in the communication_actions schema, not n8n's own schema", () => {
		expect(defaultLedgerChoice(settings(PG))).toEqual({
			backend: 'postgres',
			why: 'queue mode (EXECUTIONS_MODE=queue)',
			settings: {
				host: 'db.internal',
				port: 6432,
				database: 'n8n_prod',
				user: 'n8n',
				password: 'pw-123456',
				schema: 'communication_actions',
				ssl: false,
			},
		});
	});

	it("fills in n8n's defaults for the settings that are not set", () => {
		const choice = defaultLedgerChoice(
			settings({ EXECUTIONS_MODE: 'queue', DB_TYPE: 'postgresdb' }),
		);
		expect(choice).toMatchObject({
			backend: 'postgres',
			settings: { host: 'localhost', port: 5432, database: 'n8n', user: 'postgres', password: '' },
		});
	});

	it('reads the *_FILE variants, trimmed, and the variable itself wins over its file', () => {
		const env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE_FILE: '/run/secrets/type',
			DB_POSTGRESDB_PASSWORD_FILE: '/run/secrets/pw',
			DB_POSTGRESDB_USER: 'from-env',
			DB_POSTGRESDB_USER_FILE: '/run/secrets/user',
		};
		const files = {
			'/run/secrets/type': 'postgresdb\n',
			'/run/secrets/pw': '  s3cret-from-file \n',
			'/run/secrets/user': 'from-file',
		};
		expect(defaultLedgerChoice(settings(env, START, files))).toMatchObject({
			backend: 'postgres',
			settings: { password: 's3cret-from-file', user: 'from-env' },
		});
	});

	it('builds SSL like n8n: enabled alone is true; CA, certificate, key or no verification give options', () => {
		const ssl = (extra: Record<string, string>) => {
			const choice = defaultLedgerChoice(settings({ ...PG, ...extra }));
			return choice.backend === 'postgres' ? choice.settings.ssl : 'not postgres';
		};
		expect(ssl({ DB_POSTGRESDB_SSL_ENABLED: 'true' })).toBe(true);
		expect(ssl({ DB_POSTGRESDB_SSL_REJECT_UNAUTHORIZED: 'false' })).toEqual({
			rejectUnauthorized: false,
		});
		expect(ssl({ DB_POSTGRESDB_SSL_ENABLED: 'true', DB_POSTGRESDB_SSL_CA: 'PEM-CA' })).toEqual({
			rejectUnauthorized: true,
			ca: 'PEM-CA',
		});
		expect(ssl({ DB_POSTGRESDB_SSL_KEY: 'PEM-KEY' })).toEqual({
			rejectUnauthorized: true,
			key: 'PEM-KEY',
		});
	});

	it('reads the SSL certificate from its *_FILE like the other settings', () => {
		const choice = defaultLedgerChoice(
			settings({ ...PG, DB_POSTGRESDB_SSL_CERT_FILE: '/c' }, START, { '/c': 'PEM-CERT\n' }),
		);
		expect(choice).toMatchObject({
			settings: { ssl: { rejectUnauthorized: true, cert: 'PEM-CERT' } },
		});
	});

	it('refuses a distributed n8n on SQLite (or any other database) and says which credential to add', () => {
		const sqlite = defaultLedgerChoice(settings({ EXECUTIONS_MODE: 'queue' }));
		expect(sqlite).toEqual({
			backend: 'none',
			why: "queue mode (EXECUTIONS_MODE=queue) with n8n's database on SQLite (DB_TYPE not set)",
		});
		const other = defaultLedgerChoice(settings({ DB_TYPE: 'sqlite' }, ['node', 'n8n', 'worker']));
		expect(other).toMatchObject({
			backend: 'none',
			why: expect.stringContaining('DB_TYPE=sqlite'),
		});
		const message = missingLedgerMessage(sqlite.backend === 'none' ? sqlite.why : '');
		expect(message).toContain('Add a "Communication Ledger" credential');
		expect(message).toContain('DB_TYPE=postgresdb');
	});

	it('names the credential and the reason when n8n’s PostgreSQL database cannot be used', () => {
		const message = missingLedgerMessage('queue mode', 'Cannot connect: ECONNREFUSED');
		expect(message).toContain('Add a "Communication Ledger" credential');
		expect(message).toContain(
			"n8n's own PostgreSQL database could not be used for it: Cannot connect",
		);
	});
});
