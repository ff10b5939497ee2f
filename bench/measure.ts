// Runs one bench workflow through its production webhook and reads the execution's timing back from n8n's REST API.
import type { N8nApi } from '../scripts/n8n/api';
import type { ExampleWorkflow } from '../scripts/n8n/examples';
import { webhookUrl } from '../scripts/n8n/examples';
import { isRecord } from '../scripts/n8n/json';

export interface WorkflowRun {
	executionId: string;
	status: string;
	/** stoppedAt - startedAt of the execution (n8n's own clock): the figure the table uses. */
	executionMs: number;
	/** Webhook request sent to its answer (responseMode lastNode: after the workflow finished). */
	wallMs: number;
	/** The sending node's own executionTime in runData. */
	senderMs: number;
	/** Items the sending node emitted. */
	senderItems: number;
}

const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);

const delay = (ms: number): Promise<void> =>
	new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

function senderStats(
	runData: Record<string, unknown>,
	senderName: string,
): { ms: number; items: number } {
	const runs = runData[senderName];
	const last: unknown = Array.isArray(runs) ? runs[runs.length - 1] : undefined;
	if (!isRecord(last)) return { ms: Number.NaN, items: 0 };
	const data = isRecord(last.data) ? last.data : {};
	const main = Array.isArray(data.main) ? data.main : [];
	const items: unknown = main[0];
	return { ms: Number(last.executionTime), items: Array.isArray(items) ? items.length : 0 };
}

/**
 * POSTs `body` to the workflow's production webhook and waits for the execution to settle.
 * `fetchDetails: false` skips downloading the run data (used while measuring memory).
 */
export async function runWebhookWorkflow(
	api: N8nApi,
	n8nUrl: string,
	workflow: ExampleWorkflow,
	body: unknown,
	senderName: string,
	options: { timeoutMs?: number; fetchDetails?: boolean } = {},
): Promise<WorkflowRun> {
	const timeoutMs = options.timeoutMs ?? 600_000;
	const known = new Set((await api.listExecutions(workflow.id)).map((execution) => execution.id));
	const started = performance.now();
	const response = await fetch(webhookUrl(n8nUrl, workflow.webhooks[0]), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const answer = await response.text();
	const wallMs = performance.now() - started;
	if (!response.ok)
		throw new Error(
			`${workflow.name}: webhook answered ${response.status}: ${answer.slice(0, 300)}`,
		);

	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		const fresh = (await api.listExecutions(workflow.id)).find(
			(execution) => !known.has(execution.id) && SETTLED.has(execution.status),
		);
		if (fresh) {
			const executionMs = Date.parse(fresh.stoppedAt ?? '') - Date.parse(fresh.startedAt ?? '');
			if (options.fetchDetails === false) {
				return {
					executionId: fresh.id,
					status: fresh.status,
					executionMs,
					wallMs,
					senderMs: Number.NaN,
					senderItems: Number.NaN,
				};
			}
			const detail = await api.getExecution(fresh.id);
			const sender = senderStats(detail.runData, senderName);
			return {
				executionId: fresh.id,
				status: detail.status,
				executionMs,
				wallMs,
				senderMs: sender.ms,
				senderItems: sender.items,
			};
		}
		await delay(100);
	}
	throw new Error(
		`${workflow.name}: no finished execution within 120 s after the webhook answered`,
	);
}

export function median(values: number[]): number {
	const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function perSecond(count: number, ms: number): number {
	return ms > 0 ? (count * 1000) / ms : Number.NaN;
}
