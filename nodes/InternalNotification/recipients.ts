// Who gets an internal notification: the chosen user types resolved against the Team Directory and
// merged so each person appears once, with the reason anyone cannot be notified.
import { parseEmailAddress, parseEmailList, parsePhoneList } from '../shared/recipients';
import { findContactOwner } from '../shared/team/contact-owner';
import {
	CHANNEL_FIELD,
	describeReference,
	findMember,
	memberAddress,
	membersInGroups,
	type MemberChannel,
	type TeamDirectory,
	type TeamMember,
} from '../shared/team/directory';

export type UserType = 'allUsers' | 'assignedUser' | 'particularUsers' | 'groups' | 'custom';

export interface PlannedRecipient {
	/** Identity for de-duplication and the per-user limit. */
	key: string;
	name: string | null;
	member: TeamMember | null;
	/** Where to send; null when the recipient cannot be reached on the channel. */
	address: string | null;
	via: UserType[];
	/** Why the recipient cannot be notified (set exactly when `address` is null). */
	problem: string | null;
}

export interface RecipientPlan {
	recipients: PlannedRecipient[];
	/** User types that produced nobody, with the reason (Assigned User without an owner). */
	skipped: Array<{ via: UserType; reason: string }>;
}

export interface RecipientRequest {
	directory: TeamDirectory;
	channel: MemberChannel;
	types: UserType[];
	particular: unknown[];
	groups: string[];
	custom: unknown;
	participant: Record<string, unknown>;
	defaultCountry?: string;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
// Processing order, whatever order the user ticked the types in.
const TYPE_ORDER: UserType[] = ['assignedUser', 'particularUsers', 'groups', 'allUsers', 'custom'];

class RecipientList {
	private readonly byKey = new Map<string, PlannedRecipient>();

	constructor(
		private readonly directory: TeamDirectory,
		private readonly channel: MemberChannel,
	) {}

	addMember(member: TeamMember, via: UserType): void {
		const address = memberAddress(member, this.channel);
		const problem = address
			? null
			: `${member.name} has no ${CHANNEL_FIELD[this.channel]} in the Team Directory`;
		this.add({
			key: `member:${member.key.toLowerCase()}`,
			name: member.name,
			member,
			address,
			via: [via],
			problem,
		});
	}

	addUnreachable(key: string, shown: string, problem: string, via: UserType): void {
		this.add({
			key: `problem:${key.toLowerCase()}`,
			name: null,
			member: null,
			address: null,
			via: [via],
			problem: `'${shown}' ${problem}`,
		});
	}

	/** A custom address that belongs to a member counts as that member. */
	addCustom(address: string): void {
		const wanted = address.toLowerCase();
		const member = this.directory.members.find((m) =>
			[memberAddress(m, this.channel), m.email].some((known) => known?.toLowerCase() === wanted),
		);
		if (member) {
			this.addMember(member, 'custom');
			return;
		}
		this.add({
			key: `address:${wanted}`,
			name: null,
			member: null,
			address,
			via: ['custom'],
			problem: null,
		});
	}

	private add(recipient: PlannedRecipient): void {
		const existing = this.byKey.get(recipient.key);
		if (!existing) {
			this.byKey.set(recipient.key, recipient);
			return;
		}
		for (const via of recipient.via) if (!existing.via.includes(via)) existing.via.push(via);
	}

	list(): PlannedRecipient[] {
		return [...this.byKey.values()];
	}
}

function addCustomEntries(list: RecipientList, request: RecipientRequest): void {
	if (request.channel === 'email') {
		const parsed = parseEmailList(request.custom);
		for (const entry of parsed.valid) list.addCustom(entry.address);
		for (const bad of parsed.invalid)
			list.addUnreachable(bad.input, bad.input, bad.reason, 'custom');
		return;
	}
	if (request.channel === 'slack') {
		const entries = (
			Array.isArray(request.custom)
				? request.custom.map(String)
				: String(request.custom ?? '').split(/[,;\s]+/)
		)
			.map((entry) => entry.trim())
			.filter(Boolean);
		for (const entry of entries) {
			if (SLACK_USER_ID.test(entry)) list.addCustom(entry);
			else if (entry.includes('@') && parseEmailAddress(entry).ok) list.addCustom(entry);
			else
				list.addUnreachable(
					entry,
					entry,
					'is neither a Slack user ID nor an email address',
					'custom',
				);
		}
		return;
	}
	const parsed = parsePhoneList(request.custom, request.defaultCountry);
	for (const number of parsed.valid) list.addCustom(number);
	for (const bad of parsed.invalid) list.addUnreachable(bad.input, bad.input, bad.reason, 'custom');
}

/** Resolves the chosen user types into one list of people, each once, in a stable order. */
export function planRecipients(request: RecipientRequest): RecipientPlan {
	const { directory } = request;
	const list = new RecipientList(directory, request.channel);
	const skipped: RecipientPlan['skipped'] = [];
	for (const type of TYPE_ORDER.filter((t) => request.types.includes(t))) {
		switch (type) {
			case 'assignedUser': {
				const { owner, missing } = findContactOwner(directory, request.participant, {
					none: 'the contact has no assigned user',
					named: 'the assigned user',
				});
				if (owner) list.addMember(owner, type);
				else skipped.push({ via: type, reason: `Assigned User skipped: ${missing}.` });
				break;
			}
			case 'particularUsers':
				for (const reference of request.particular) {
					const member = findMember(directory, reference);
					if (member) list.addMember(member, type);
					else
						list.addUnreachable(
							`member:${describeReference(reference)}`,
							describeReference(reference),
							'is not in the Team Directory',
							type,
						);
				}
				break;
			case 'groups':
				for (const member of membersInGroups(directory, request.groups))
					list.addMember(member, type);
				break;
			case 'allUsers':
				for (const member of directory.members) list.addMember(member, type);
				break;
			case 'custom':
				addCustomEntries(list, request);
				break;
		}
	}
	return { recipients: list.list(), skipped };
}
