// Stores planned (and expired) communications in the ledger with everything needed to send
// them later, plus one batch record that lets the node's webhook rebuild its full output.
import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RecordedItem } from '../item-context';
import { waitingNodeUrl } from '../resume-url';
import type { CommunicationLedger, CommunicationRecord, JsonObject } from '../ledger/types';
import type { PreparedSend } from '../outcome-results';
import { buildCommunicationResult, type Channel, type CommunicationResult } from '../outputs';
import type { ItemSendSettings } from '../send-options';
import type { SendDecision } from '../window';

export const BATCH_CHANNEL = '__batch__';

export interface PlannedItem {
	itemIndex: number;
	idempotencyKey: string;
	decision: SendDecision;
	name: string;
	participantId: string;
	prepared: PreparedSend<unknown>;
	recorded: RecordedItem;
	item: INodeExecutionData;
	settings: ItemSendSettings;
	warnings: string[];
}

/** What a planned row keeps in its payload (no secrets: parameters and the item only). */
export interface PlannedPayload {
	kind: 'planned';
	item: INodeExecutionData;
	recorded: RecordedItem;
	settings: ItemSendSettings;
	to: string[];
	warnings: string[];
}

/** The batch row: outcomes of the items that were not planned, for the final output. */
export interface BatchPayload {
	kind: 'batch';
	resumeUrl: string;
	items: Array<{
		itemIndex: number;
		item: INodeExecutionData;
		result: CommunicationResult;
		error?: string;
		resultField: string;
	}>;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonObject;

function resultOfExisting(
	row: CommunicationRecord,
	channel: Channel,
	plan: PlannedItem,
): CommunicationResult {
	const stored = (row.result ?? {}) as Partial<CommunicationResult>;
	return buildCommunicationResult({
		channel,
		name: plan.name,
		participantId: plan.participantId,
		to: plan.prepared.to,
		...stored,
		id: row.id,
		status:
			row.status === 'planned'
				? 'scheduled'
				: ((stored.status ?? row.status) as CommunicationResult['status']),
		scheduledFor: row.scheduledFor,
	});
}

export async function planCommunications(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	channel: Channel,
	plans: PlannedItem[],
	results: Array<{ result: CommunicationResult; error?: unknown }>,
	context: {
		workflowId: string;
		executionId: string;
		nodeName: string;
		resultFieldOf: (itemIndex: number) => string;
		errorOf: (itemIndex: number) => string | undefined;
	},
): Promise<Map<number, CommunicationResult>> {
	const waits = plans.some((p) => p.decision.action === 'plan');
	const resumeUrl = waits ? waitingNodeUrl(ctx) : null;
	const planned = new Map<number, CommunicationResult>();
	for (const plan of plans) {
		const payload: PlannedPayload = {
			kind: 'planned',
			item: { json: plan.item.json, binary: plan.item.binary },
			recorded: plan.recorded,
			settings: plan.settings,
			to: plan.prepared.to,
			warnings: plan.warnings,
		};
		const row = await ledger.plan({
			idempotencyKey: plan.idempotencyKey,
			participantId: plan.participantId,
			name: plan.name,
			channel,
			workflowId: context.workflowId,
			executionId: context.executionId,
			nodeName: context.nodeName,
			itemIndex: plan.itemIndex,
			payload: json(payload),
			scheduledFor: plan.decision.sendAt,
			expiresAt: plan.decision.expiresAt,
			resumeUrl,
		});
		if (row.executionId !== context.executionId || row.status !== 'planned') {
			// The key was planned or sent before (a re-run or a custom Idempotency Key).
			planned.set(plan.itemIndex, resultOfExisting(row, channel, plan));
			continue;
		}
		const base = {
			id: row.id,
			channel,
			name: plan.name,
			participantId: plan.participantId,
			to: plan.prepared.to,
			warnings: [...plan.warnings, plan.decision.reason],
			scheduledFor: plan.decision.sendAt,
		};
		if (plan.decision.action === 'expired') {
			const result = buildCommunicationResult({ ...base, status: 'expired' });
			await ledger.finish(row.id, 'expired', json(result));
			planned.set(plan.itemIndex, result);
		} else {
			planned.set(plan.itemIndex, buildCommunicationResult({ ...base, status: 'scheduled' }));
		}
	}

	if (waits && resumeUrl) {
		const plannedIndexes = new Set(
			plans.filter((p) => p.decision.action === 'plan').map((p) => p.itemIndex),
		);
		const items = ctx.getInputData();
		const batch: BatchPayload = {
			kind: 'batch',
			resumeUrl,
			items: results.flatMap((entry, itemIndex) => {
				if (plannedIndexes.has(itemIndex)) return [];
				return [
					{
						itemIndex,
						item: { json: items[itemIndex].json, binary: items[itemIndex].binary },
						result: planned.get(itemIndex) ?? entry.result,
						error: context.errorOf(itemIndex),
						resultField: context.resultFieldOf(itemIndex),
					},
				];
			}),
		};
		const claim = await ledger.claimSend(
			{
				idempotencyKey: `batch:${context.executionId}:${context.nodeName}:${randomUUID()}`,
				participantId: '',
				channel: BATCH_CHANNEL,
				workflowId: context.workflowId,
				executionId: context.executionId,
				nodeName: context.nodeName,
				payload: json(batch),
				resumeUrl,
			},
			'planner',
			60_000,
		);
		await ledger.completeSend(claim.record.id, { status: 'skipped' });
	}
	return planned;
}
