// The Twilio examples in a real n8n: what the sandbox's Twilio peer received, and the node outputs.
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();
const E164 = /^\+[1-9]\d{6,14}$/;
const xml2js = require('xml2js') as {
	parseStringPromise: (xml: string) => Promise<Record<string, unknown>>;
};

describe('appointment-reminder-sms', () => {
	it('texts the merged reminder to the number, normalised to E.164', async () => {
		const run = await e2e.runExample('appointment-reminder-sms');
		expect({ status: run.execution.status, error: run.execution.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(run.delta.sms).toHaveLength(1);
		const [sms] = run.delta.sms;
		expect(sms.to).toBe('+14155550123');
		expect(sms.from).toMatch(E164);
		expect(sms.body).toBe(
			'Hi Maria, a reminder of your appointment tomorrow at 10:30 at Main Street Clinic. Reply STOP to opt out.',
		);
		const [out] = nodeOutput(run.execution, 'SMS Communication');
		expect(out.communication).toMatchObject({
			status: 'sent',
			output: 'Reminder sent.',
			providerMessageId: sms.sid,
			segments: 1,
			encoding: 'GSM-7',
		});
	});

	it('sends nothing to a contact who opted out of SMS', async () => {
		const run = await e2e.runExample('appointment-reminder-sms', {
			method: 'POST',
			body: {
				id: 'pat-8',
				phone: '+14155550124',
				first_name: 'Sam',
				appointment: { start_time: 'today', location: 'Clinic' },
				sms_opt_out: true,
			},
		});
		expect(run.execution.status).toBe('success');
		expect(run.delta.sms).toHaveLength(0);
		expect(nodeOutput(run.execution, 'SMS Communication')[0].communication).toMatchObject({
			status: 'skipped',
		});
	});
});

describe('bridge-call-to-new-lead', () => {
	it('rings the assigned user with a whisper TwiML that dials the lead after a keypress', async () => {
		const run = await e2e.runExample('bridge-call-to-new-lead');
		expect({ status: run.execution.status, error: run.execution.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(run.delta.calls).toHaveLength(1);
		const [call] = run.delta.calls;
		expect(call).toMatchObject({
			to: '+14155550177',
			machineDetection: 'Enable',
			timeout: 20,
			twimlValid: true,
		});
		const twiml = await xml2js.parseStringPromise(String(call.twiml));
		expect(JSON.stringify(twiml)).toContain(
			'You have a new lead, Jordan Lee. Press any key to connect.',
		);
		const action = new URL(
			String((twiml.Response as { Gather: Array<{ $: { action: string } }> }).Gather[0].$.action),
		);
		expect(action.searchParams.get('Twiml')).toContain('<Number>+14155550142</Number>');
		const [out] = nodeOutput(run.execution, 'Voice Communication');
		expect(out.communication).toMatchObject({
			status: 'sent',
			output: 'Lead call started.',
			callSid: call.sid,
			answeredBy: 'human',
		});
	});
});
