// The return path in real workflows: opted-out numbers are skipped at send time (also when a
// planned SMS comes due), and a reply cancels the contact's planned communications that stop on
// response, so their waiting execution finishes with them canceled / replied.
import { randomUUID } from 'node:crypto';

import { stopOnResponse } from '../../nodes/shared/events/stop-on-response';
import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import type { Sandbox } from '../../sandbox';
import { fakeDateOnly } from '../support/engine/clock';
import { scheduledWorkflow } from '../support/engine/workflow';
import { communicationOf, itemsInto, twilioHarness } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const credentials = { communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' } };
const AT = new Date('2026-06-10T14:00:00Z');

function contact(phone: string) {
	return { id: `c-${randomUUID()}`, phone, first_name: 'Kim', timezone: 'America/Los_Angeles' };
}

it('skips an opted-out number with reason opted_out, and sends it anyway with Send to Suppressed Contacts', async () => {
	clock('2026-06-10T18:00:00Z');
	const ledger = await getLedger();
	await ledger.suppress({
		channel: 'sms',
		address: '+14155550901',
		reason: 'stop_keyword',
		at: AT,
	});
	const people = [contact('+1 415 555 0901'), contact('+14155550902')];
	const h = twilioHarness(sandbox, new SmsCommunication());
	try {
		const params = { to: '={{ $json.phone }}', message: 'Hi {{ first_name }}' };
		const run = await h.run(itemsInto(people, 'smsCommunication', params));
		expect(run.status).toBe('success');
		expect(sandbox.state().sms.map((m) => m.to)).toEqual(['+14155550902']);
		const [skipped, sent] = run.output('Node').map(communicationOf);
		expect(skipped).toMatchObject({ status: 'skipped', reason: 'opted_out', success: false });
		expect(String(skipped.warnings)).toMatch(/\+14155550901 opted out of SMS \(stop_keyword/);
		expect(sent.status).toBe('sent');

		const transactional = await h.run(
			itemsInto([people[0]], 'smsCommunication', {
				...params,
				options: { sendToSuppressed: true },
			}),
		);
		expect(sandbox.state().sms.map((m) => m.to)).toEqual(['+14155550902', '+14155550901']);
		const [forced] = transactional.output('Node').map(communicationOf);
		expect(forced.status).toBe('sent');
		expect(String(forced.warnings)).toMatch(/Send to Suppressed Contacts is on/);
	} finally {
		await h.close();
		await ledger.unsuppress('sms', '+14155550901');
	}
});

it('re-checks a planned SMS at send time: the number opted out meanwhile, so it is skipped', async () => {
	clock('2026-06-10T14:00:00Z'); // Los Angeles 07:00: planned for 09:00
	const person = contact('+14155550911');
	const h = twilioHarness(sandbox, new SmsCommunication());
	await h.startWaitingServer();
	const ledger = await getLedger();
	try {
		const first = await h.run(
			scheduledWorkflow('smsCommunication', [person], { message: 'Hi' }, credentials),
		);
		expect(first.status).toBe('waiting');
		await ledger.suppress({
			channel: 'sms',
			address: '+14155550911',
			reason: 'stop_keyword',
			at: AT,
		});
		clock('2026-06-10T16:00:05Z');
		await dispatchDue(ledger, new Date(), { workerId: 'd1' });
		const done = h.resultFor(first.executionId);
		expect(done.status).toBe('success');
		expect(sandbox.state().sms).toEqual([]);
		expect(communicationOf(done.output('Node')[0])).toMatchObject({
			status: 'skipped',
			reason: 'opted_out',
		});
	} finally {
		await h.close();
		await ledger.unsuppress('sms', '+14155550911');
	}
});

it('a reply cancels the planned campaign of that contact only: its execution finishes canceled / replied', async () => {
	clock('2026-06-10T14:00:00Z'); // Los Angeles 07:00: both planned for 09:00
	const replying = contact('+14155550921');
	const other = contact('+14155550922');
	const h = twilioHarness(sandbox, new SmsCommunication());
	await h.startWaitingServer();
	const ledger = await getLedger();
	try {
		const campaign = (person: Record<string, unknown>) => {
			const wf = scheduledWorkflow(
				'smsCommunication',
				[person],
				{ message: 'Step 1', communicationName: 'DRIP_CAMPAIGN' },
				credentials,
			);
			const sms = wf.nodes.find((n) => n.name === 'Node');
			if (sms) sms.parameters.schedule = { from: '09:00', to: '18:00', stopOnResponse: 'all' };
			return wf;
		};
		const mine = await h.run(campaign(replying));
		const theirs = await h.run(campaign(other));
		expect([mine.status, theirs.status]).toEqual(['waiting', 'waiting']);

		clock('2026-06-10T14:30:00Z');
		const canceled = await stopOnResponse(ledger, {
			channel: 'sms',
			address: '+1 (415) 555-0921',
			receivedAt: new Date(),
		});
		expect(canceled.map((row) => row.participantId)).toEqual([replying.id]);

		await dispatchDue(ledger, new Date(), { workerId: 'd1' });
		const done = h.resultFor(mine.executionId);
		expect(done.status).toBe('success');
		expect(communicationOf(done.output('Node')[0])).toMatchObject({
			status: 'canceled',
			reason: 'replied',
			name: 'DRIP_CAMPAIGN',
		});
		expect(sandbox.state().sms).toEqual([]);
		const untouched = await ledger.list({ participantId: other.id });
		expect(untouched.map((row) => row.status)).toEqual(['planned']);
		expect(h.resultFor(theirs.executionId).status).toBe('waiting');
	} finally {
		await h.close();
	}
});
