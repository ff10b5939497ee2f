// The return path end to end through n8n's engine: sends carry the events workflow's status URL,
// an inbound STOP (signed Twilio request to the trigger) makes the next send skipped / opted_out and
// START re-enables it, and an inbound reply cancels the contact's planned campaign.
import { randomUUID } from 'node:crypto';

import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import { VoiceCommunication } from '../../nodes/VoiceCommunication/VoiceCommunication.node';
import type { Sandbox } from '../../sandbox';
import { fakeDateOnly } from '../support/engine/clock';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { setTriggerActive } from '../support/engine/trigger-webhook';
import { PKG, scheduledWorkflow } from '../support/engine/workflow';
import {
	EVENTS_NODE,
	eventsCredentials,
	eventsNodeType,
	eventsWorkflow,
	EventsClient,
} from '../support/events-engine';
import { communicationOf, itemsInto, twilioCredentials } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
fakeDateOnly();
const clock = (iso: string) => jest.setSystemTime(new Date(iso));

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [eventsNodeType(), new SmsCommunication(), new VoiceCommunication()],
			test: [new TestItems()],
		},
		credentials: { communicationTwilioApi: twilioCredentials(sandbox), ...eventsCredentials() },
	});
}

async function activeEvents(h: EngineHarness): Promise<EventsClient> {
	const events = new EventsClient(h, eventsWorkflow(), sandbox.credentials.twilio.authToken);
	await setTriggerActive(h, events.workflow, EVENTS_NODE, true);
	return events;
}

const credentials = { communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' } };

it("fills Twilio's StatusCallback of SMS and calls with the active events workflow's URL, unless the node sets one", async () => {
	clock('2026-06-10T18:00:00Z');
	const h = harness();
	const before = await h.run(
		itemsInto([{ id: 'p-a', phone: '+14155550301' }], 'smsCommunication', { message: 'Hi' }),
	);
	expect(communicationOf(before.output('Node')[0]).status).toBe('sent');
	expect(sandbox.state().sms[0].fields.StatusCallback).toBeUndefined();

	const events = await activeEvents(h);
	try {
		await h.run(
			itemsInto([{ id: 'p-b', phone: '+14155550302' }], 'smsCommunication', { message: 'Hi' }),
		);
		await h.run(
			itemsInto([{ id: 'p-c', phone: '+14155550303' }], 'smsCommunication', {
				message: 'Hi',
				options: { statusCallback: 'https://hooks.example.com/own' },
			}),
		);
		expect(sandbox.state().sms.map((m) => m.fields.StatusCallback)).toEqual([
			undefined,
			events.url('twilio/status'),
			'https://hooks.example.com/own',
		]);
		await h.run(
			itemsInto([{ id: 'p-d', phone: '+14155550304' }], 'voiceCommunication', {
				operation: 'outboundCall',
				sipServer: 'sip.example.com',
				twiml: '<Response><Say>Hi</Say></Response>',
			}),
		);
		expect(sandbox.state().calls.map((c) => c.statusCallback)).toEqual([
			events.url('twilio/status'),
		]);
	} finally {
		await setTriggerActive(h, events.workflow, EVENTS_NODE, false);
	}
});

it('an inbound STOP makes the next SMS to that number skipped (opted_out); START sends again', async () => {
	clock('2026-06-10T18:00:00Z');
	const h = harness();
	const events = await activeEvents(h);
	const number = '+14155550311';
	const inbound = async (body: string) =>
		await events.twilio('twilio/inbound', {
			MessageSid: `SM-${randomUUID()}`,
			From: number,
			To: sandbox.credentials.twilio.fromNumber,
			Body: body,
		});
	const send = async () => {
		const run = await h.run(
			itemsInto([{ id: `p-${randomUUID()}`, phone: number }], 'smsCommunication', {
				message: 'Reply STOP to opt out',
			}),
		);
		return communicationOf(run.output('Node')[0]);
	};
	try {
		expect((await inbound('STOP')).response.statusCode).toBe(200);
		expect(await send()).toMatchObject({ status: 'skipped', reason: 'opted_out' });
		expect(sandbox.state().sms).toEqual([]);

		await inbound('start');
		expect((await send()).status).toBe('sent');
		expect(sandbox.state().sms.map((m) => m.to)).toEqual([number]);
	} finally {
		await setTriggerActive(h, events.workflow, EVENTS_NODE, false);
	}
});

it("a reply to the trigger cancels the contact's planned campaign, and its execution finishes canceled / replied", async () => {
	clock('2026-06-10T14:00:00Z'); // Los Angeles 07:00: planned for 09:00
	const h = harness();
	await h.startWaitingServer();
	const events = await activeEvents(h);
	const person = {
		id: `c-${randomUUID()}`,
		phone: '+14155550321',
		timezone: 'America/Los_Angeles',
	};
	const ledger = await getLedger();
	try {
		// The contact got an SMS earlier: its delivery report tells the ledger whose number it is.
		const first = await h.run(
			itemsInto([person], 'smsCommunication', { message: 'Welcome', communicationName: 'WELCOME' }),
		);
		const sid = String(communicationOf(first.output('Node')[0]).providerMessageId);
		await events.twilio('twilio/status', {
			MessageSid: sid,
			MessageStatus: 'delivered',
			To: person.phone,
		});

		const wf = scheduledWorkflow(
			'smsCommunication',
			[person],
			{ message: 'Step 2', communicationName: 'DRIP' },
			credentials,
		);
		const sms = wf.nodes.find((n) => n.name === 'Node');
		if (sms) sms.parameters.schedule = { from: '09:00', to: '18:00', stopOnResponse: 'all' };
		const waiting = await h.run(wf);
		expect(waiting.status).toBe('waiting');

		clock('2026-06-10T14:30:00Z');
		const reply = await events.twilio('twilio/inbound', {
			MessageSid: `SM-${randomUUID()}`,
			From: person.phone,
			Body: 'Already booked, thanks',
		});
		expect(reply.result?.output(EVENTS_NODE)[0].json).toMatchObject({
			type: 'reply',
			participantId: person.id,
		});
		await dispatchDue(ledger, new Date(), { workerId: 'events-test' });
		const done = h.resultFor(waiting.executionId);
		expect(done.status).toBe('success');
		expect(communicationOf(done.output('Node')[0])).toMatchObject({
			status: 'canceled',
			reason: 'replied',
		});
		expect(sandbox.state().sms).toHaveLength(1);
	} finally {
		await setTriggerActive(h, events.workflow, EVENTS_NODE, false);
		await h.close();
	}
});
