import {
	DEFAULT_REVIEW_MESSAGE,
	findMember,
	memberAddress,
	membersInGroups,
	parseTeamDirectory,
	TeamDirectoryError,
} from '../../nodes/shared/team/directory';

const ann = {
	name: 'Ann Archer',
	email: 'Ann@Example.com',
	phone: '+1 (202) 555-0143',
	slackUserId: 'U0000ANN1',
	roles: ['coordinator'],
	teams: 'front desk, sales',
};
const bob = { id: 'u-bob', name: 'Bob Baker', email: 'bob@example.com', access: 'owned' };

function directory(members: unknown, extra: Record<string, unknown> = {}) {
	return parseTeamDirectory({ members: JSON.stringify(members), ...extra });
}

function problem(members: unknown, extra: Record<string, unknown> = {}): string {
	try {
		directory(members, extra);
	} catch (error) {
		expect(error).toBeInstanceOf(TeamDirectoryError);
		return (error as Error).message;
	}
	throw new Error('expected the directory to be refused');
}

describe('parseTeamDirectory', () => {
	it('normalises members: emails, E.164 phones, lists, access and a stable key', () => {
		const parsed = directory([ann, bob], {
			companyPhone: '(202) 555-0100',
			defaultCountry: 'us',
			reviewLink: 'https://g.page/r/acme/review',
		});
		expect(parsed.members).toEqual([
			{
				index: 0,
				key: 'Ann@Example.com',
				id: null,
				name: 'Ann Archer',
				email: 'Ann@Example.com',
				phone: '+12025550143',
				slackUserId: 'U0000ANN1',
				whatsapp: null,
				roles: ['coordinator'],
				teams: ['front desk', 'sales'],
				access: 'all',
			},
			expect.objectContaining({
				index: 1,
				key: 'u-bob',
				id: 'u-bob',
				access: 'owned',
				phone: null,
				roles: [],
			}),
		]);
		expect(parsed.companyPhone).toBe('+12025550100');
		expect(parsed.reviewLink).toBe('https://g.page/r/acme/review');
		expect(parsed.reviewMessage).toBe(DEFAULT_REVIEW_MESSAGE);
	});

	it('accepts an already parsed array and an empty member list', () => {
		expect(parseTeamDirectory({ members: [bob] }).members[0].name).toBe('Bob Baker');
		expect(parseTeamDirectory({ members: '' }).members).toEqual([]);
		expect(parseTeamDirectory({}).members).toEqual([]);
	});

	it.each([
		['not JSON', '[{', /^Members is not valid JSON/],
		['not an array', '{"name":"x"}', /^Members must be a JSON array/],
	])('refuses a member list that is %s', (_label, members, message) => {
		expect(() => parseTeamDirectory({ members })).toThrow(message);
	});

	it.each<[string, unknown[], string]>([
		[
			'a member that is not an object',
			[ann, 'bob'],
			'Team member at index 1 must be an object with at least a "name"',
		],
		[
			'a missing name',
			[ann, { email: 'x@example.com' }],
			'Team member at index 1: name is missing',
		],
		[
			'a malformed email',
			[ann, { name: 'Bob', email: 'bob@' }],
			"Team member at index 1 ('Bob'): email 'bob@' is not an email address",
		],
		[
			'a malformed phone',
			[{ name: 'Cy', phone: '12' }],
			"Team member at index 0 ('Cy'): phone '12'",
		],
		[
			'a national phone without a country',
			[{ name: 'Cy', phone: '202 555 0143' }],
			"Team member at index 0 ('Cy'): phone '202 555 0143' has no country code",
		],
		[
			'a malformed WhatsApp number',
			[{ name: 'Cy', whatsapp: 'call me' }],
			"Team member at index 0 ('Cy'): whatsapp 'call me' contains letters",
		],
		[
			'a malformed Slack ID',
			[{ name: 'Cy', slackUserId: '@cy' }],
			"Team member at index 0 ('Cy'): slackUserId '@cy' is not a Slack user ID",
		],
		[
			'an unknown access',
			[{ name: 'Cy', access: 'some' }],
			'Team member at index 0 (\'Cy\'): access must be "all" or "owned", not "some"',
		],
		[
			'roles that are not strings',
			[{ name: 'Cy', roles: [1] }],
			"Team member at index 0 ('Cy'): roles must be a list of names",
		],
		[
			'an unknown field',
			[{ name: 'Cy', emial: 'cy@example.com' }],
			"Team member at index 0 ('Cy'): unknown field 'emial'",
		],
		[
			'a duplicate email',
			[ann, { name: 'Other', email: 'ann@example.com' }],
			"Team member at index 1 ('Other'): email 'ann@example.com' is already used by the member at index 0",
		],
		[
			'a duplicate name',
			[bob, { name: 'bob baker' }],
			"Team member at index 1 ('bob baker'): name 'bob baker' is already used by the member at index 0",
		],
	])('names the member index and field for %s', (_label, members, message) => {
		expect(problem(members)).toContain(message);
	});

	it('refuses a bad review link and company phone', () => {
		expect(problem([], { reviewLink: 'g.page/review' })).toContain(
			"Review Link 'g.page/review' is not an absolute URL",
		);
		expect(problem([], { companyPhone: 'front desk' })).toContain('Company Phone: number');
	});
});

describe('findMember and addresses', () => {
	const team = directory([ann, bob, { id: '7', name: 'Cy Chen', whatsapp: '+12025550188' }]);

	it.each<[unknown, string | undefined]>([
		['ANN@example.com', 'Ann Archer'],
		['u-bob', 'Bob Baker'],
		['cy chen', 'Cy Chen'],
		[7, 'Cy Chen'],
		[{ email: 'bob@example.com', name: 'ignored' }, 'Bob Baker'],
		[{ name: 'Ann Archer' }, 'Ann Archer'],
		['nobody@example.com', undefined],
		['', undefined],
		[null, undefined],
	])('finds %p', (reference, name) => {
		expect(findMember(team, reference)?.name).toBe(name);
	});

	it('gives each channel its address, null when the member lacks it', () => {
		const [a, b, c] = team.members;
		expect([a, b, c].map((m) => memberAddress(m, 'sms'))).toEqual(['+12025550143', null, null]);
		expect([a, b, c].map((m) => memberAddress(m, 'slack'))).toEqual([
			'U0000ANN1',
			'bob@example.com',
			null,
		]);
		expect([a, b, c].map((m) => memberAddress(m, 'whatsapp'))).toEqual([
			null,
			null,
			'+12025550188',
		]);
	});

	it('finds members by role or team, case-insensitively', () => {
		expect(membersInGroups(team, ['SALES', 'nope']).map((m) => m.name)).toEqual(['Ann Archer']);
	});
});
