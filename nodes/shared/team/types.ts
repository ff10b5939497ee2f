// The Team Directory's parsed shape: members with their addresses, roles and access.
export type MemberAccess = 'all' | 'owned';

export interface TeamMember {
	/** Position in the credential's member list (0-based), for messages. */
	index: number;
	/** Stable reference: id, else email, else name. */
	key: string;
	id: string | null;
	name: string;
	email: string | null;
	phone: string | null;
	slackUserId: string | null;
	whatsapp: string | null;
	roles: string[];
	teams: string[];
	access: MemberAccess;
}

export interface TeamDirectory {
	members: TeamMember[];
	companyPhone: string | null;
	reviewLink: string | null;
	reviewSubject: string;
	reviewMessage: string;
	defaultCountry: string | undefined;
}
