// Manual Action: give a team member an SMS or call task with a page to do it on, and wait until it is done.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { resumeWebhooks } from '../shared/schedule/webhooks';
import { loadTeamMemberOptions } from '../shared/team/directory-access';

import { createManualTasks } from './create-tasks';
import { manualActionProperties } from './description';
import { handleTaskWebhook } from './task-webhook';

export class ManualAction implements INodeType {
	description: INodeTypeDescription = {
		// Deliberately not an AI tool: the node waits for a person (hours or days); an AI agent's tool
		// call must answer within the agent's run, and a tool cannot put the agent's execution to
		// wait. (n8n's type allows only `true` here, so the decision is written as `undefined`.)
		usableAsTool: undefined,
		displayName: 'Manual Action',
		name: 'manualAction',
		icon: { light: 'file:manual-action.svg', dark: 'file:manual-action.dark.svg' },
		group: ['output'],
		// Version 2 moves Contact Name and the wait limit into Options; version 1 workflows keep
		// their top-level fields unchanged.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["taskType"] === "sms" ? "SMS task" : "Call task" }}',
		description:
			'Give a team member an SMS or call task and wait until they complete it on the task page',
		defaults: { name: 'Manual Action' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal entries: n8n's lint rules and the editor read this list statically.
		credentials: [
			{
				name: 'communicationTeamDirectoryApi',
				displayName: 'Team Directory (finds the assignee)',
				required: true,
				testedBy: 'communicationTeamDirectoryTest',
			},
			{
				name: 'communicationSmtpApi',
				displayName: 'SMTP (emails the assignee the task link)',
				required: true,
				testedBy: 'smtpConnectionTest',
				displayOptions: { show: { notifyBy: ['email'] } },
			},
			{
				name: 'communicationSlackApi',
				displayName: 'Slack (sends the assignee the task link)',
				required: true,
				testedBy: 'communicationSlackApiTest',
				displayOptions: { show: { notifyBy: ['slack'] } },
			},
			// SMS notifications, and SMS tasks sent on completion.
			{
				name: 'communicationTwilioApi',
				displayName: 'Twilio (needed only for SMS notifications or SMS tasks)',
				required: false,
				testedBy: 'communicationTwilioApiTest',
			},
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		// The task page (GET) and its form (POST), at the waiting execution's webhook URL.
		webhooks: resumeWebhooks,
		properties: manualActionProperties,
	};

	methods = {
		credentialTest: credentialTests,
		loadOptions: { getTeamMembers: loadTeamMemberOptions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await createManualTasks(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleTaskWebhook(this);
	}
}
