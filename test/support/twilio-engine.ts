// Shared setup for the SMS and Voice engine tests: sandbox credentials, workflows, XML parsing.
import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { EngineHarness, type WorkflowJson } from './engine/harness';
import { TestItems } from './engine/test-nodes';
import { chain, node, PKG } from './engine/workflow';

export function twilioCredentials(
	sandbox: Sandbox,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const { accountSid, authToken, fromNumber } = sandbox.credentials.twilio;
	return {
		accountSid,
		authType: 'authToken',
		authToken,
		apiKeySid: '',
		apiKeySecret: '',
		fromNumber,
		messagingServiceSid: '',
		baseUrl: sandbox.urls.twilio,
		...overrides,
	};
}

export function twilioHarness(
	sandbox: Sandbox,
	nodeType: INodeType,
	overrides: ICredentialDataDecryptedObject = {},
): EngineHarness {
	return new EngineHarness({
		nodes: { [PKG]: [nodeType], test: [new TestItems()] },
		credentials: { communicationTwilioApi: twilioCredentials(sandbox, overrides) },
	});
}

/**
 * Source items -> the node under test. Each workflow gets its own id, so default idempotency keys
 * (workflow + execution + node + item) never collide between harnesses sharing the ledger file.
 */
export function itemsInto(
	items: Array<Record<string, unknown>>,
	type: string,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
	name = 'Node',
): WorkflowJson {
	const credentials = { communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' } };
	const tested = node(name, `${PKG}.${type}`, parameters, { credentials, ...extra });
	const workflow = chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		tested,
	);
	return { ...workflow, id: `wf-${randomUUID()}` };
}

export function communicationOf(item: INodeExecutionData): Record<string, unknown> {
	return item.json.communication as Record<string, unknown>;
}

type XmlNode = { [name: string]: unknown };

// xml2js ships with n8n-workflow (our pinned dev dependency): an independent, strict XML parser.
const xml2js = require('xml2js') as {
	parseStringPromise: (xml: string, options?: object) => Promise<XmlNode>;
};

/** Parses XML strictly (throws on malformed input), keeping child order. */
export async function parseXml(xml: string): Promise<XmlNode> {
	return await xml2js.parseStringPromise(xml, {
		strict: true,
		explicitChildren: true,
		preserveChildrenOrder: true,
		charsAsChildren: false,
	});
}

export interface XmlElementView {
	name: string;
	attributes: Record<string, string>;
	text: string;
	children: XmlElementView[];
}

/** A simple view of xml2js output: element name, attributes, text and ordered children. */
export async function xmlTree(xml: string): Promise<XmlElementView> {
	const parsed = await parseXml(xml);
	const [rootName] = Object.keys(parsed);
	const toView = (name: string, value: unknown): XmlElementView => {
		const element = (typeof value === 'object' && value !== null ? value : { _: value }) as Record<
			string,
			unknown
		>;
		const children = ((element.$$ as Array<Record<string, unknown>> | undefined) ?? []).map(
			(child) => toView(String(child['#name']), child),
		);
		return {
			name,
			attributes: (element.$ as Record<string, string> | undefined) ?? {},
			text: typeof element._ === 'string' ? element._ : typeof value === 'string' ? value : '',
			children,
		};
	};
	return toView(rootName, parsed[rootName]);
}
