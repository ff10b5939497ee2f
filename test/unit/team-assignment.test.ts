import { decideAssignment } from '../../nodes/ManualAction/team-assignment';
import { parseTeamDirectory } from '../../nodes/shared/team/directory';

const team = parseTeamDirectory({
	members: [
		{ id: 'u-all', name: 'Alice All', email: 'alice@example.com', access: 'all' },
		{ id: 'u-own', name: 'Oscar Owned', email: 'oscar@example.com', access: 'owned' },
		{ id: 'u-own2', name: 'Olga Owned', email: 'olga@example.com', access: 'owned' },
	],
});

describe('decideAssignment: the fallback table', () => {
	it.each<[string, unknown, Record<string, unknown>, string, string | null, RegExp]>([
		[
			'selected member with access to all contacts',
			'u-all',
			{ owner: 'olga@example.com' },
			'selected_member',
			'Alice All',
			/may access every contact/,
		],
		[
			'selected member who owns the contact (access owned)',
			'oscar@example.com',
			{ owner: 'Oscar Owned' },
			'selected_member',
			'Oscar Owned',
			/owns this contact/,
		],
		[
			'selected member without access falls back to the owner',
			'u-own',
			{ assigned_user: 'olga@example.com' },
			'owner_fallback',
			'Olga Owned',
			/Oscar Owned may only access their own contacts.*Olga Owned/,
		],
		[
			'selected member without access and no owner: unassigned',
			'u-own',
			{},
			'unassigned',
			null,
			/may only access their own contacts and the contact has no owner/,
		],
		[
			'selected without access, owner not in the directory: unassigned',
			'u-own',
			{ owner: 'gone@example.com' },
			'unassigned',
			null,
			/'gone@example.com' is not in the Team Directory/,
		],
		[
			'no selection: the contact owner (by id)',
			'',
			{ owner: 'u-own2' },
			'contact_owner',
			'Olga Owned',
			/No member selected/,
		],
		[
			'no selection: the contact owner (object form)',
			'',
			{ owner: { email: 'ALICE@example.com' } },
			'contact_owner',
			'Alice All',
			/contact owner Alice All/,
		],
		['no selection, no owner: unassigned', '', {}, 'unassigned', null, /contact has no owner/],
		[
			'no selection, unknown owner: unassigned',
			'',
			{ owner: 'Zed' },
			'unassigned',
			null,
			/'Zed' is not in the Team Directory/,
		],
	])('%s', (_label, selected, participant, rule, assignee, reason) => {
		const assignment = decideAssignment(team, selected, participant);
		expect(assignment.rule).toBe(rule);
		expect(assignment.member?.name ?? null).toBe(assignee);
		expect(assignment.reason).toMatch(reason);
	});

	it('refuses a selected member that is not in the directory', () => {
		expect(() => decideAssignment(team, 'someone@example.com', { owner: 'u-all' })).toThrow(
			"Assign To 'someone@example.com' is not a member of the Team Directory",
		);
	});
});
