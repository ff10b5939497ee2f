// Shared setup for the Slack, Telegram and WhatsApp engine tests: sandbox credentials, workflows,
// timing, a closed port, and n8n-core's real LoadOptionsContext for listSearch methods.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { EngineHarness, type WorkflowJson } from './engine/harness';
import { TestItems } from './engine/test-nodes';
import { chain, node, PKG } from './engine/workflow';

export type ChatCredentialType =
	'communicationSlackApi' | 'communicationTelegramApi' | 'communicationWhatsAppApi';

export function chatCredentials(
	sandbox: Sandbox,
): Record<ChatCredentialType, ICredentialDataDecryptedObject> {
	const { slack, telegram, whatsapp } = sandbox.credentials;
	return {
		communicationSlackApi: { botToken: slack.token, baseUrl: sandbox.urls.slack },
		communicationTelegramApi: { botToken: telegram.token, baseUrl: sandbox.urls.telegram },
		communicationWhatsAppApi: {
			accessToken: whatsapp.token,
			phoneNumberId: whatsapp.phoneNumberId,
			apiVersion: whatsapp.apiVersion,
			baseUrl: sandbox.urls.whatsapp,
		},
	};
}

/** A harness with the node under test and the sandbox credentials, optionally overridden per type. */
export function chatHarness(
	sandbox: Sandbox,
	nodeType: INodeType,
	overrides: Partial<Record<ChatCredentialType, ICredentialDataDecryptedObject>> = {},
): EngineHarness {
	const base = chatCredentials(sandbox);
	const credentials: Record<string, ICredentialDataDecryptedObject> = {};
	for (const type of Object.keys(base) as ChatCredentialType[])
		credentials[type] = { ...base[type], ...overrides[type] };
	return new EngineHarness({ nodes: { [PKG]: [nodeType], test: [new TestItems()] }, credentials });
}

/** Source items -> the node under test ('Node'); a fresh workflow id keeps idempotency keys apart. */
export function itemsInto(
	items: Array<Record<string, unknown>>,
	type: string,
	credentialType: ChatCredentialType,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
): WorkflowJson {
	const credentials = { [credentialType]: { id: `sandbox-${credentialType}`, name: 'Sandbox' } };
	const tested = node('Node', `${PKG}.${type}`, parameters, { credentials, ...extra });
	const workflow = chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		tested,
	);
	return { ...workflow, id: `wf-${randomUUID()}` };
}

export function communicationOf(item: INodeExecutionData): Record<string, unknown> {
	return item.json.communication as Record<string, unknown>;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = performance.now();
	const value = await run();
	return { value, ms: performance.now() - started };
}

/** A port nothing listens on: a provider that is down. */
export async function closedPortUrl(path: string): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}${path}`;
}

/** n8n-core's LoadOptionsContext for a node with these parameters, as the editor builds it for listSearch. */
export function loadOptionsContext(
	harness: EngineHarness,
	type: string,
	credentialType: ChatCredentialType,
	parameters: INode['parameters'],
): LoadOptionsContext {
	const tested = node('Node', `${PKG}.${type}`, parameters, {
		credentials: { [credentialType]: { id: `sandbox-${credentialType}`, name: 'Sandbox' } },
	});
	const workflow = new Workflow({
		id: 'list-search',
		nodes: [tested],
		connections: {},
		active: false,
		nodeTypes: harness.nodeTypes,
	});
	const additionalData = {
		credentialsHelper: harness.credentialsHelper,
		currentNodeParameters: parameters,
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, tested, additionalData, 'parameters.channel');
}

/** Everything a run produced, as one string: for "the secret never appears anywhere" checks. */
export function everythingSaid(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) =>
		inner instanceof Error
			? {
					message: inner.message,
					description: (inner as { description?: unknown }).description,
					stack: inner.stack,
				}
			: inner,
	);
}
