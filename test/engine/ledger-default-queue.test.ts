// The default ledger in n8n queue mode, through n8n's engine: nodes without a Communication Ledger
// credential use n8n's own PostgreSQL database (schema communication_actions); on SQLite, or when
// that database cannot be reached, every node fails naming the credential; the credential wins.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { UpdateField } from '../../nodes/UpdateField/UpdateField.node';
import { closeAllLedgers } from '../../nodes/shared/ledger';
import { PostgresLedger } from '../../nodes/shared/ledger/postgres';
import { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { startSandbox, type Sandbox } from '../../sandbox';
import { closedPort } from '../support/closed-port';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { startPostgres, type TestPostgres } from '../support/postgres';

let sandbox: Sandbox;
let postgres: TestPostgres;
let folder: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
	[sandbox, postgres] = await Promise.all([startSandbox(), startPostgres()]);
	folder = mkdtempSync(join(tmpdir(), 'ledger-default-'));
}, 60_000);
afterEach(async () => {
	process.env = { ...savedEnv };
	await closeAllLedgers();
});
afterAll(async () => {
	await sandbox.stop();
	await postgres.stop();
	rmSync(folder, { recursive: true, force: true });
});

/** n8n's settings of a queue-mode process whose database is the test server. */
function queueModeOnPostgres(overrides: Record<string, string> = {}): void {
	const { config } = postgres;
	Object.assign(process.env, {
		N8N_USER_FOLDER: folder,
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: config.host,
		DB_POSTGRESDB_PORT: String(config.port),
		DB_POSTGRESDB_DATABASE: config.database,
		DB_POSTGRESDB_USER: config.user,
		DB_POSTGRESDB_PASSWORD: config.password,
		...overrides,
	});
}

const ledgerCredential = { communicationLedgerApi: { id: '2', name: 'Ledger' } };

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new UpdateField(), new EmailCommunication()], test: [new TestItems()] },
		credentials: {
			communicationSmtpApi: {
				host: sandbox.smtp.host,
				port: sandbox.smtp.port,
				security: 'none',
				fromEmail: 'desk@acme.test',
			},
			communicationLedgerApi: { backend: 'sqlite', sqlitePath: join(folder, 'explicit.sqlite') },
		},
	});
}

function workflow(id: string, extra: Partial<INode> = {}) {
	return chain(
		node('Source', 'test.testItems', { items: JSON.stringify([{ id, email: `${id}@x.test` }]) }),
		node(
			'Update',
			`${PKG}.updateField`,
			{ assignments: { assignment: [{ attribute: 'tier', value: 'gold' }] } },
			extra,
		),
		node(
			'Email',
			`${PKG}.emailCommunication`,
			{ emailFormat: 'text', subject: 'Hi', text: 'x', communicationName: 'QUEUE_DEFAULT' },
			{
				...extra,
				credentials: {
					communicationSmtpApi: { id: '1', name: 'SMTP' },
					...(extra.credentials ?? {}),
				},
			},
		),
	);
}

async function withLedger<T>(
	ledger: PostgresLedger | SqliteLedger,
	read: (opened: PostgresLedger | SqliteLedger) => Promise<T>,
): Promise<T> {
	await ledger.init();
	try {
		return await read(ledger);
	} finally {
		await ledger.close();
	}
}

it("uses n8n's PostgreSQL database, schema communication_actions, when queue mode has no ledger credential", async () => {
	queueModeOnPostgres();
	const result = await harness().run(workflow('q1'));
	expect(result.status).toBe('success');
	const shared = new PostgresLedger({ ...postgres.config, schema: 'communication_actions' });
	await withLedger(shared, async (ledger) => {
		expect((await ledger.getProfile('q1')).attributes).toEqual({ tier: 'gold' });
		expect(await ledger.statsByName('QUEUE_DEFAULT')).toEqual([
			{ name: 'QUEUE_DEFAULT', counts: { sent: 1 } },
		]);
	});
});

it('a worker process (n8n worker) counts as queue mode without EXECUTIONS_MODE', async () => {
	queueModeOnPostgres({ EXECUTIONS_MODE: '' });
	const argv = process.argv;
	process.argv = [argv[0], '/opt/n8n/bin/n8n', 'worker'];
	try {
		expect((await harness().run(workflow('q2'))).status).toBe('success');
	} finally {
		process.argv = argv;
	}
	const shared = new PostgresLedger({ ...postgres.config, schema: 'communication_actions' });
	await withLedger(shared, async (ledger) => {
		expect((await ledger.getProfile('q2')).attributes).toEqual({ tier: 'gold' });
	});
});

it('the explicit Communication Ledger credential wins over the queue-mode default', async () => {
	queueModeOnPostgres();
	const result = await harness().run(workflow('q3', { credentials: ledgerCredential }));
	expect(result.status).toBe('success');
	await withLedger(new SqliteLedger(join(folder, 'explicit.sqlite')), async (ledger) => {
		expect((await ledger.getProfile('q3')).attributes).toEqual({ tier: 'gold' });
	});
	const shared = new PostgresLedger({ ...postgres.config, schema: 'communication_actions' });
	await withLedger(shared, async (ledger) => {
		expect((await ledger.getProfile('q3')).attributes).toEqual({});
	});
});

it('queue mode on SQLite: the node fails and names the credential to add', async () => {
	Object.assign(process.env, { N8N_USER_FOLDER: folder, EXECUTIONS_MODE: 'queue' });
	delete process.env.DB_TYPE;
	const result = await harness().run(workflow('q4'));
	expect(result.status).toBe('error');
	const message = result.nodeError('Update')?.message ?? '';
	expect(message).toContain('Add a "Communication Ledger" credential');
	expect(message).toContain('DB_TYPE=postgresdb');
	expect(sandbox.state().mails.some((mail) => mail.envelope.to.includes('q4@x.test'))).toBe(false);
});

it("queue mode with n8n's database out of reach: the node fails naming the credential, without the password", async () => {
	queueModeOnPostgres({ DB_POSTGRESDB_PORT: String(await closedPort()) });
	const result = await harness().run(workflow('q5'));
	expect(result.status).toBe('error');
	const message = result.nodeError('Update')?.message ?? '';
	expect(message).toContain('Add a "Communication Ledger" credential');
	expect(message).toContain("n8n's own PostgreSQL database could not be used");
	expect(message).not.toContain(postgres.config.password);
});
