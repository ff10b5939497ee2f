// What the queue-mode e2e suite shares: the stack, the E2E helpers pointed at it, the workflows it publishes, and which worker ran an execution.
import { readFileSync } from 'node:fs';

import type { ExecutionDetail, WorkflowPayload } from '../../scripts/n8n/api';
import { LOCAL_OWNER } from '../../scripts/n8n/provision';
import { logOf, type QueueStack } from '../../scripts/n8n/queue-stack';
import { E2E } from '../e2e/harness';
import { runInfoFromStack } from '../e2e/run-info';

export const PKG = 'n8n-nodes-communication-actions';
export const SMTP = { communicationSmtpApi: { id: 'sandbox-smtp', name: 'Sandbox SMTP' } };

/** The E2E helpers (REST, webhooks, sandbox) for the queue stack: the editor API on main, webhooks on the webhook process. */
export function e2eFor(stack: QueueStack): E2E {
	return new E2E(
		runInfoFromStack(
			{ ...stack, n8n: stack.main },
			{ email: LOCAL_OWNER.email, password: LOCAL_OWNER.password },
		),
	);
}

/**
 * Calls a production webhook on the webhook process; right after publishing, n8n may still answer 404
 * (not registered yet), so 404s are retried for up to a minute.
 */
export async function callRegisteredWebhook(
	e2e: E2E,
	url: string,
	body: unknown,
): Promise<Awaited<ReturnType<E2E['callWebhook']>>> {
	return await until(
		`the webhook ${url}`,
		async () => {
			const answer = await e2e.callWebhook(url, body);
			return answer.status === 404 ? undefined : answer;
		},
		60_000,
	);
}

/** Which worker (index) logged that it started the execution; undefined when none did. */
export function workerOf(stack: QueueStack, executionId: string): number | undefined {
	const marker = `Worker started execution ${executionId} (`;
	const index = stack.workers.findIndex((worker) =>
		readFileSync(logOf(worker), 'utf8').includes(marker),
	);
	return index < 0 ? undefined : index;
}

export const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function until<T>(
	what: string,
	check: () => Promise<T | undefined>,
	timeoutMs = 120_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await delay(500);
	}
}

/** Waits until the execution reaches one of `statuses`. */
export async function settled(
	e2e: E2E,
	executionId: string,
	statuses: string[],
	timeoutMs = 180_000,
): Promise<ExecutionDetail> {
	return await until(
		`execution ${executionId} to be ${statuses.join('/')}`,
		async () => {
			const execution = await e2e.getExecution(executionId);
			return statuses.includes(execution.status) ? execution : undefined;
		},
		timeoutMs,
	);
}

/** Connects the named nodes one after the other through their first output. */
export const link = (...names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

function webhook(path: string) {
	return {
		id: 'w1',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `queue-${path}`,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

const splitOut = {
	id: 'w2',
	name: 'Split Out',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	position: [220, 0],
	parameters: { fieldToSplitOut: 'body.recipients', options: {} },
};

/** The Email Communication node after Split Out, sending through the sandbox SMTP credential. */
function emailNode(id: string, parameters: Record<string, unknown>) {
	return {
		id,
		name: 'Email',
		type: `${PKG}.emailCommunication`,
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: SMTP,
	};
}

/**
 * Bulk mail: one email per recipient of the request body, idempotency key per address (so a re-run
 * never mails an address twice); `options` adds Async, Max Per Second...
 */
export function bulkWorkflow(path: string, options: Record<string, unknown> = {}): WorkflowPayload {
	const email = emailNode('w3', {
		toEmail: '={{ $json.email }}',
		subject: 'Bulk {{ id }}',
		emailFormat: 'text',
		text: 'Hello',
		communicationName: "={{ $('Webhook').item.json.body.name }}",
		options: { idempotencyKey: '={{ $json.key }}', maxConcurrentSends: 10, ...options },
	});
	return {
		name: `Queue e2e ${path}`,
		nodes: [webhook(path), splitOut, email],
		connections: link('Webhook', 'Split Out', 'Email'),
		settings: { executionOrder: 'v1' },
	};
}

/** A campaign (SPRING_OFFER, so the stop-campaign-on-reply example cancels it) whose results go through Python. */
export function campaignWorkflow(path: string): WorkflowPayload {
	const email = emailNode('c3', {
		toEmail: '={{ $json.email }}',
		subject: 'Offer for {{ first_name }}',
		emailFormat: 'text',
		text: 'Spring offer',
		communicationName: 'SPRING_OFFER',
		schedule: {
			from: "={{ $('Webhook').item.json.body.window.from }}",
			to: "={{ $('Webhook').item.json.body.window.to }}",
			duration: '72:00',
		},
		options: {},
	});
	const python = {
		id: 'c4',
		name: 'Python',
		type: `${PKG}.pythonCustomAction`,
		typeVersion: 1,
		position: [660, 0],
		parameters: {
			script:
				'def main(item, params, communication):\n' +
				'    return {"python_saw": communication["status"] if communication else None}\n',
			params: '{}',
		},
	};
	return {
		name: `Queue e2e ${path}`,
		nodes: [webhook(path), splitOut, email, python],
		connections: link('Webhook', 'Split Out', 'Email', 'Python'),
		settings: { executionOrder: 'v1' },
	};
}

export async function publish(e2e: E2E, id: string, payload: WorkflowPayload): Promise<void> {
	const existing = await e2e.api.getWorkflow(id);
	const saved = existing
		? await e2e.api.updateWorkflow(id, payload)
		: await e2e.api.createWorkflow(id, payload);
	await e2e.api.activateWorkflow(id, saved.versionId);
}

/** Recipients `<prefix>-<i>@bulk.test` with per-address keys. */
export function recipients(prefix: string, count: number) {
	return Array.from({ length: count }, (_v, i) => ({
		id: `${prefix}-${i}`,
		email: `${prefix}-${i}@bulk.test`,
		key: `${prefix}:${i}`,
	}));
}

/** How many mails each address of `prefix` received. */
export function mailsPerAddress(
	mails: Array<{ envelope: { to: string[] } }>,
	prefix: string,
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const mail of mails) {
		for (const to of mail.envelope.to) {
			if (to.startsWith(`${prefix}-`)) counts.set(to, (counts.get(to) ?? 0) + 1);
		}
	}
	return counts;
}
