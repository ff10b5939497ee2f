// Finds Team Directory members by email, id, name, role or team, and where each is reached.
import { text } from './fields';
import type { TeamDirectory, TeamMember } from './types';

function lower(value: unknown): string {
	return text(value).toLowerCase();
}

/**
 * The member a reference points at: an email, id or name (case-insensitive), or an object
 * with one of those fields. Undefined when nobody matches.
 */
export function findMember(
	directory: Pick<TeamDirectory, 'members'>,
	reference: unknown,
): TeamMember | undefined {
	if (reference === undefined || reference === null) return undefined;
	if (typeof reference === 'object' && !Array.isArray(reference)) {
		const fields = reference as Record<string, unknown>;
		for (const key of ['email', 'id', 'name']) {
			const found = findMember(directory, fields[key]);
			if (found) return found;
		}
		return undefined;
	}
	const wanted = lower(reference);
	if (!wanted) return undefined;
	return (
		directory.members.find((m) => m.email?.toLowerCase() === wanted) ??
		directory.members.find((m) => m.id?.toLowerCase() === wanted) ??
		directory.members.find((m) => m.name.toLowerCase() === wanted)
	);
}

const OWNER_ATTRIBUTES = ['owner', 'assigned_user', 'assignedUser'] as const;

/** The contact's owner as written on the participant (`owner` / `assigned_user`), if any. */
export function contactOwnerReference(participant: Record<string, unknown>): unknown {
	for (const attribute of OWNER_ATTRIBUTES) {
		const value = participant[attribute];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/** How a reference is shown in messages (objects by their email, id or name). */
export function describeReference(reference: unknown): string {
	if (typeof reference === 'object' && reference !== null) {
		const fields = reference as Record<string, unknown>;
		return text(fields.email) || text(fields.id) || text(fields.name) || JSON.stringify(reference);
	}
	return text(reference);
}

/** Members holding any of the given roles or teams (case-insensitive). */
export function membersInGroups(
	directory: Pick<TeamDirectory, 'members'>,
	groups: string[],
): TeamMember[] {
	const wanted = new Set(groups.map((group) => group.trim().toLowerCase()).filter(Boolean));
	return directory.members.filter((m) =>
		[...m.roles, ...m.teams].some((group) => wanted.has(group.toLowerCase())),
	);
}

export type MemberChannel = 'email' | 'sms' | 'whatsapp' | 'slack';

/** Where a member is reached on a channel; null when they have no address for it. */
export function memberAddress(member: TeamMember, channel: MemberChannel): string | null {
	switch (channel) {
		case 'email':
			return member.email;
		case 'sms':
			return member.phone;
		case 'whatsapp':
			return member.whatsapp;
		case 'slack':
			// Without a Slack ID the member is looked up by email (users.lookupByEmail).
			return member.slackUserId ?? member.email;
	}
}

export const CHANNEL_FIELD: Record<MemberChannel, string> = {
	email: 'email address',
	sms: 'phone number',
	whatsapp: 'WhatsApp number',
	slack: 'Slack user ID or email address',
};
