// Internal Notification: alert team members from the Team Directory by email, SMS, WhatsApp or Slack.
import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { templateListSearch } from '../shared/templates';
import { loadTeamGroupOptions, loadTeamMemberOptions } from '../shared/team/directory-access';

import { internalNotificationProperties } from './description';
import { notificationHandlers } from './runner';

export class InternalNotification implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Internal Notification',
		name: 'internalNotification',
		icon: { light: 'file:notification.svg', dark: 'file:notification.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "by " + $parameter["channel"] }}',
		description: 'Alert your team members (never contacts) by email, SMS, WhatsApp or Slack',
		defaults: { name: 'Internal Notification' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTeamDirectoryApi',
				displayName: 'Team Directory (finds the recipients)',
				required: true,
				testedBy: 'communicationTeamDirectoryTest',
			},
			{
				name: 'communicationSmtpApi',
				displayName: 'SMTP (sends the email alert)',
				required: true,
				testedBy: 'smtpConnectionTest',
				displayOptions: { show: { channel: ['email'] } },
			},
			{
				name: 'communicationTwilioApi',
				displayName: 'Twilio (sends the SMS alert)',
				required: true,
				testedBy: 'communicationTwilioApiTest',
				displayOptions: { show: { channel: ['sms'] } },
			},
			{
				name: 'communicationWhatsAppApi',
				displayName: 'WhatsApp (sends the alert)',
				required: true,
				testedBy: 'communicationWhatsAppApiTest',
				displayOptions: { show: { channel: ['whatsapp'] } },
			},
			{
				name: 'communicationSlackApi',
				displayName: 'Slack (posts the alert)',
				required: true,
				testedBy: 'communicationSlackApiTest',
				displayOptions: { show: { channel: ['slack'] } },
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: internalNotificationProperties,
	};

	methods = {
		credentialTest: credentialTests,
		loadOptions: { getTeamMembers: loadTeamMemberOptions, getTeamGroups: loadTeamGroupOptions },
		listSearch: { searchTemplates: templateListSearch('notification') },
	};

	execute = notificationHandlers.execute;
}
