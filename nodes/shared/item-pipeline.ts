// The execute() body every sending node shares: prepare each item, send through the send loop,
// and turn outcomes into output items or per-item errors (SPEC 3.4, 3.5, 3.6, 3.8, 3.9).
import { hostname } from 'node:os';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem, toNodeError } from './errors';
import { ledgerFor } from './ledger-access';
import type { CommunicationLedger, JsonObject } from './ledger/types';
import {
	buildCommunicationResult,
	carriesFailure,
	withResult,
	type Channel,
	type CommunicationResult,
} from './outputs';
import { readItemSendSettings, readNodeSendSettings, type ItemSendSettings, type NodeSendSettings } from './send-options';
import { runSendLoop, type RetryDecision, type SendOutcome, type SendSuccess, type SendTask } from './send-loop';

export interface PreparedSend<P> {
	payload: P;
	to: string[];
	warnings: string[];
	/** Set to skip the item without sending (opt-out, nothing to do): becomes status skipped. */
	skipReason?: string;
	/** Result fields known before sending (e.g. SMS segments). */
	details?: JsonObject;
}

export interface ItemContext {
	itemIndex: number;
	item: INodeExecutionData;
	/** The item's JSON overlaid with the participant's stored profile. */
	participant: IDataObject;
	participantId: string;
	settings: ItemSendSettings;
}

export interface ChannelRunner<P> {
	channel: Channel;
	defaultOutput: string;
	/** Communication Name recorded in the ledger ('' when the node has none). */
	communicationName?: (itemIndex: number) => string;
	/** Validates and resolves one item; throws InputError for bad input (never retried). */
	prepare: (ctx: ItemContext) => Promise<PreparedSend<P>> | PreparedSend<P>;
	send: (payload: P, attempt: number) => Promise<SendSuccess>;
	classify: (error: unknown) => RetryDecision;
	/** Strings that must never appear in an output or error (passwords, tokens). */
	secrets: unknown[];
	/** Called once every send (including background ones) has finished. */
	close?: () => Promise<void> | void;
	defaults?: Partial<NodeSendSettings>;
}

type Planned<P> =
	| { kind: 'skip'; result: CommunicationResult }
	| { kind: 'error'; error: unknown }
	| { kind: 'send'; task: SendTask<P>; prepared: PreparedSend<P> };

const WORKER_ID = `${hostname()}:${process.pid}`;

function participantIdOf(ctx: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): string {
	const value = ctx.getNodeParameter('participantId', itemIndex, '') as unknown;
	const id = value === undefined || value === null || value === '' ? item.json.id : value;
	return id === undefined || id === null ? '' : String(id);
}

async function loadParticipant(ledger: CommunicationLedger, id: string, item: INodeExecutionData): Promise<IDataObject> {
	if (!id) return { ...item.json };
	const profile = await ledger.getProfile(id);
	return { ...item.json, ...(profile.attributes as IDataObject) };
}

function resultFor(
	outcome: SendOutcome,
	base: { channel: Channel; name: string; participantId: string; output: string; prepared: PreparedSend<unknown> },
): CommunicationResult {
	const common = {
		channel: base.channel,
		name: base.name,
		participantId: base.participantId,
		to: base.prepared.to,
		warnings: [...base.prepared.warnings],
		details: base.prepared.details,
	};
	switch (outcome.kind) {
		case 'sent':
			return buildCommunicationResult({
				...common,
				id: outcome.ledgerId ?? '',
				status: outcome.value.status ?? 'sent',
				output: base.output,
				providerMessageId: outcome.value.providerMessageId ?? null,
				accepted: outcome.value.accepted ?? base.prepared.to,
				rejected: outcome.value.rejected ?? [],
				warnings: [...common.warnings, ...(outcome.value.warnings ?? [])],
				sentAt: outcome.sentAt,
				attempts: outcome.attempts,
				details: { ...(base.prepared.details ?? {}), ...(outcome.value.details ?? {}) },
			});
		case 'queued':
			return buildCommunicationResult({ ...common, id: outcome.ledgerId ?? '', status: 'queued', output: base.output });
		case 'duplicate': {
			const stored = (outcome.record.result ?? {}) as Partial<CommunicationResult>;
			const note = outcome.busy
				? 'Another execution is sending this message right now (same idempotency key); not sent again.'
				: `Already sent earlier under idempotency key '${outcome.record.idempotencyKey}'; not sent again.`;
			return buildCommunicationResult({
				...common,
				...stored,
				id: outcome.record.id,
				status: outcome.busy ? 'skipped' : (stored.status ?? 'sent'),
				warnings: [...(stored.warnings ?? []), note],
			});
		}
		case 'failed':
			return buildCommunicationResult({ ...common, id: outcome.ledgerId ?? '', status: 'failed', attempts: outcome.attempts });
	}
}

export async function runCommunicationItems<P>(
	ctx: IExecuteFunctions,
	runner: ChannelRunner<P>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	const nodeSettings = readNodeSendSettings(ctx, runner.defaults);
	const ledger = await ledgerFor(ctx);
	const workflowId = ctx.getWorkflow().id ?? '';
	const executionId = ctx.getExecutionId() ?? '';
	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		await runner.close?.();
	};

	const itemSettings = items.map((_item, i) => readItemSendSettings(ctx, i, runner.defaultOutput));
	const names = items.map((_item, i) => runner.communicationName?.(i) ?? '');
	const participantIds = items.map((item, i) => participantIdOf(ctx, i, item));

	const planned: Array<Planned<P>> = [];
	for (const [i, item] of items.entries()) {
		const settings = itemSettings[i];
		const base = { channel: runner.channel, name: names[i], participantId: participantIds[i] };
		if (settings.onlyIfSuccessful && carriesFailure(item, settings.resultField)) {
			planned.push({
				kind: 'skip',
				result: buildCommunicationResult({
					...base,
					status: 'skipped',
					warnings: ['Skipped: the incoming item reports an earlier failure (Only If Everything Was Successful).'],
				}),
			});
			continue;
		}
		try {
			const participant = await loadParticipant(ledger, participantIds[i], item);
			const prepared = await runner.prepare({ itemIndex: i, item, participant, participantId: participantIds[i], settings });
			if (prepared.skipReason) {
				planned.push({
					kind: 'skip',
					result: buildCommunicationResult({ ...base, status: 'skipped', to: prepared.to, warnings: [...prepared.warnings, prepared.skipReason] }),
				});
				continue;
			}
			planned.push({
				kind: 'send',
				prepared,
				task: {
					itemIndex: i,
					payload: prepared.payload,
					participantId: participantIds[i],
					name: names[i],
					channel: runner.channel,
					workflowId,
					executionId,
					nodeName: node.name,
					idempotencyKey: settings.idempotencyKey || `${workflowId}:${executionId}:${node.name}:${i}`,
				},
			});
		} catch (error) {
			planned.push({ kind: 'error', error });
		}
	}

	// Bad input stops the node before anything is sent, unless failed items may continue.
	const firstBadInput = planned.findIndex((p) => p.kind === 'error');
	if (firstBadInput >= 0 && !ctx.continueOnFail()) {
		await close();
		throw toNodeError(node, (planned[firstBadInput] as { error: unknown }).error, firstBadInput, runner.secrets);
	}

	const sendable = planned.filter((p): p is Extract<Planned<P>, { kind: 'send' }> => p.kind === 'send');
	const preparedByIndex = new Map(sendable.map((p) => [p.task.itemIndex, p.prepared]));
	const describe = (index: number, outcome: SendOutcome): CommunicationResult =>
		resultFor(outcome, {
			channel: runner.channel,
			name: names[index],
			participantId: participantIds[index],
			output: itemSettings[index].outputMessage,
			prepared: preparedByIndex.get(index) as PreparedSend<unknown>,
		});

	let run;
	try {
		run = await runSendLoop(
			sendable.map((p) => p.task),
			async (payload, attempt) => await runner.send(payload, attempt),
			{
				concurrency: nodeSettings.concurrency,
				maxPerSecond: nodeSettings.maxPerSecond,
				retryCount: nodeSettings.retryCount,
				async: nodeSettings.async,
				classify: runner.classify,
				ledger,
				workerId: WORKER_ID,
				describeSent: (task, outcome) => describe(task.itemIndex, outcome) as unknown as JsonObject,
			},
		);
	} catch (error) {
		await close();
		throw error;
	}
	if (nodeSettings.async) {
		run.background.catch(() => undefined).finally(() => void close());
	} else {
		await close();
	}

	const toErrorOutput = node.onError === 'continueErrorOutput';
	const outcomeByIndex = new Map(run.outcomes.map((o) => [o.itemIndex, o]));
	const out: INodeExecutionData[] = [];
	const failures: Array<{ index: number; error: unknown }> = [];
	for (const [i, item] of items.entries()) {
		const field = itemSettings[i].resultField;
		const plan = planned[i];
		if (plan.kind === 'skip') {
			out.push(withResult(item, i, field, plan.result));
			continue;
		}
		if (plan.kind === 'error') {
			const nodeError = toNodeError(node, plan.error, i, runner.secrets);
			const result = buildCommunicationResult({ channel: runner.channel, name: names[i], participantId: participantIds[i], status: 'failed' });
			out.push(errorItem(item, i, nodeError, { extra: { [field]: result }, toErrorOutput }));
			continue;
		}
		const outcome = outcomeByIndex.get(i) as SendOutcome;
		const result = describe(i, outcome);
		if (outcome.kind === 'failed') {
			failures.push({ index: i, error: outcome.error });
			const nodeError = toNodeError(node, outcome.error, i, runner.secrets);
			out.push(errorItem(item, i, nodeError, { extra: { [field]: result }, toErrorOutput }));
			continue;
		}
		out.push(withResult(item, i, field, result));
	}

	if (failures.length > 0 && !ctx.continueOnFail()) {
		const first = failures[0];
		const nodeError = toNodeError(node, first.error, first.index, runner.secrets);
		const sent = out.length - failures.length;
		if (sent > 0) {
			nodeError.description = [
				nodeError.description,
				`${failures.length} of ${items.length} items failed; the other ${sent} were handled and will not be sent again when the node is retried in this execution.`,
			]
				.filter(Boolean)
				.join(' ');
		}
		throw nodeError;
	}
	if (out.length !== items.length) {
		throw new NodeOperationError(node, 'Internal error: an item was lost while sending');
	}
	return [out];
}
