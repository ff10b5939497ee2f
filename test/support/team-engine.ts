// Shared setup for the team nodes' engine tests (Manual Action, Internal Notification, Review
// Request): a Team Directory, every sandbox credential, and workflows with all credentials set.
import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { SANDBOX_TEAM_DIRECTORY as SANDBOX_TEAM_DIRECTORY_DATA } from '../../scripts/n8n/sandbox-credentials';
import type { Sandbox } from '../../sandbox';
import { chatCredentials } from './chat-engine';
import { EngineHarness, type WorkflowJson } from './engine/harness';
import { TestFailing, TestItems } from './engine/test-nodes';
import { chain, node, PKG } from './engine/workflow';
import { twilioCredentials } from './twilio-engine';
import { sandboxSmtp } from './engine/smtp';

/** Sandbox seed: Carol wrote within 24 hours, so WhatsApp free text to her is allowed. */
export const OPEN_WHATSAPP_WINDOWS = ['12025550103'];

export interface TeamMemberJson {
	id?: string;
	name: string;
	email?: string;
	phone?: string;
	slackUserId?: string;
	whatsapp?: string;
	roles?: string[];
	teams?: string[];
	access?: 'all' | 'owned';
}

/**
 * A team whose ids are unique per call, so per-user counters in the shared ledger never carry
 * over between tests. Slack IDs and the WhatsApp number are the sandbox's seeded ones.
 */
export function sampleTeam(): {
	alice: TeamMemberJson;
	bob: TeamMemberJson;
	carol: TeamMemberJson;
} {
	const run = randomUUID().slice(0, 8);
	return {
		alice: {
			id: `alice-${run}`,
			name: 'Alice Archer',
			email: 'alice@example.com',
			phone: '+12025550101',
			slackUserId: 'U0000ALICE',
			roles: ['sales'],
			access: 'all',
		},
		// No Slack ID: reached through users.lookupByEmail.
		bob: {
			id: `bob-${run}`,
			name: 'Bob Baker',
			email: 'bob@example.com',
			phone: '+12025550102',
			teams: ['front desk'],
			access: 'owned',
		},
		// No phone; WhatsApp only (start the sandbox with OPEN_WHATSAPP_WINDOWS for free text to her).
		carol: {
			id: `carol-${run}`,
			name: 'Carol Chen',
			email: 'carol@example.com',
			whatsapp: '+12025550103',
			roles: ['Sales'],
			access: 'all',
		},
	};
}

export function teamDirectoryCredential(
	members: TeamMemberJson[],
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		members: JSON.stringify(members),
		defaultCountry: 'US',
		companyPhone: '+12025550100',
		reviewLink: 'https://reviews.example.com/acme',
		reviewSubject: 'How was your visit, {{ first_name }}?',
		reviewMessage:
			'Hi {{ first_name }}, please review us: {{ review_link }} Thanks, {{ user.name }}',
		...extra,
	};
}

export function teamCredentials(
	sandbox: Sandbox,
	members: TeamMemberJson[],
	directory: ICredentialDataDecryptedObject = {},
	twilio: ICredentialDataDecryptedObject = {},
) {
	const chat = chatCredentials(sandbox);
	return {
		communicationTeamDirectoryApi: teamDirectoryCredential(members, directory),
		communicationSmtpApi: sandboxSmtp(sandbox, {
			allowSelfSigned: false,
			poolSize: 3,
			fromEmail: 'team@acme.test',
			fromName: 'Acme Team',
		}),
		communicationTwilioApi: twilioCredentials(sandbox, twilio),
		communicationSlackApi: chat.communicationSlackApi,
		communicationWhatsAppApi: chat.communicationWhatsAppApi,
	};
}

export function teamHarness(
	sandbox: Sandbox,
	nodeTypes: INodeType[],
	members: TeamMemberJson[],
	options: {
		directory?: ICredentialDataDecryptedObject;
		baseUrl?: string;
		/** Overrides for the Twilio credential (its From number, Messaging Service ...). */
		twilio?: ICredentialDataDecryptedObject;
	} = {},
): EngineHarness {
	return new EngineHarness({
		nodes: { [PKG]: nodeTypes, test: [new TestItems(), new TestFailing()] },
		credentials: teamCredentials(sandbox, members, options.directory, options.twilio),
		baseUrl: options.baseUrl,
	});
}

const CREDENTIAL_REFERENCES = {
	communicationTeamDirectoryApi: { id: 'sandbox-team', name: 'Sandbox Team Directory' },
	communicationSmtpApi: { id: 'sandbox-smtp', name: 'Sandbox SMTP' },
	communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' },
	communicationSlackApi: { id: 'sandbox-slack', name: 'Sandbox Slack' },
	communicationWhatsAppApi: { id: 'sandbox-whatsapp', name: 'Sandbox WhatsApp' },
};

/** Source items -> the node under test ('Node') [-> a pass-through 'After' node]; a fresh workflow id. */
export function teamWorkflow(
	items: Array<Record<string, unknown>>,
	type: string,
	parameters: INode['parameters'],
	options: { extra?: Partial<INode>; after?: boolean } = {},
): WorkflowJson {
	const tested = node('Node', `${PKG}.${type}`, parameters, {
		credentials: { ...CREDENTIAL_REFERENCES },
		...options.extra,
	});
	const source = node('Source', 'test.testItems', { items: JSON.stringify(items) });
	const nodes = options.after
		? [source, tested, node('After', 'test.testFailing', { label: 'after' })]
		: [source, tested];
	return { ...chain(...nodes), id: `wf-${randomUUID()}` };
}

export function resultOf(item: INodeExecutionData): Record<string, unknown> {
	return item.json.communication as Record<string, unknown>;
}

export interface RecipientResult {
	name: string | null;
	address: string | null;
	via: string[];
	status: string;
	error: string | null;
}

export function recipientsOf(item: INodeExecutionData): RecipientResult[] {
	return resultOf(item).recipients as RecipientResult[];
}

/** The Team Directory the examples expect: the demo's `sandbox-team` credential data, one definition. */
export const SANDBOX_TEAM_DIRECTORY: ICredentialDataDecryptedObject = {
	...SANDBOX_TEAM_DIRECTORY_DATA,
};
