import type { INode } from 'n8n-workflow';

import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	OPEN_WHATSAPP_WINDOWS,
	recipientsOf,
	resultOf,
	sampleTeam,
	teamHarness,
	teamWorkflow,
	type TeamMemberJson,
} from '../support/team-engine';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: { whatsappOpenWindows: OPEN_WHATSAPP_WINDOWS } });
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const notify = (members: TeamMemberJson[]) =>
	teamHarness(sandbox, [new InternalNotification()], members);
const mailsTo = (address: string) =>
	sandbox.state().mails.filter((m) => m.envelope.to.includes(address));
const slackPosts = () => sandbox.state().slack.filter((r) => r.method === 'chat.postMessage');

function notification(
	items: Array<Record<string, unknown>>,
	parameters: INode['parameters'],
	options: { after?: boolean; extra?: Partial<INode> } = {},
) {
	return teamWorkflow(
		items,
		'internalNotification',
		{
			channel: 'email',
			subject: 'Lead {{ first_name }}',
			message: 'New lead {{ first_name }} for {{ recipient.name }}',
			...parameters,
		},
		options,
	);
}

describe('Internal Notification: who gets it', () => {
	it('sends one message to a member who is assigned, particular and in All Users at once', async () => {
		const { alice, bob, carol } = sampleTeam();
		const wf = notification([{ id: 'c1', first_name: 'Lena', owner: 'alice@example.com' }], {
			toUserTypes: ['allUsers', 'particularUsers', 'assignedUser', 'custom'],
			particularUsers: [alice.id],
			customRecipients: 'ALICE@example.com, ops@example.com',
		});
		const result = await notify([alice, bob, carol]).run(wf);
		expect(result.status).toBe('success');
		expect(mailsTo('alice@example.com')).toHaveLength(1);
		expect(mailsTo('bob@example.com')).toHaveLength(1);
		expect(mailsTo('carol@example.com')).toHaveLength(1);
		expect(mailsTo('ops@example.com')).toHaveLength(1);
		expect(sandbox.state().mails).toHaveLength(4);
		expect(mailsTo('alice@example.com')[0]).toMatchObject({
			subject: 'Lead Lena',
			text: expect.stringContaining('New lead Lena for Alice Archer'),
		});

		const [item] = result.output('Node');
		expect(resultOf(item)).toMatchObject({
			channel: 'notification',
			status: 'sent',
			success: true,
			output: 'Internal notification has been sent.',
		});
		expect(recipientsOf(item).map((r) => [r.name ?? r.address, r.via, r.status])).toEqual([
			['Alice Archer', ['assignedUser', 'particularUsers', 'allUsers', 'custom'], 'sent'],
			['Bob Baker', ['allUsers'], 'sent'],
			['Carol Chen', ['allUsers'], 'sent'],
			['ops@example.com', ['custom'], 'sent'],
		]);
	});

	it('notifies members of a role or team, case-insensitively', async () => {
		const { alice, bob, carol } = sampleTeam();
		const wf = notification([{ first_name: 'Lena' }], {
			toUserTypes: ['groups'],
			groups: ['sales'],
		});
		const result = await notify([alice, bob, carol]).run(wf);
		expect(recipientsOf(result.output('Node')[0]).map((r) => r.name)).toEqual([
			'Alice Archer',
			'Carol Chen',
		]);
		expect(
			sandbox
				.state()
				.mails.map((m) => m.envelope.to[0])
				.sort(),
		).toEqual(['alice@example.com', 'carol@example.com']);
	});

	it('skips a missing Assigned User with a reason and the workflow continues', async () => {
		const { alice, bob } = sampleTeam();
		const wf = notification(
			[
				{ id: 'c2', first_name: 'Max' },
				{ id: 'c3', first_name: 'Ola', owner: 'nobody@example.com' },
				{ id: 'c4', first_name: 'Pia', assigned_user: 'Bob Baker' },
			],
			{ toUserTypes: ['assignedUser'] },
			{ after: true },
		);
		const result = await notify([alice, bob]).run(wf);
		expect(result.status).toBe('success');
		const [noOwner, unknownOwner, bobs] = result.output('Node').map(resultOf);
		expect(noOwner).toMatchObject({ status: 'skipped', success: false });
		expect(noOwner.warnings).toContain('Assigned User skipped: the contact has no assigned user.');
		expect(unknownOwner.warnings).toContain(
			"Assigned User skipped: the assigned user 'nobody@example.com' is not in the Team Directory.",
		);
		expect(bobs).toMatchObject({ status: 'sent', accepted: ['bob@example.com'] });
		expect(result.output('After')).toHaveLength(3);
		expect(sandbox.state().mails).toHaveLength(1);
	});

	it('runs without a contact (no participant ID)', async () => {
		const { alice } = sampleTeam();
		const wf = notification([{}], {
			participantId: '',
			toUserTypes: ['particularUsers'],
			particularUsers: [alice.id],
			subject: 'Daily report',
			message: 'All systems normal',
		});
		const result = await notify([alice]).run(wf);
		expect(resultOf(result.output('Node')[0])).toMatchObject({ status: 'sent', participantId: '' });
		expect(mailsTo('alice@example.com')[0].subject).toBe('Daily report');
	});
});

describe('Internal Notification: channels and failures', () => {
	it('fails only the member without a phone on the SMS channel', async () => {
		const { alice, bob, carol } = sampleTeam();
		const wf = notification([{ first_name: 'Lena' }], {
			channel: 'sms',
			toUserTypes: ['allUsers'],
		});
		const result = await notify([alice, bob, carol]).run(wf);
		expect(result.status).toBe('success');
		const [item] = result.output('Node');
		expect(recipientsOf(item).map((r) => [r.name, r.status, r.error])).toEqual([
			['Alice Archer', 'sent', null],
			['Bob Baker', 'sent', null],
			['Carol Chen', 'failed', 'Carol Chen has no phone number in the Team Directory'],
		]);
		expect(resultOf(item)).toMatchObject({
			status: 'sent',
			success: true,
			accepted: ['+12025550101', '+12025550102'],
			rejected: ['Carol Chen'],
		});
		expect(sandbox.state().sms.map((s) => [s.to, s.body])).toEqual(
			expect.arrayContaining([
				['+12025550101', 'New lead Lena for Alice Archer'],
				['+12025550102', 'New lead Lena for Bob Baker'],
			]),
		);
		expect(sandbox.state().sms).toHaveLength(2);
	});

	it('fails the item when nobody could be notified', async () => {
		const { carol } = sampleTeam();
		const wf = notification([{ first_name: 'Lena' }], {
			channel: 'sms',
			toUserTypes: ['particularUsers'],
			particularUsers: [carol.id],
		});
		const result = await notify([carol]).run(wf);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			'Nobody was notified: Carol Chen: Carol Chen has no phone number in the Team Directory',
		);
	});

	it('sends Slack direct messages by Slack ID, and by email lookup for a member without one', async () => {
		const { alice, bob } = sampleTeam();
		const wf = notification([{ first_name: 'Lena' }], {
			channel: 'slack',
			toUserTypes: ['allUsers'],
		});
		const result = await notify([alice, bob]).run(wf);
		expect(result.status).toBe('success');
		expect(
			slackPosts()
				.map((p) => [p.args.channel, p.args.text])
				.sort(),
		).toEqual([
			['U00000BOB0', 'New lead Lena for Bob Baker'],
			['U0000ALICE', 'New lead Lena for Alice Archer'],
		]);
	});

	it('sends WhatsApp free text, and a template with one body parameter per line', async () => {
		const { carol } = sampleTeam();
		const h = notify([carol]);
		await h.run(
			notification([{ first_name: 'Lena' }], { channel: 'whatsapp', toUserTypes: ['allUsers'] }),
		);
		await h.run(
			notification([{ first_name: 'Lena' }], {
				channel: 'whatsapp',
				toUserTypes: ['allUsers'],
				whatsAppMessageType: 'template',
				templateName: 'appointment_reminder',
				languageCode: 'en_US',
				message: '{{ first_name }}\n{{ recipient.name }}',
			}),
		);
		const bodies = sandbox
			.state()
			.whatsapp.filter((r) => r.method === 'POST')
			.map((r) => r.body);
		expect(bodies[0]).toMatchObject({
			to: '12025550103',
			type: 'text',
			text: { body: 'New lead Lena for Carol Chen' },
		});
		expect(bodies[1]).toMatchObject({
			to: '12025550103',
			type: 'template',
			template: {
				name: 'appointment_reminder',
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Lena' },
							{ type: 'text', text: 'Carol Chen' },
						],
					},
				],
			},
		});
	});
});

describe('Internal Notification: per-user limit', () => {
	it('reports recipients over a small limit instead of dropping them silently', async () => {
		const { alice, bob } = sampleTeam();
		const items = Array.from({ length: 4 }, (_v, i) => ({ first_name: `Lead ${i}` }));
		const wf = notification(items, {
			channel: 'slack',
			toUserTypes: ['particularUsers', 'custom'],
			particularUsers: [alice.id],
			customRecipients: String(bob.email),
			options: { limitPerUser: 3, limitWindowMinutes: 5, maxConcurrentSends: 1 },
		});
		const result = await notify([alice, bob]).run(wf);
		const outcomes = result.output('Node').map((item) => recipientsOf(item).map((r) => r.status));
		// Bob is reached through his email as a custom recipient: the same person, the same limit.
		expect(outcomes).toEqual([
			['sent', 'sent'],
			['sent', 'sent'],
			['sent', 'sent'],
			['over_limit', 'over_limit'],
		]);
		const last = result.output('Node')[3];
		expect(resultOf(last)).toMatchObject({ status: 'skipped', success: false });
		expect(recipientsOf(last)[0].error).toBe(
			'Over the limit of 3 notifications per 5 minutes for this user; not notified.',
		);
		expect(slackPosts()).toHaveLength(6);
	});

	it('allows 500 notifications to one member in 5 minutes and reports the 501st', async () => {
		const { alice } = sampleTeam();
		const items = Array.from({ length: 501 }, (_v, i) => ({ n: i }));
		const wf = notification(items, {
			channel: 'slack',
			toUserTypes: ['particularUsers'],
			particularUsers: [alice.id],
			message: 'Alert {{ n }}',
			options: { maxConcurrentSends: 25 },
		});
		const result = await notify([alice]).run(wf);
		expect(result.status).toBe('success');
		const statuses = result.output('Node').map((item) => resultOf(item).status);
		expect(statuses.filter((s) => s === 'sent')).toHaveLength(500);
		const over = result.output('Node').filter((item) => resultOf(item).status === 'skipped');
		expect(over).toHaveLength(1);
		expect(recipientsOf(over[0])).toEqual([
			expect.objectContaining({ name: 'Alice Archer', status: 'over_limit' }),
		]);
		expect(slackPosts()).toHaveLength(500);
	}, 60_000);
});

describe('Internal Notification: Team Directory credential', () => {
	it('tests the directory on save and names the malformed member', async () => {
		const nodeType = new InternalNotification();
		const h = notify([]);
		const ok = await h.testCredential(nodeType, 'communicationTeamDirectoryTest', {
			id: 'team',
			name: 'Team',
			type: 'communicationTeamDirectoryApi',
			data: {
				members: JSON.stringify([{ name: 'Ann', email: 'ann@example.com' }]),
				reviewLink: 'https://r.example.com',
			},
		});
		expect(ok).toEqual({
			status: 'OK',
			message: 'Team Directory is valid: 1 member, review link set, no company phone',
		});
		const bad = await h.testCredential(nodeType, 'communicationTeamDirectoryTest', {
			id: 'team',
			name: 'Team',
			type: 'communicationTeamDirectoryApi',
			data: { members: JSON.stringify([{ name: 'Ann' }, { name: 'Bo', phone: '+1 555' }]) },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/^Team member at index 1 \('Bo'\): phone '\+1 555'/);
	});

	it('fails the run with the member index when the directory is malformed', async () => {
		const h = teamHarness(sandbox, [new InternalNotification()], [], {
			directory: { members: JSON.stringify([{ name: 'Ann', slackUserId: 'ann' }]) },
		});
		const result = await h.run(notification([{}], { toUserTypes: ['allUsers'] }));
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			"Team member at index 0 ('Ann'): slackUserId 'ann' is not a Slack user ID (like U024BE7LH)",
		);
	});
});
