// SMS and voice communications outside their window are planned, then sent by the dispatcher with today's data.
import { randomUUID } from 'node:crypto';

import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import { VoiceCommunication } from '../../nodes/VoiceCommunication/VoiceCommunication.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, scheduledWorkflow } from '../support/engine/workflow';
import { communicationOf, twilioCredentials, xmlTree } from '../support/twilio-engine';
import { fakeDateOnly } from '../support/engine/clock';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const credentials = { communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' } };

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new SmsCommunication(), new VoiceCommunication()], test: [new TestItems()] },
		credentials: { communicationTwilioApi: twilioCredentials(sandbox) },
	});
}

function workflow(
	type: string,
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
) {
	return scheduledWorkflow(type, items, parameters, credentials);
}

it('SMS: sends in-window contacts now, plans the others and sends them later with current profile data', async () => {
	clock('2026-06-10T14:00:00Z'); // New York 10:00, Los Angeles 07:00
	const people = [
		{
			id: `ny-${randomUUID()}`,
			phone: '+14155550801',
			first_name: 'Nia',
			timezone: 'America/New_York',
		},
		{
			id: `la-${randomUUID()}`,
			phone: '+14155550802',
			first_name: 'Lou',
			timezone: 'America/Los_Angeles',
		},
	];
	const h = harness();
	await h.startWaitingServer();
	try {
		const first = await h.run(
			workflow('smsCommunication', people, {
				message: 'Hi {{ first_name }}',
				communicationName: 'SMS_REMINDER',
			}),
		);
		expect(first.status).toBe('waiting');
		expect(sandbox.state().sms.map((m) => m.to)).toEqual(['+14155550801']);
		expect(first.output('Node').map((o) => communicationOf(o).status)).toEqual([
			'sent',
			'scheduled',
		]);

		const ledger = await getLedger();
		await ledger.updateProfile(people[1].id, { first_name: 'Louise' });
		clock('2026-06-10T16:00:05Z'); // Los Angeles 09:00:05
		await dispatchDue(ledger, new Date(), { workerId: 'd1' });

		const done = h.resultFor(first.executionId);
		expect(done.status).toBe('success');
		expect(sandbox.state().sms.map((m) => [m.to, m.body])).toEqual([
			['+14155550801', 'Hi Nia'],
			['+14155550802', 'Hi Louise'],
		]);
		expect(done.output('Node').map((o) => communicationOf(o))).toEqual([
			expect.objectContaining({ status: 'sent', name: 'SMS_REMINDER' }),
			expect.objectContaining({ status: 'sent', name: 'SMS_REMINDER', segments: 1 }),
		]);
		expect(done.ranNodes()).toContain('After');
	} finally {
		await h.close();
	}
});

it('Voice: a bridge call planned for the morning rings the assigned user once the window opens', async () => {
	clock('2026-06-10T03:00:00Z'); // Berlin 05:00
	const lead = {
		id: `be-${randomUUID()}`,
		phone: '+4915112345678',
		name: 'Ben',
		assigned_user_phone: '+4915112345679',
		timezone: 'Europe/Berlin',
	};
	const h = harness();
	await h.startWaitingServer();
	try {
		const first = await h.run(
			workflow('voiceCommunication', [lead], {
				operation: 'bridgeCall',
				assignedUserPhone: '={{ $json.assigned_user_phone }}',
				whisper: 'Lead {{ name }}',
				callTimeout: 20,
			}),
		);
		expect(first.status).toBe('waiting');
		expect(sandbox.state().calls).toHaveLength(0);

		clock('2026-06-10T07:00:10Z'); // Berlin 09:00:10
		await dispatchDue(await getLedger(), new Date(), { workerId: 'd1' });
		const done = h.resultFor(first.executionId);
		expect(done.status).toBe('success');
		const [call] = sandbox.state().calls;
		expect(call.to).toBe('+4915112345679');
		const tree = await xmlTree(String(call.twiml));
		expect(tree.children[0].children[0].text).toBe('Lead Ben');
		expect(communicationOf(done.output('Node')[0])).toMatchObject({
			status: 'sent',
			answeredBy: 'human',
			callSid: call.sid,
		});
	} finally {
		await h.close();
	}
});
