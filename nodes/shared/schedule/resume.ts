// The webhook() body of every conversation node: called through the signed resume URL (by the
// Communication Dispatcher), it sends what is due with the node's own credentials, expires what
// came too late, keeps waiting while anything is planned, and then continues the workflow with
// every item's result in input order.
import { timingSafeEqual } from 'node:crypto';

import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { redactSecrets } from '../errors';
import { replayItemContext } from '../item-context';
import { ledgerFor } from '../ledger/access';
import type { CommunicationLedger, CommunicationRecord, JsonObject } from '../ledger/types';
import { describeOutcome, type PreparedSend } from '../outcome-results';
import { buildCommunicationResult, withResult, type CommunicationResult } from '../outputs';
import { nodeSendSettingsFrom } from '../send-options';
import { runSendLoop, type SendTask } from '../send-loop';
import type { ChannelRunner } from '../item-pipeline';
import { WORKER_ID, loadParticipant } from '../item-pipeline';
import { customerContextOf } from './decide';
import { BATCH_CHANNEL, type BatchPayload, type PlannedPayload } from './plan';

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonObject;

function signatureOf(url: string): string {
	try {
		return new URL(url).searchParams.get('signature') ?? '';
	} catch {
		return '';
	}
}

function sameSignature(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || !expected || given.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function isPlanned(row: CommunicationRecord): boolean {
	return (
		row.channel !== BATCH_CHANNEL && (row.payload as { kind?: string } | null)?.kind === 'planned'
	);
}

async function sendDue<P>(
	ctx: IWebhookFunctions,
	ledger: CommunicationLedger,
	runner: ChannelRunner<P>,
	due: CommunicationRecord[],
): Promise<void> {
	const tasks: Array<SendTask<P>> = [];
	const prepared = new Map<number, { prepared: PreparedSend<P>; row: CommunicationRecord }>();
	for (const row of due) {
		const payload = row.payload as unknown as PlannedPayload;
		const itemIndex = row.itemIndex ?? 0;
		const base = {
			channel: runner.channel,
			name: row.name,
			participantId: row.participantId,
			scheduledFor: row.scheduledFor,
		};
		try {
			const schedule = (payload.recorded.params.schedule ?? {}) as IDataObject;
			const participant = {
				...(await loadParticipant(ledger, row.participantId, payload.item.json)),
				...customerContextOf(schedule),
			};
			const item = replayItemContext(payload.recorded, {
				itemIndex,
				item: payload.item,
				participant,
				participantId: row.participantId,
				settings: payload.settings,
			});
			const ready = await runner.prepare(item);
			if (ready.skipReason) {
				await ledger.finish(
					row.id,
					'skipped',
					json(
						buildCommunicationResult({
							...base,
							id: row.id,
							status: 'skipped',
							to: ready.to,
							warnings: [...ready.warnings, ready.skipReason],
						}),
					),
				);
				continue;
			}
			prepared.set(itemIndex, { prepared: ready, row });
			tasks.push({
				itemIndex,
				payload: ready.payload,
				idempotencyKey: row.idempotencyKey,
				participantId: row.participantId,
				name: row.name,
				channel: runner.channel,
				workflowId: row.workflowId,
				executionId: row.executionId,
				nodeName: row.nodeName,
			});
		} catch (error) {
			const message = redactSecrets((error as Error).message, runner.secrets);
			await ledger.finish(
				row.id,
				'failed',
				json({
					...buildCommunicationResult({ ...base, id: row.id, status: 'failed', to: payload.to }),
					error: message,
				}),
			);
		}
	}
	if (tasks.length === 0) return;
	const settings = nodeSendSettingsFrom(
		(ctx.getNodeParameter('options', {}) ?? {}) as IDataObject,
		runner.defaults,
	);
	try {
		await runSendLoop(tasks, async (payload, attempt) => await runner.send(payload, attempt), {
			concurrency: settings.concurrency,
			maxPerSecond: settings.maxPerSecond,
			retryCount: settings.retryCount,
			classify: runner.classify,
			ledger,
			workerId: WORKER_ID,
			describeSent: (task, outcome) => {
				const entry = prepared.get(task.itemIndex)!;
				const payload = entry.row.payload as unknown as PlannedPayload;
				const result = describeOutcome(outcome, {
					channel: runner.channel,
					name: entry.row.name,
					participantId: entry.row.participantId,
					output: payload.settings.outputMessage,
					prepared: {
						...entry.prepared,
						warnings: [
							...payload.warnings.filter((w) => !entry.prepared.warnings.includes(w)),
							...entry.prepared.warnings,
						],
					},
					scheduledFor: entry.row.scheduledFor,
				});
				const error =
					outcome.kind === 'failed'
						? redactSecrets((outcome.error as Error)?.message ?? 'Sending failed', runner.secrets)
						: undefined;
				return json(error ? { ...result, error } : result);
			},
		});
	} finally {
		await runner.close?.();
	}
}

function finalResult(
	row: CommunicationRecord,
	runnerChannel: ChannelRunner<unknown>['channel'],
): CommunicationResult & { error?: string } {
	const { error, ...stored } = (row.result ?? {}) as Partial<CommunicationResult> & {
		error?: string;
	};
	const payload = row.payload as unknown as PlannedPayload;
	// Channel details (SMS segments, call SID...) stored beside the shared fields are kept.
	const built = buildCommunicationResult({
		channel: runnerChannel,
		name: row.name,
		participantId: row.participantId,
		to: payload.to,
		...stored,
		id: row.id,
		status: (stored.status ?? row.status) as CommunicationResult['status'],
		scheduledFor: row.scheduledFor,
	});
	return { ...stored, ...built, ...(error ? { error } : {}) };
}

export async function resumeCommunicationNode<P>(
	ctx: IWebhookFunctions,
	runner: ChannelRunner<P>,
): Promise<IWebhookResponseData> {
	const request = ctx.getRequestObject();
	const response = ctx.getResponseObject();
	const node = ctx.getNode();
	const ledger = await ledgerFor(ctx);
	const rows = await ledger.list({ executionId: ctx.getExecutionId() ?? '', nodeName: node.name });
	const batchRow = rows.filter((r) => r.channel === BATCH_CHANNEL).at(-1);
	const batch = batchRow?.payload as unknown as BatchPayload | undefined;
	if (!batch || !sameSignature(request.query.signature, signatureOf(batch.resumeUrl))) {
		await runner.close?.();
		response
			.status(batch ? 401 : 404)
			.json({ error: batch ? 'Invalid signature' : 'Nothing is waiting here' });
		return { noWebhookResponse: true };
	}
	const planned = () => rows.filter(isPlanned);
	if (request.method !== 'POST') {
		// A GET (link preview, scanner, browser) never sends or resumes anything.
		await runner.close?.();
		response
			.status(200)
			.json({ waiting: true, planned: planned().filter((r) => r.status === 'planned').length });
		return { noWebhookResponse: true };
	}

	const now = Date.now();
	const due: CommunicationRecord[] = [];
	for (const row of planned()) {
		if (row.status !== 'planned') continue;
		const start = Date.parse(row.scheduledFor ?? '') || 0;
		const expiresAt = row.expiresAt ? Date.parse(row.expiresAt) : Infinity;
		if (now > expiresAt) {
			const result = buildCommunicationResult({
				id: row.id,
				channel: runner.channel,
				name: row.name,
				participantId: row.participantId,
				status: 'expired',
				scheduledFor: row.scheduledFor,
				warnings: [
					'The Communication Duration elapsed before the window opened; it was not sent late.',
				],
			});
			await ledger.finish(row.id, 'expired', json(result));
		} else if (start <= now) {
			due.push(row);
		}
	}
	if (due.length) await sendDue(ctx, ledger, runner, due);
	else await runner.close?.();

	const current = await ledger.list({
		executionId: ctx.getExecutionId() ?? '',
		nodeName: node.name,
	});
	const still = current.filter(
		(r) => isPlanned(r) && (r.status === 'planned' || r.status === 'active'),
	);
	if (still.length > 0) {
		response.status(200).json({ waiting: true, planned: still.length, sentNow: due.length });
		return { noWebhookResponse: true };
	}

	const toErrorOutput = node.onError === 'continueErrorOutput';
	const entries: Array<{
		itemIndex: number;
		item: INodeExecutionData;
		result: CommunicationResult;
		error?: string;
		field: string;
	}> = [
		...batch.items.map((e) => ({
			itemIndex: e.itemIndex,
			item: e.item,
			result: e.result,
			error: e.error,
			field: e.resultField,
		})),
		...current.filter(isPlanned).map((row) => {
			const payload = row.payload as unknown as PlannedPayload;
			const { error, ...result } = finalResult(row, runner.channel);
			return {
				itemIndex: row.itemIndex ?? 0,
				item: payload.item,
				result: result as CommunicationResult,
				error,
				field: payload.settings.resultField,
			};
		}),
	].sort((a, b) => a.itemIndex - b.itemIndex);
	const success: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	for (const entry of entries) {
		if (entry.error !== undefined && toErrorOutput) {
			failed.push({
				json: { ...entry.item.json, error: entry.error },
				pairedItem: { item: entry.itemIndex },
			});
			continue;
		}
		const out = withResult(entry.item, entry.itemIndex, entry.field, entry.result);
		if (entry.error !== undefined) out.json.error = entry.error;
		success.push(out);
	}
	response.status(200).json({ resumed: true, items: entries.length });
	return { workflowData: toErrorOutput ? [success, failed] : [success] };
}
