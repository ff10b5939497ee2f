// Decides who gets a manual task: the selected member if they may access the contact, else the
// contact's owner, else nobody (Unassigned); the rule used is part of the answer.
import { InputError } from '../shared/errors';
import { findContactOwner } from '../shared/team/contact-owner';
import {
	describeReference,
	findMember,
	type TeamDirectory,
	type TeamMember,
} from '../shared/team/directory';

export type AssignmentRule = 'selected_member' | 'contact_owner' | 'owner_fallback' | 'unassigned';

export interface Assignment {
	rule: AssignmentRule;
	member: TeamMember | null;
	/** One sentence saying why, for the output and the task page. */
	reason: string;
}

/** Whether a member may work on this contact: access "all", or "owned" and they own it. */
export function mayAccessContact(member: TeamMember, owner: TeamMember | undefined): boolean {
	return member.access === 'all' || (owner !== undefined && owner.index === member.index);
}

/**
 * The assignment table: `selected` is the Assign To value ('' for none). A selected reference
 * that matches no member is a configuration mistake and throws instead of silently falling back.
 */
export function decideAssignment(
	directory: TeamDirectory,
	selected: unknown,
	participant: Record<string, unknown>,
): Assignment {
	const { owner, missing } = findContactOwner(directory, participant, {
		none: 'the contact has no owner',
		named: 'the contact owner',
	});
	const hasSelection = describeReference(selected) !== '';
	if (hasSelection) {
		const member = findMember(directory, selected);
		if (!member) {
			throw new InputError(
				`Assign To '${describeReference(selected)}' is not a member of the Team Directory`,
				'Pick a member from the list, or give their email, id or name exactly as in the Team Directory credential.',
			);
		}
		if (mayAccessContact(member, owner)) {
			const why = member.access === 'all' ? 'may access every contact' : 'owns this contact';
			return { rule: 'selected_member', member, reason: `Assigned to ${member.name}, who ${why}.` };
		}
		const lacks = `${member.name} may only access their own contacts`;
		if (owner)
			return {
				rule: 'owner_fallback',
				member: owner,
				reason: `${lacks}, so the task went to the contact owner ${owner.name}.`,
			};
		return {
			rule: 'unassigned',
			member: null,
			reason: `${lacks} and ${missing}, so the task is unassigned.`,
		};
	}
	if (owner)
		return {
			rule: 'contact_owner',
			member: owner,
			reason: `No member selected: assigned to the contact owner ${owner.name}.`,
		};
	return {
		rule: 'unassigned',
		member: null,
		reason: `No member selected and ${missing}, so the task is unassigned.`,
	};
}
