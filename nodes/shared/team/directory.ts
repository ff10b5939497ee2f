// Reads and validates the Team Directory credential (members, company phone, review settings);
// pure, so every rule is unit-tested. Re-exports the member lookups.
import { parseOptionalHttpUrl } from '../http-url';
import { InputError } from '../errors';
import { parseJsonText } from '../json-fields';
import { parseEmailAddress, parsePhoneNumber } from '../recipients';
import { text } from './fields';
import type { TeamDirectory, TeamMember } from './types';

export type * from './types';
export * from './members';

export const TEAM_DIRECTORY_CREDENTIAL = 'communicationTeamDirectoryApi';
export const DEFAULT_REVIEW_SUBJECT = 'How did we do, {{ first_name }}?';
export const DEFAULT_REVIEW_MESSAGE =
	'Hi {{ first_name }}, thank you for visiting us. Would you take a minute to review your experience? {{ review_link }} Thanks, {{ user.name }}';

const MEMBER_FIELDS = [
	'id',
	'name',
	'email',
	'phone',
	'slackUserId',
	'whatsapp',
	'roles',
	'teams',
	'access',
] as const;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** A malformed directory; the message names the member index and field. */
export class TeamDirectoryError extends InputError {
	constructor(message: string) {
		super(message, 'Fix the member list in the Team Directory credential.');
		this.name = 'TeamDirectoryError';
	}
}

function memberLabel(index: number, name: string): string {
	return name ? `Team member at index ${index} ('${name}')` : `Team member at index ${index}`;
}

function parseMemberList(raw: unknown): unknown[] {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return [];
	let value: unknown = raw;
	if (typeof raw === 'string') {
		const json = parseJsonText(raw);
		if (!json.ok) throw new TeamDirectoryError(`Members is not valid JSON: ${json.problem}`);
		value = json.value;
	}
	if (!Array.isArray(value))
		throw new TeamDirectoryError(
			'Members must be a JSON array of member objects, e.g. [{ "name": "Ann", "email": "ann@example.com" }]',
		);
	return value;
}

function stringList(label: string, field: string, value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const entries =
		typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
	if (!entries || entries.some((entry) => typeof entry !== 'string')) {
		throw new TeamDirectoryError(
			`${label}: ${field} must be a list of names (an array of strings or a comma-separated string)`,
		);
	}
	return [...new Set((entries as string[]).map((entry) => entry.trim()).filter(Boolean))];
}

function optionalPhone(
	label: string,
	field: string,
	value: unknown,
	defaultCountry: string | undefined,
): string | null {
	if (value === undefined || value === null || text(value) === '') return null;
	const parsed = parsePhoneNumber(text(value), defaultCountry);
	if (!parsed.ok)
		throw new TeamDirectoryError(
			`${label}: ${field} '${parsed.problem.input}' ${parsed.problem.reason}`,
		);
	return parsed.e164;
}

function parseMember(raw: unknown, index: number, defaultCountry: string | undefined): TeamMember {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new TeamDirectoryError(
			`Team member at index ${index} must be an object with at least a "name"`,
		);
	}
	const fields = raw as Record<string, unknown>;
	const name = text(fields.name);
	const label = memberLabel(index, name);
	const unknown = Object.keys(fields).filter(
		(key) => !(MEMBER_FIELDS as readonly string[]).includes(key),
	);
	if (unknown.length > 0) {
		throw new TeamDirectoryError(
			`${label}: unknown field '${unknown[0]}' (allowed: ${MEMBER_FIELDS.join(', ')})`,
		);
	}
	if (!name) throw new TeamDirectoryError(`${label}: name is missing`);

	let email: string | null = null;
	if (text(fields.email)) {
		const parsed = parseEmailAddress(text(fields.email));
		if (!parsed.ok)
			throw new TeamDirectoryError(
				`${label}: email '${parsed.problem.input}' ${parsed.problem.reason}`,
			);
		email = parsed.value.address;
	}
	const slackUserId = text(fields.slackUserId) || null;
	if (slackUserId && !SLACK_USER_ID.test(slackUserId)) {
		throw new TeamDirectoryError(
			`${label}: slackUserId '${slackUserId}' is not a Slack user ID (like U024BE7LH)`,
		);
	}
	const access =
		fields.access === undefined || fields.access === null || fields.access === ''
			? 'all'
			: fields.access;
	if (access !== 'all' && access !== 'owned') {
		throw new TeamDirectoryError(
			`${label}: access must be "all" or "owned", not ${JSON.stringify(access)}`,
		);
	}
	const id = text(fields.id) || null;
	return {
		index,
		key: id ?? email ?? name,
		id,
		name,
		email,
		phone: optionalPhone(label, 'phone', fields.phone, defaultCountry),
		slackUserId,
		whatsapp: optionalPhone(label, 'whatsapp', fields.whatsapp, defaultCountry),
		roles: stringList(label, 'roles', fields.roles),
		teams: stringList(label, 'teams', fields.teams),
		access,
	};
}

/** Two members must never be found by the same id, email or name. */
function checkUnique(members: TeamMember[]): void {
	const seen = new Map<string, TeamMember>();
	for (const member of members) {
		const identities: Array<[string, string | null]> = [
			['id', member.id],
			['email', member.email?.toLowerCase() ?? null],
			['name', member.name.toLowerCase()],
		];
		for (const [field, value] of identities) {
			if (value === null) continue;
			const other = seen.get(`${field}:${value}`);
			if (other) {
				throw new TeamDirectoryError(
					`${memberLabel(member.index, member.name)}: ${field} '${value}' is already used by the member at index ${other.index}`,
				);
			}
			seen.set(`${field}:${value}`, member);
		}
	}
}

/** Parses the credential's data; throws TeamDirectoryError naming the member index and field. */
export function parseTeamDirectory(data: Record<string, unknown>): TeamDirectory {
	const defaultCountry = text(data.defaultCountry) || undefined;
	const members = parseMemberList(data.members).map((raw, index) =>
		parseMember(raw, index, defaultCountry),
	);
	checkUnique(members);
	const companyPhone = text(data.companyPhone)
		? optionalPhone('Company Phone', 'number', data.companyPhone, defaultCountry)
		: null;
	let reviewLink: string | null;
	try {
		reviewLink = parseOptionalHttpUrl('Review Link', text(data.reviewLink)) ?? null;
	} catch (error) {
		throw new TeamDirectoryError((error as Error).message);
	}
	return {
		members,
		companyPhone,
		reviewLink,
		reviewSubject: text(data.reviewSubject) || DEFAULT_REVIEW_SUBJECT,
		reviewMessage: text(data.reviewMessage) || DEFAULT_REVIEW_MESSAGE,
		defaultCountry,
	};
}
