// Stores planned (and expired) communications in the ledger with everything needed to send
// them later, and the batch record that lets the node's webhook rebuild its full output.
import type { INodeExecutionData } from 'n8n-workflow';

import { toJsonObject } from '../ledger/json';
import type { CommunicationLedger, CommunicationRecord, NewCommunication } from '../ledger/types';
import type { SendDecision } from './window';
import type { BatchItem, BatchPayload, PlannedPayload } from './payloads';
import {
	type RecordedItem,
	type PreparedSend,
	buildCommunicationResult,
	type Channel,
	type CommunicationResult,
	type ItemSendSettings,
} from '../pipeline';

export type { BatchItem, BatchPayload, PlannedPayload } from './payloads';

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

export interface PlanContext {
	workflowId: string;
	executionId: string;
	nodeName: string;
	/** The node's resume URL; null when nothing waits (every planned item expired). */
	resumeUrl: string | null;
}

/** Whether any of the plans keeps the execution waiting (not only expired ones). */
export function plansWait(plans: readonly PlannedItem[]): boolean {
	return plans.some((p) => p.decision.action === 'plan');
}

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

/** Planned rows stored per ledger transaction. */
const PLAN_BATCH = 200;

function plannedRow(channel: Channel, plan: PlannedItem, context: PlanContext): NewCommunication {
	const payload: PlannedPayload = {
		kind: 'planned',
		item: { json: plan.item.json, binary: plan.item.binary },
		recorded: plan.recorded,
		settings: plan.settings,
		to: plan.prepared.to,
		warnings: plan.warnings,
	};
	return {
		idempotencyKey: plan.idempotencyKey,
		participantId: plan.participantId,
		name: plan.name,
		channel,
		workflowId: context.workflowId,
		executionId: context.executionId,
		nodeName: context.nodeName,
		itemIndex: plan.itemIndex,
		payload: toJsonObject(payload),
		scheduledFor: plan.decision.sendAt,
		expiresAt: plan.decision.expiresAt,
		resumeUrl: context.resumeUrl,
	};
}

/** Phase "plan the rest": one planned row per item; each item's result (scheduled, expired...). */
export async function planCommunications(
	ledger: CommunicationLedger,
	channel: Channel,
	plans: PlannedItem[],
	context: PlanContext,
): Promise<Map<number, CommunicationResult>> {
	const planned = new Map<number, CommunicationResult>();
	const rows: CommunicationRecord[] = [];
	for (let start = 0; start < plans.length; start += PLAN_BATCH) {
		const chunk = plans.slice(start, start + PLAN_BATCH);
		rows.push(...(await ledger.planMany(chunk.map((plan) => plannedRow(channel, plan, context)))));
	}
	for (const [index, plan] of plans.entries()) {
		const row = rows[index];
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
			await ledger.finish(row.id, 'expired', toJsonObject(result));
			planned.set(plan.itemIndex, result);
		} else {
			planned.set(plan.itemIndex, buildCommunicationResult({ ...base, status: 'scheduled' }));
		}
	}
	return planned;
}

/** Keeps the outcomes of the items that are not waiting, for the output after the last resume. */
export async function recordBatch(
	ledger: CommunicationLedger,
	context: PlanContext & { resumeUrl: string },
	items: BatchItem[],
): Promise<void> {
	const batch: BatchPayload = {
		kind: 'batch',
		items: items.map((entry) => ({
			...entry,
			item: { json: entry.item.json, binary: entry.item.binary },
		})),
	};
	await ledger.saveBatch({
		executionId: context.executionId,
		nodeName: context.nodeName,
		resumeUrl: context.resumeUrl,
		payload: toJsonObject(batch),
	});
}
