// Planned communications on the PostgreSQL ledger (n8n queue mode): two dispatchers on separate
// connections poll the same ledger and each communication is resumed and sent exactly once.
import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { PostgresLedger } from '../../nodes/shared/ledger/postgres';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { startSandbox, type Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { postgresLedgerCredential, startPostgres, type TestPostgres } from '../support/postgres';
import { fakeDateOnly } from '../support/engine/clock';

fakeDateOnly();

let sandbox: Sandbox;
let postgres: TestPostgres;
beforeAll(async () => {
	[sandbox, postgres] = await Promise.all([startSandbox(), startPostgres()]);
}, 60_000);
afterAll(async () => {
	await sandbox.stop();
	await postgres.stop();
});

it('two dispatchers on one PostgreSQL ledger never dispatch the same communication twice, and every message goes out once', async () => {
	jest.setSystemTime(new Date('2026-06-10T14:00:00Z'));
	const { config } = postgres;
	const h = new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems()] },
		credentials: {
			communicationSmtpApi: {
				host: sandbox.smtp.host,
				port: sandbox.smtp.port,
				security: 'none',
				fromEmail: 'desk@acme.test',
			},
			communicationLedgerApi: postgresLedgerCredential(config, 'campaigns'),
		},
	});
	await h.startWaitingServer();
	const workers = [
		new PostgresLedger({ ...config, schema: 'campaigns' }),
		new PostgresLedger({ ...config, schema: 'campaigns' }),
	];
	try {
		const people = Array.from({ length: 10 }, (_v, i) => ({
			id: `pg${i}`,
			email: `pg${i}@example.com`,
			timezone: i < 4 ? 'UTC' : 'America/Los_Angeles',
		}));
		const wf = chain(
			node('Source', 'test.testItems', { items: JSON.stringify(people) }),
			node(
				'Email',
				`${PKG}.emailCommunication`,
				{
					emailFormat: 'text',
					subject: 'Hi',
					text: 'x',
					communicationName: 'PG_CAMPAIGN',
					schedule: { from: '09:00', to: '18:00' },
				},
				{
					credentials: {
						communicationSmtpApi: { id: '1', name: 'SMTP' },
						communicationLedgerApi: { id: '2', name: 'Ledger' },
					},
				},
			),
		);
		const first = await h.run(wf);
		expect(first.status).toBe('waiting');
		expect(sandbox.state().mails).toHaveLength(4);

		for (const worker of workers) await worker.init();
		jest.setSystemTime(new Date('2026-06-10T16:00:05Z'));
		const rounds = await Promise.all(
			workers.map(
				async (ledger, i) => await dispatchDue(ledger, new Date(), { workerId: `w${i}` }),
			),
		);
		// Row locks (SKIP LOCKED) split the due rows between the workers: each is claimed once.
		const dispatchedIds = rounds
			.flat()
			.flatMap((execution) => execution.communications.map((c) => c.participantId));
		expect(dispatchedIds.sort()).toEqual(['pg4', 'pg5', 'pg6', 'pg7', 'pg8', 'pg9']);
		expect(
			sandbox
				.state()
				.mails.map((m) => m.envelope.to[0])
				.sort(),
		).toEqual(people.map((p) => p.email).sort());
		expect(h.resultFor(first.executionId).status).toBe('success');
		const stats = await workers[0].statsByName('PG_CAMPAIGN');
		expect(stats).toEqual([{ name: 'PG_CAMPAIGN', counts: { sent: 10 } }]);
	} finally {
		await Promise.all(workers.map(async (w) => await w.close()));
		await h.close();
	}
});
