// Team Directory: the team members (contacts, channels, roles, access), company phone and review settings.
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class CommunicationTeamDirectoryApi implements ICredentialType {
	name = 'communicationTeamDirectoryApi';

	displayName = 'Communication Team Directory API';

	documentationUrl =
		'https://github.com/n8n-nodes-communication-actions/n8n-nodes-communication-actions#team-directory-credential';

	icon = {
		light: 'file:icons/team-directory.svg',
		dark: 'file:icons/team-directory.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Your team, for manual tasks, internal notifications, review requests and calls. Nothing is called on save: "Test" checks every member and names the first malformed one.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Members',
			name: 'members',
			type: 'json',
			default:
				'[\n  {\n    "id": "u-1",\n    "name": "Ann Archer",\n    "email": "ann@example.com",\n    "phone": "+15550100001",\n    "slackUserId": "U0000ANN1",\n    "whatsapp": "+15550100001",\n    "roles": ["coordinator"],\n    "teams": ["front desk"],\n    "access": "all"\n  }\n]',
			description:
				'A JSON array of members. "name" is required; optional: id, email, phone (E.164 or national with Default Country), slackUserId, whatsapp, roles, teams, access ("all" contacts, or "owned": only contacts whose owner they are).',
		},
		{
			displayName: 'Default Country',
			name: 'defaultCountry',
			type: 'string',
			default: '',
			placeholder: 'US',
			description:
				'Two-letter country code for member phone numbers written without a country code',
		},
		{
			displayName: 'Company Phone',
			name: 'companyPhone',
			type: 'string',
			default: '',
			placeholder: '+15550100000',
			description: 'Fallback number when a contact has no assigned user (calls)',
		},
		{
			displayName: 'Review Link',
			name: 'reviewLink',
			type: 'string',
			default: '',
			placeholder: 'https://g.page/r/your-business/review',
			description: 'Where review requests send the contact. Available as {{ review_link }}.',
		},
		{
			displayName: 'Review Email Subject',
			name: 'reviewSubject',
			type: 'string',
			default: 'How did we do, {{ first_name }}?',
		},
		{
			displayName: 'Review Message',
			name: 'reviewMessage',
			type: 'string',
			typeOptions: { rows: 4 },
			default:
				'Hi {{ first_name }}, thank you for visiting us. Would you take a minute to review your experience? {{ review_link }} Thanks, {{ user.name }}',
			description:
				"Wording of review requests. Merge fields: the contact's fields, {{ review_link }}, and {{ user.name }} / {{ user.email }} for the assigned user the request is sent on behalf of.",
		},
	];
}
