// Team texts (Internal Notification here) use the Twilio credential's sender checked as SMS Communication
// checks it: a From number is sent as E.164, a Messaging Service SID must look like one.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	recipientsOf,
	sampleTeam,
	teamHarness,
	teamWorkflow,
	type TeamMemberJson,
} from '../support/team-engine';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

async function textAlice(twilio: ICredentialDataDecryptedObject) {
	const { alice } = sampleTeam();
	const members: TeamMemberJson[] = [alice];
	const wf = teamWorkflow([{ first_name: 'Lena' }], 'internalNotification', {
		channel: 'sms',
		toUserTypes: ['particularUsers'],
		particularUsers: [alice.id],
		subject: 'Lead',
		message: 'New lead {{ first_name }}',
	});
	return await teamHarness(sandbox, [new InternalNotification()], members, { twilio }).run(wf);
}

describe('Team SMS: the credential sender is checked like SMS Communication', () => {
	it('sends from the credential number in E.164 when it is written with spaces and dashes', async () => {
		const result = await textAlice({ fromNumber: '+1 500-555-0006' });
		expect(result.status).toBe('success');
		expect(recipientsOf(result.output('Node')[0]).map((r) => r.status)).toEqual(['sent']);
		expect(sandbox.state().sms.map((s) => [s.from, s.to])).toEqual([
			['+15005550006', '+12025550101'],
		]);
	});

	it('sends through the Messaging Service when the credential has no From number', async () => {
		const { messagingServiceSid } = sandbox.credentials.twilio;
		const result = await textAlice({ fromNumber: '', messagingServiceSid });
		expect(result.status).toBe('success');
		expect(sandbox.state().sms).toHaveLength(1);
		expect(sandbox.state().sms[0]).toMatchObject({ from: null, messagingServiceSid });
	});

	it('refuses a Messaging Service SID that is not one, and sends nothing', async () => {
		const result = await textAlice({ fromNumber: '', messagingServiceSid: 'MG123' });
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			"Nobody was notified: Alice Archer: The credential's Default Messaging Service SID 'MG123' is not a Messaging Service SID (MG followed by 32 hex characters)",
		);
		expect(sandbox.state().sms).toHaveLength(0);
	});

	it('refuses a From number that is not a phone number, before asking Twilio', async () => {
		const result = await textAlice({ fromNumber: '12-ab-34' });
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toMatch(
			/^Nobody was notified: Alice Archer: The credential's Default From Number /,
		);
		expect(sandbox.state().sms).toHaveLength(0);
		expect(sandbox.state().requests.filter((r) => r.path.endsWith('/Messages.json'))).toEqual([]);
	});
});
