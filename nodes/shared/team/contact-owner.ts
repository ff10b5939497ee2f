// Finds the contact's owner (assigned user) in the Team Directory, and says why there is none.
import {
	contactOwnerReference,
	describeReference,
	findMember,
	type TeamDirectory,
	type TeamMember,
} from './directory';

/** How the caller names the missing owner: `none` when the contact has none, `named` before a reference. */
export interface OwnerWording {
	none: string;
	named: string;
}

export interface ContactOwner {
	owner: TeamMember | undefined;
	/** Why there is no owner, in the caller's wording (meaningful when `owner` is undefined). */
	missing: string;
}

export function findContactOwner(
	directory: TeamDirectory,
	participant: Record<string, unknown>,
	wording: OwnerWording,
): ContactOwner {
	const reference = contactOwnerReference(participant);
	const owner = findMember(directory, reference);
	const missing =
		reference === undefined
			? wording.none
			: `${wording.named} '${describeReference(reference)}' is not in the Team Directory`;
	return { owner, missing };
}
