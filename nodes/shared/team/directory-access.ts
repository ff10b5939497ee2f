// The Team Directory inside n8n: read it from a node's credential, test it on save, and list its
// members, roles and teams for the editor's drop-downs.
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodePropertyOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { parseTeamDirectory, TEAM_DIRECTORY_CREDENTIAL, type TeamDirectory } from './directory';

/** The node's Team Directory, validated (a malformed one fails with the member index and field). */
export async function teamDirectoryFor(
	ctx: IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions,
): Promise<TeamDirectory> {
	return parseTeamDirectory(await ctx.getCredentials(TEAM_DIRECTORY_CREDENTIAL));
}

/** Credential test (`testedBy`): validates every member; nothing is called over the network. */
export async function testTeamDirectoryCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const directory = parseTeamDirectory(credential.data ?? {});
		const count = directory.members.length;
		const notes = [
			`${count} member${count === 1 ? '' : 's'}`,
			directory.reviewLink ? 'review link set' : 'no review link',
			directory.companyPhone ? 'company phone set' : 'no company phone',
		];
		return { status: 'OK', message: `Team Directory is valid: ${notes.join(', ')}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}

/** Members for Assign To / Particular Users: shown by name, stored by their stable key. */
export async function loadTeamMemberOptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const directory = await teamDirectoryFor(this);
	return directory.members.map((member) => ({
		name: member.name,
		value: member.key,
		description: [member.email, member.phone, member.access === 'owned' ? 'own contacts only' : '']
			.filter(Boolean)
			.join(' · '),
	}));
}

/** Every role and team named in the directory, sorted. */
export async function loadTeamGroupOptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const directory = await teamDirectoryFor(this);
	const groups = [
		...new Set(directory.members.flatMap((member) => [...member.roles, ...member.teams])),
	];
	return groups.sort((a, b) => a.localeCompare(b)).map((group) => ({ name: group, value: group }));
}
