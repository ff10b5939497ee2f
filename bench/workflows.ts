// The bench's credentials (same SMTP/Twilio values for our nodes and n8n's built-in ones) and webhook workflows.
import type { Sandbox } from '../sandbox';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExample, type ExampleWorkflow } from '../scripts/n8n/examples';
import { REPO_ROOT } from '../scripts/n8n/paths';
import type { SandboxCredential } from '../scripts/n8n/sandbox-credentials';

const PKG = 'n8n-nodes-communication-actions';
export const FROM_EMAIL = 'bench@sandbox.example';
export const SUBJECT = 'Your weekly update';
export const BODY = 'Hello, this is a short plain-text message from the benchmark.';
export const SMS_TEXT = 'Your appointment is confirmed for tomorrow at 10:30.';

export type BenchWorkflowKey =
	| 'emailOurs'
	| 'emailBuiltIn'
	| 'smsOurs'
	| 'smsOursTuned'
	| 'smsBuiltIn'
	| 'itemsOnly'
	| 'campaign'
	| 'example';

/**
 * SMTP security is "none" for all three senders (our node: security none = nodemailer ignoreTLS; the
 * built-in node: SSL off + Disable STARTTLS; raw nodemailer: ignoreTLS), with the sandbox's optional AUTH PLAIN.
 */
export function benchCredentials(sandbox: Sandbox): SandboxCredential[] {
	const { smtp, credentials, urls } = sandbox;
	return [
		{
			id: 'bench-smtp',
			name: 'Bench SMTP (ours)',
			type: 'communicationSmtpApi',
			data: {
				host: smtp.host,
				port: smtp.port,
				security: 'none',
				user: smtp.user ?? '',
				password: smtp.pass ?? '',
				allowSelfSigned: false,
				poolSize: 5,
				fromEmail: FROM_EMAIL,
				fromName: '',
			},
		},
		{
			id: 'bench-smtp-builtin',
			name: 'Bench SMTP (built-in)',
			type: 'smtp',
			data: {
				user: smtp.user ?? '',
				password: smtp.pass ?? '',
				host: smtp.host,
				port: smtp.port,
				secure: false,
				disableStartTls: true,
				hostName: '',
			},
		},
		{
			id: 'bench-twilio',
			name: 'Bench Twilio (ours)',
			type: 'communicationTwilioApi',
			data: {
				accountSid: credentials.twilio.accountSid,
				authType: 'authToken',
				authToken: credentials.twilio.authToken,
				apiKeySid: '',
				apiKeySecret: '',
				fromNumber: credentials.twilio.fromNumber,
				messagingServiceSid: '',
				baseUrl: urls.twilio,
			},
		},
		{
			id: 'bench-twilio-builtin',
			name: 'Bench Twilio (built-in)',
			type: 'twilioApi',
			data: {
				authType: 'authToken',
				accountSid: credentials.twilio.accountSid,
				authToken: credentials.twilio.authToken,
				apiKeySid: '',
				apiKeySecret: '',
			},
		},
	];
}

interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

/** Webhook (answers when the workflow is done) -> Split Out of body.items -> the sender. */
function webhookWorkflow(
	slug: string,
	index: number,
	sender: Omit<NodeJson, 'id' | 'position'>,
	responseMode = 'lastNode',
): ExampleWorkflow {
	const nodes: NodeJson[] = [
		{
			id: `${slug}-1`,
			name: 'Trigger',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `00000000-0000-4000-8000-00000000b${String(index).padStart(3, '0')}`,
			parameters: {
				httpMethod: 'POST',
				path: slug,
				responseMode,
				responseData: 'noData',
				options: {},
			},
		},
		{
			id: `${slug}-2`,
			name: 'Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.items', options: {} },
		},
		{ ...sender, id: `${slug}-3`, position: [440, 0] },
	];
	const connections = {
		Trigger: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: sender.name, type: 'main', index: 0 }]] },
	};
	const workflow = {
		name: `Bench: ${slug}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
	return parseExample(`${slug}.json`, JSON.stringify(workflow));
}

/** `tunedSmsConcurrency`: Max Concurrent Sends of the second SMS workflow (the first keeps the default). */
export function benchWorkflows(
	tunedSmsConcurrency: number,
): Record<BenchWorkflowKey, ExampleWorkflow> {
	const smsOurs = (maxConcurrentSends?: number): Omit<NodeJson, 'id' | 'position'> => ({
		name: 'SMS Communication',
		type: `${PKG}.smsCommunication`,
		typeVersion: 1,
		parameters: {
			to: '={{ $json.phone }}',
			message: SMS_TEXT,
			options: maxConcurrentSends ? { maxConcurrentSends } : {},
		},
		credentials: { communicationTwilioApi: { id: 'bench-twilio', name: 'Bench Twilio (ours)' } },
	});
	return {
		emailOurs: webhookWorkflow('bench-email-ours', 1, {
			name: 'Email Communication',
			type: `${PKG}.emailCommunication`,
			typeVersion: 1,
			parameters: {
				toEmail: '={{ $json.email }}',
				subject: SUBJECT,
				emailFormat: 'text',
				text: BODY,
				options: {},
			},
			credentials: { communicationSmtpApi: { id: 'bench-smtp', name: 'Bench SMTP (ours)' } },
		}),
		emailBuiltIn: webhookWorkflow('bench-email-builtin', 2, {
			name: 'Send Email',
			type: 'n8n-nodes-base.emailSend',
			typeVersion: 2.1,
			parameters: {
				resource: 'email',
				operation: 'send',
				fromEmail: FROM_EMAIL,
				toEmail: '={{ $json.email }}',
				subject: SUBJECT,
				emailFormat: 'text',
				text: BODY,
				// Same body as ours: no "sent automatically with n8n" footer.
				options: { appendAttribution: false },
			},
			credentials: { smtp: { id: 'bench-smtp-builtin', name: 'Bench SMTP (built-in)' } },
		}),
		smsOurs: webhookWorkflow('bench-sms-ours', 3, smsOurs()),
		smsOursTuned: webhookWorkflow('bench-sms-ours-tuned', 5, smsOurs(tunedSmsConcurrency)),
		smsBuiltIn: webhookWorkflow('bench-sms-builtin', 4, {
			name: 'Twilio',
			type: 'n8n-nodes-base.twilio',
			typeVersion: 1,
			parameters: {
				resource: 'sms',
				operation: 'send',
				from: '={{ $json.from }}',
				to: '={{ $json.phone }}',
				message: SMS_TEXT,
				toWhatsapp: false,
				options: {},
			},
			credentials: { twilioApi: { id: 'bench-twilio-builtin', name: 'Bench Twilio (built-in)' } },
		}),
		// Planned SMS: every item carries the window (copied onto each item before the split), so the
		// node reads it with `$json` instead of `$('Trigger').item` per item.
		campaign: webhookWorkflow(
			'bench-campaign',
			7,
			{
				name: 'SMS Communication',
				type: `${PKG}.smsCommunication`,
				typeVersion: 1,
				parameters: {
					to: '={{ $json.phone }}',
					message: SMS_TEXT,
					communicationName: 'BENCH_CAMPAIGN',
					schedule: { from: '={{ $json.from }}', to: '={{ $json.to }}', timeZone: 'UTC' },
					options: {},
				},
				credentials: {
					communicationTwilioApi: { id: 'bench-twilio', name: 'Bench Twilio (ours)' },
				},
			},
			'onReceived',
		),
		example: shippedCampaignExample(),
		// n8n's own cost of holding and saving the items, for the memory comparison.
		itemsOnly: webhookWorkflow('bench-items-only', 6, {
			name: 'No Operation',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			parameters: {},
		}),
	};
}

/** The webhook body: `count` recipients, each a distinct address so duplicates would show. */
export function emailItems(count: number, runTag: string): Array<{ id: string; email: string }> {
	return Array.from({ length: count }, (_v, i) => ({
		id: `${runTag}-${i}`,
		email: `r${i}.${runTag}@bench.example`,
	}));
}

export function smsItems(
	count: number,
	runTag: string,
	from: string,
): Array<{ id: string; phone: string; from: string }> {
	return Array.from({ length: count }, (_v, i) => ({
		id: `${runTag}-${i}`,
		phone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
		from,
	}));
}

/** The Communication Dispatcher, published with the given poll interval (seconds). */
export function dispatcherWorkflow(pollInterval: number): ExampleWorkflow {
	const workflow = {
		name: 'Bench: dispatcher',
		nodes: [
			{
				id: 'bench-dispatcher-1',
				name: 'Communication Dispatcher',
				type: `${PKG}.communicationDispatcher`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollInterval },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		meta: { activate: true },
	};
	return parseExample('bench-dispatcher.json', JSON.stringify(workflow));
}

/** The shipped three-time-zone campaign example as users copy it, on the bench's Twilio credential. */
function shippedCampaignExample(): ExampleWorkflow {
	const file = 'three-time-zone-campaign.json';
	const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as {
		nodes: NodeJson[];
	};
	for (const node of workflow.nodes)
		if (node.credentials?.communicationTwilioApi)
			node.credentials.communicationTwilioApi = { id: 'bench-twilio', name: 'Bench Twilio (ours)' };
	return parseExample(file, JSON.stringify(workflow));
}
