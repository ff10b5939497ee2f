// Internal Notification: alert team members from the Team Directory by email, SMS, WhatsApp or Slack.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { runCommunicationItems } from '../shared/pipeline';
import { ledgerFor } from '../shared/ledger/access';
import type { MemberChannel } from '../shared/team/directory';
import {
	loadTeamGroupOptions,
	loadTeamMemberOptions,
	teamDirectoryFor,
} from '../shared/team/directory-access';
import { openTeamMessenger } from '../shared/team/messenger';
import { readTimeoutMs } from '../shared/transport/retry';

import { internalNotificationProperties } from './description';
import { notificationRunner } from './notify';

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
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const channel = this.getNodeParameter('channel', 0) as MemberChannel;
		const directory = await teamDirectoryFor(this);
		const messenger = await openTeamMessenger(this, channel, { timeoutMs: readTimeoutMs(this) });
		const ledger = await ledgerFor(this);
		return await runCommunicationItems(
			this,
			notificationRunner(this, directory, channel, messenger, ledger),
		);
	}
}
