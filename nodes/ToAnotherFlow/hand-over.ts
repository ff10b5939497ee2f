// To Another Flow's execute(): hand each participant (or all at once) to the target flow through
// n8n's executeWorkflow, then output the handover details (Transfer) or the target's result
// paired to the input items (Run and Wait).
import { randomUUID } from 'node:crypto';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import {
	DEFAULT_HANDOVER_FIELD,
	handoverToJson,
	readHandover,
	type HandoverMode,
	type HandoverRecord,
} from '../shared/handover';
import { ledgerFor } from '../shared/ledger/access';
import type { CommunicationLedger } from '../shared/ledger/types';
import { loadParticipant, participantIdOf } from '../shared/participant';
import { eachItem, failedOutput, failItem, runPerItem } from '../shared/pipeline/per-item';
import { readTargetFlow, targetFlowError, type TargetFlow } from './target';

interface Prepared {
	index: number;
	target: TargetFlow;
	record: HandoverRecord;
	sent: INodeExecutionData;
}

interface Settings {
	mode: HandoverMode;
	field: string;
	includeProfile: boolean;
	singleExecution: boolean;
}

function readSettings(ctx: IExecuteFunctions): Settings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const field = typeof options.handoverField === 'string' && options.handoverField.trim();
	return {
		mode: ctx.getNodeParameter('mode', 0, 'transfer') === 'runAndWait' ? 'runAndWait' : 'transfer',
		field: field || DEFAULT_HANDOVER_FIELD,
		includeProfile: options.includeProfile !== false,
		singleExecution: options.singleExecution === true,
	};
}

async function prepare(
	ctx: IExecuteFunctions,
	settings: Settings,
	ledger: CommunicationLedger | undefined,
	item: INodeExecutionData,
	index: number,
): Promise<Prepared> {
	const target = readTargetFlow(
		ctx.getNodeParameter('workflowId', settings.singleExecution ? 0 : index),
	);
	const participantId = participantIdOf(ctx, index, item);
	const workflow = ctx.getWorkflow();
	const record: HandoverRecord = {
		id: randomUUID(),
		participantId,
		mode: settings.mode,
		itemIndex: index,
		from: {
			workflowId: workflow.id ?? '',
			workflowName: workflow.name ?? '',
			executionId: ctx.getExecutionId() ?? '',
			node: ctx.getNode().name,
		},
		sentAt: new Date().toISOString(),
	};
	// Same overlay as the sending nodes: the target sees the values saved by Update Field.
	const json = ledger ? await loadParticipant(ledger, participantId, item.json) : { ...item.json };
	json[settings.field] = handoverToJson(record);
	return { index, target, record, sent: { json, ...(item.binary ? { binary: item.binary } : {}) } };
}

function summary(
	record: HandoverRecord,
	target: TargetFlow,
	executionId: string,
	status: 'started' | 'completed',
): IDataObject {
	return {
		id: record.id,
		participantId: record.participantId,
		mode: record.mode,
		status,
		to: { workflowId: target.id, ...(target.name ? { workflowName: target.name } : {}) },
		executionId,
		sentAt: record.sentAt,
	};
}

/** What the target returned, paired to the inputs it came from (see docs/to-another-flow.md). */
function pairResults(
	returned: INodeExecutionData[],
	batch: Prepared[],
	settings: Settings,
	target: TargetFlow,
	executionId: string,
): INodeExecutionData[] {
	const byHandoverId = new Map(batch.map((p) => [p.record.id, p]));
	return returned.map((item, position) => {
		const own = readHandover(item.json, settings.field);
		let sources: Prepared[];
		if (own && byHandoverId.has(own.id)) sources = [byHandoverId.get(own.id) as Prepared];
		else if (batch.length === 1 || returned.length === batch.length)
			sources = [batch[batch.length === 1 ? 0 : position]];
		else sources = batch;
		const pairedItem: IPairedItemData | IPairedItemData[] =
			sources.length === 1 ? { item: sources[0].index } : sources.map((p) => ({ item: p.index }));
		const json: IDataObject = { ...item.json };
		if (sources.length === 1)
			json[settings.field] = summary(sources[0].record, target, executionId, 'completed');
		else delete json[settings.field];
		return {
			json,
			...(item.binary ? { binary: item.binary } : {}),
			pairedItem,
			metadata: { subExecution: { executionId, workflowId: target.id } },
		};
	});
}

async function runBatch(
	ctx: IExecuteFunctions,
	batch: Prepared[],
	settings: Settings,
): Promise<INodeExecutionData[]> {
	const target = batch[0].target;
	const workflow = ctx.getWorkflow();
	let result;
	try {
		result = await ctx.executeWorkflow(
			{ id: target.id },
			batch.map((p) => p.sent),
			undefined,
			{
				doNotWaitToFinish: settings.mode === 'transfer',
				parentExecution: {
					executionId: ctx.getExecutionId() ?? '',
					workflowId: workflow.id ?? '',
					shouldResume: settings.mode === 'runAndWait',
				},
				// Manual runs call the target's saved draft, production runs its published version (n8n 2.x).
				executionMode: ctx.getMode(),
			},
		);
	} catch (error) {
		throw targetFlowError(target, error);
	}
	const executionId = String(result.executionId ?? '');
	if (settings.mode === 'transfer') {
		return batch.map((p) => {
			const input = ctx.getInputData()[p.index];
			return {
				...input,
				json: {
					...input.json,
					[settings.field]: summary(p.record, target, executionId, 'started'),
				},
				pairedItem: { item: p.index },
				metadata: { subExecution: { executionId, workflowId: target.id } },
			};
		});
	}
	const returned = (result.data ?? []).flatMap((output) => output ?? []);
	return pairResults(returned, batch, settings, target, executionId);
}

export async function handOverParticipants(
	ctx: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const settings = readSettings(ctx);
	const ledger = settings.includeProfile ? await ledgerFor(ctx) : undefined;
	if (!settings.singleExecution) {
		return await runPerItem(
			ctx,
			async (i, item) =>
				await runBatch(ctx, [await prepare(ctx, settings, ledger, item, i)], settings),
			{ fanOut: true },
		);
	}

	const out: INodeExecutionData[] = [];
	const batch: Prepared[] = [];
	const runs = await eachItem(
		ctx,
		async (i, item) => await prepare(ctx, settings, ledger, item, i),
	);
	for (const run of runs) {
		if (run.ok) batch.push(run.value);
		else out.push(failedOutput(ctx, run.item, run.itemIndex, run.error));
	}
	if (batch.length === 0) return [out];
	try {
		out.push(...(await runBatch(ctx, batch, settings)));
	} catch (error) {
		const items = ctx.getInputData();
		for (const p of batch)
			out.push(failedOutput(ctx, items[p.index], p.index, failItem(ctx, p.index, error)));
	}
	return [out];
}
