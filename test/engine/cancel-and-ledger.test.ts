import { CancelCommunications } from '../../nodes/CancelCommunications/CancelCommunications.node';
import { CommunicationLedger } from '../../nodes/CommunicationLedger/CommunicationLedger.node';
import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { startSandbox, type Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { fakeDateOnly } from '../support/engine/clock';

fakeDateOnly();

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());

function harness() {
	return new EngineHarness({
		nodes: {
			[PKG]: [new EmailCommunication(), new CancelCommunications(), new CommunicationLedger()],
			test: [new TestItems()],
		},
		credentials: {
			communicationSmtpApi: {
				host: sandbox.smtp.host,
				port: sandbox.smtp.port,
				security: 'none',
				fromEmail: 'desk@acme.test',
			},
		},
	});
}

const source = (items: unknown[]) =>
	node('Source', 'test.testItems', { items: JSON.stringify(items) });
const email = (name: string) =>
	node(
		'Email',
		`${PKG}.emailCommunication`,
		{
			emailFormat: 'text',
			subject: 'Hi',
			text: 'x',
			communicationName: name,
			schedule: { from: '09:00', to: '10:00', timeZone: 'UTC' },
		},
		{
			credentials: { communicationSmtpApi: { id: '1', name: 'SMTP' } },
		},
	);

describe('Cancel Communications and the Communication Ledger node', () => {
	it('cancels only the named communications of a participant, reports them, and the waiting execution finishes', async () => {
		jest.setSystemTime(new Date('2026-06-10T12:00:00Z'));
		const h = harness();
		await h.startWaitingServer();
		try {
			const reminder = await h.run(
				chain(source([{ id: 'p1', email: 'p1@example.com' }]), email('REMINDER')),
			);
			const followUp = await h.run(
				chain(source([{ id: 'p1', email: 'p1@example.com' }]), email('FOLLOW_UP')),
			);
			expect([reminder.status, followUp.status]).toEqual(['waiting', 'waiting']);

			const cancel = await h.run(
				chain(
					source([{ id: 'p1' }, { id: 'nobody' }]),
					node('Cancel', `${PKG}.cancelCommunications`, { communicationName: 'REMINDER' }),
				),
			);
			const [p1, nobody] = cancel.output('Cancel');
			expect(p1.json.canceled).toMatchObject({
				participantId: 'p1',
				communicationName: 'REMINDER',
				count: 1,
			});
			expect(nobody.json.canceled).toMatchObject({ count: 0, ids: [] });

			await dispatchDue(await getLedger(), new Date(), { workerId: 'd' });
			expect(h.resultFor(reminder.executionId).status).toBe('success');
			expect(
				(
					h.resultFor(reminder.executionId).output('Email')[0].json.communication as {
						status: string;
					}
				).status,
			).toBe('canceled');
			expect(h.resultFor(followUp.executionId).status).toBe('waiting');

			jest.setSystemTime(new Date('2026-06-11T09:00:05Z'));
			await dispatchDue(await getLedger(), new Date(), { workerId: 'd' });
			expect(sandbox.state().mails).toHaveLength(1);
			expect(h.resultFor(followUp.executionId).status).toBe('success');

			const lookups = await h.run(
				chain(
					source([{ id: 'p1' }]),
					node('Ledger', `${PKG}.communicationLedger`, { operation: 'communications' }),
				),
			);
			const rows = lookups.output('Ledger')[0].json.communications as Array<{
				name: string;
				status: string;
			}>;
			expect(rows.map((r) => [r.name, r.status]).sort()).toEqual([
				['FOLLOW_UP', 'sent'],
				['REMINDER', 'canceled'],
			]);
			expect(JSON.stringify(rows)).not.toContain('signature');

			const stats = await h.run(
				chain(
					source([{}]),
					node('Ledger', `${PKG}.communicationLedger`, { operation: 'statistics' }),
				),
			);
			expect(stats.output('Ledger')[0].json.statistics).toEqual([
				{ name: 'FOLLOW_UP', counts: { sent: 1 } },
				{ name: 'REMINDER', counts: { canceled: 1 } },
			]);
		} finally {
			await h.close();
		}
	});

	it('reports a missing participant as an item error and reads a stored profile', async () => {
		await (await getLedger()).updateProfile('p9', { tier: 'gold' });
		const result = await harness().run(
			chain(
				source([{ id: 'p9' }, { name: 'no id' }]),
				node(
					'Ledger',
					`${PKG}.communicationLedger`,
					{ operation: 'profile' },
					{ onError: 'continueRegularOutput' },
				),
			),
		);
		const [ok, bad] = result.output('Ledger');
		expect(ok.json.profile).toMatchObject({ participantId: 'p9', attributes: { tier: 'gold' } });
		expect(bad.json.error).toBe(
			'Participant ID is empty (Set Participant ID, e.g. {{ $json.id }}.)',
		);
	});
});
