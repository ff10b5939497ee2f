// Loads examples/*.json as importable workflows: stable ids, how each is triggered, and its production webhook paths.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WorkflowPayload } from './api';
import { asArray, asRecord, isRecord, stringField, type JsonRecord } from './json';
import { EXAMPLES_DIR } from './paths';

export type ExampleKind = 'webhook' | 'manual' | 'other';

export interface ExampleWebhook {
	nodeName: string;
	/** Path after /webhook/, e.g. `booking-confirmation`. */
	path: string;
	method: string;
}

/**
 * What the demo prints and the e2e test sends to a webhook example. Optional, in the example file as
 * `"meta": { "exampleRun": { "request": { "method": "POST", "body": { ... } } } }`.
 */
export interface ExampleRequest {
	method?: string;
	body?: unknown;
	query?: Record<string, string>;
	headers?: Record<string, string>;
}

export interface ExampleWorkflow {
	/** File name without .json, e.g. booking-confirmation-email. */
	slug: string;
	file: string;
	/** The file's `id`, else derived from the slug: the same on every instance and every start. */
	id: string;
	name: string;
	kind: ExampleKind;
	webhooks: ExampleWebhook[];
	/** Name of the Manual Trigger node, for manual runs. */
	manualTrigger: string | undefined;
	/** The node a manual run of an 'other' example starts from (its first trigger node). */
	startNode: string | undefined;
	/** Published on import: webhook examples always, others with `"meta": { "activate": true }` (e.g. the dispatcher). */
	activate: boolean;
	/** How a run ends: `meta.exampleRun.expectedStatus`, default 'success' ('waiting' for examples that wait for a person). */
	expectedStatus: string;
	request: ExampleRequest | undefined;
	/** `meta.exampleRun.expectsSandbox: false` for examples that only touch the ledger; default true. */
	expectsSandbox: boolean;
	payload: WorkflowPayload;
	/** Changes when the file's workflow changes: a restart updates only those. */
	contentHash: string;
}

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** n8n-style 16-character id from the slug. */
function idFromSlug(slug: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = createHash('sha256').update(`example:${slug}`).digest();
	return Array.from(bytes.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}

function webhooksOf(nodes: JsonRecord[]): ExampleWebhook[] {
	return nodes
		.filter((node) => node.type === WEBHOOK_TYPE && node.disabled !== true)
		.map((node) => {
			const parameters = isRecord(node.parameters) ? node.parameters : {};
			const webhookId = stringField(node, 'webhookId') ?? '';
			const rawPath = (stringField(parameters, 'path') ?? '').replace(/^\/+/, '') || webhookId;
			// Paths with :parameters are registered under the node's webhookId.
			const path = rawPath.includes(':') ? `${webhookId}/${rawPath}` : rawPath;
			return {
				nodeName: stringField(node, 'name') ?? '',
				path,
				method: (stringField(parameters, 'httpMethod') ?? 'GET').toUpperCase(),
			};
		});
}

function exampleRunOf(meta: JsonRecord | undefined): JsonRecord {
	return meta && isRecord(meta.exampleRun) ? meta.exampleRun : {};
}

function requestOf(meta: JsonRecord | undefined): ExampleRequest | undefined {
	const run = exampleRunOf(meta);
	const request = isRecord(run.request) ? run.request : undefined;
	if (!request) return undefined;
	const strings = (value: unknown): Record<string, string> | undefined =>
		isRecord(value)
			? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]))
			: undefined;
	return {
		method: stringField(request, 'method'),
		body: request.body,
		query: strings(request.query),
		headers: strings(request.headers),
	};
}

export function parseExample(file: string, text: string): ExampleWorkflow {
	const slug = basename(file, '.json');
	const workflow = asRecord(JSON.parse(text), file);
	const nodes = asArray(workflow.nodes, `${file} nodes`).map((node) =>
		asRecord(node, `${file} node`),
	);
	const meta = isRecord(workflow.meta) ? workflow.meta : undefined;
	const payload: WorkflowPayload = {
		name: stringField(workflow, 'name') ?? slug,
		nodes,
		connections: isRecord(workflow.connections) ? workflow.connections : {},
		settings: isRecord(workflow.settings) ? workflow.settings : { executionOrder: 'v1' },
		...(isRecord(workflow.pinData) ? { pinData: workflow.pinData } : {}),
		...(meta ? { meta } : {}),
	};
	const webhooks = webhooksOf(nodes);
	const manualTrigger = nodes.find(
		(node) => node.type === MANUAL_TRIGGER_TYPE && node.disabled !== true,
	);
	const firstTrigger = nodes.find(
		(node) => /trigger/i.test(stringField(node, 'type') ?? '') && node.disabled !== true,
	);
	const fileId = stringField(workflow, 'id');
	const run = exampleRunOf(meta);
	return {
		slug,
		file,
		id: fileId && /^[A-Za-z0-9_-]{1,36}$/.test(fileId) ? fileId : idFromSlug(slug),
		name: payload.name,
		kind: webhooks.length > 0 ? 'webhook' : manualTrigger ? 'manual' : 'other',
		webhooks,
		manualTrigger: manualTrigger ? stringField(manualTrigger, 'name') : undefined,
		startNode: stringField(manualTrigger ?? firstTrigger ?? {}, 'name'),
		activate: webhooks.length > 0 || meta?.activate === true,
		expectedStatus: stringField(run, 'expectedStatus') ?? 'success',
		request: requestOf(meta),
		expectsSandbox: run.expectsSandbox !== false,
		payload,
		contentHash: createHash('sha256').update(JSON.stringify(payload)).digest('hex'),
	};
}

export function loadExamples(dir: string = EXAMPLES_DIR): ExampleWorkflow[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = join(dir, name);
			try {
				return parseExample(file, readFileSync(file, 'utf8'));
			} catch (error) {
				throw new Error(
					`Example ${name} is not a valid workflow: ${error instanceof Error ? error.message : String(error)}`,
				);
			}
		});
}

export function webhookUrl(n8nUrl: string, webhook: ExampleWebhook): string {
	return `${n8nUrl}/webhook/${webhook.path}`;
}
