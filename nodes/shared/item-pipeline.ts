// The execute() body every sending node shares: prepare each item, decide its schedule, send
// what is due through the send loop, plan the rest, and turn outcomes into output items or
// per-item errors (SPEC 3.4 to 3.9).
import { hostname } from 'node:os';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';

import { participantIdProperty } from './descriptions';
import { errorItem, toNodeError } from './errors';
import { CUSTOMER_PROFILE_PREFIX } from './customer-profile';
import { liveItemContext, type ItemContext } from './item-context';
import { ledgerFor } from './ledger/access';
import type { CommunicationLedger, JsonObject } from './ledger/types';
import { describeOutcome, type PreparedSend } from './outcome-results';
import {
	buildCommunicationResult,
	carriesFailure,
	withResult,
	type Channel,
	type CommunicationResult,
} from './outputs';
import { communicationNameOf, customerContextOf, decideSchedule } from './schedule/decide';
import { planCommunications, type PlannedItem } from './schedule/plan';
import {
	readItemSendSettings,
	readNodeSendSettings,
	type ItemSendSettings,
	type NodeSendSettings,
} from './send-options';
import {
	runSendLoop,
	type RetryDecision,
	type SendOutcome,
	type SendSuccess,
	type SendTask,
} from './send-loop';

export type { ItemContext } from './item-context';
export type { PreparedSend } from './outcome-results';

export interface ChannelRunner<P> {
	channel: Channel;
	defaultOutput: string;
	/** Whether the node shows the Schedule section and Communication Name (conversation nodes). */
	schedulable?: boolean;
	/** Communication Name for nodes without the Schedule section ('' when none). */
	communicationName?: (itemIndex: number) => string;
	/**
	 * Validates and resolves one item; throws InputError for bad input (never retried). Reads
	 * parameters only through `item.param` / `item.binary`, so a planned communication can run
	 * it again at send time with the participant's current data.
	 */
	prepare: (item: ItemContext) => Promise<PreparedSend<P>> | PreparedSend<P>;
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
	| { kind: 'send'; task: SendTask<P>; prepared: PreparedSend<P> }
	| { kind: 'plan'; plan: PlannedItem };

export const WORKER_ID = `${hostname()}:${process.pid}`;

function participantIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): string {
	// The default reads the item's own id: take it directly. Evaluating it is an expression round trip per
	// item (about a sixth of the node's CPU time per email in n8n 2.41, measured by the bench).
	const raw = ctx.getNode().parameters.participantId;
	const usesDefault = raw === undefined || raw === participantIdProperty.default;
	const value = usesDefault
		? item.json.id
		: (ctx.getNodeParameter('participantId', itemIndex, '') as unknown);
	const id = value === undefined || value === null || value === '' ? item.json.id : value;
	return id === undefined || id === null ? '' : String(id);
}

/**
 * The participant as merge fields see it: the item, overlaid with the stored contact profile, and
 * with the stored customer profile (Update Field's Customer Profile scope) under `customer` when
 * the participant has a `customer_id`.
 */
export async function loadParticipant(
	ledger: CommunicationLedger,
	id: string,
	json: IDataObject,
): Promise<IDataObject> {
	const participant: IDataObject = id
		? { ...json, ...((await ledger.getProfile(id)).attributes as IDataObject) }
		: { ...json };
	const customerId = participant.customer_id;
	if ((typeof customerId === 'string' && customerId.trim()) || typeof customerId === 'number') {
		const customer = await ledger.getProfile(
			`${CUSTOMER_PROFILE_PREFIX}${String(customerId).trim()}`,
		);
		if (Object.keys(customer.attributes).length > 0) {
			const own =
				typeof participant.customer === 'object' && participant.customer !== null
					? (participant.customer as IDataObject)
					: {};
			participant.customer = { ...own, ...(customer.attributes as IDataObject) };
		}
	}
	return participant;
}

export function defaultIdempotencyKey(
	workflowId: string,
	executionId: string,
	nodeName: string,
	itemIndex: number,
): string {
	return `${workflowId}:${executionId}:${nodeName}:${itemIndex}`;
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
	const now = new Date();
	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		await runner.close?.();
	};

	const itemSettings: ItemSendSettings[] = items.map((_item, i) =>
		readItemSendSettings(ctx, i, runner.defaultOutput),
	);
	const names: string[] = items.map(() => '');
	const participantIds: string[] = items.map(() => '');
	const planned: Array<Planned<P>> = [];
	for (const [i, item] of items.entries()) {
		const settings = itemSettings[i];
		if (settings.onlyIfSuccessful && carriesFailure(item, settings.resultField)) {
			planned.push({
				kind: 'skip',
				result: buildCommunicationResult({
					channel: runner.channel,
					status: 'skipped',
					warnings: [
						'Skipped: the incoming item reports an earlier failure (Only If Everything Was Successful).',
					],
				}),
			});
			continue;
		}
		try {
			participantIds[i] = participantIdOf(ctx, i, item);
			const participant = await loadParticipant(ledger, participantIds[i], item.json);
			const live = liveItemContext(ctx, {
				itemIndex: i,
				item,
				participant,
				participantId: participantIds[i],
				settings,
			});
			names[i] = runner.schedulable
				? communicationNameOf(live)
				: (runner.communicationName?.(i) ?? '');
			const decision = runner.schedulable
				? decideSchedule(
						live,
						{ workflowZone: ctx.getTimezone(), instanceZone: process.env.GENERIC_TIMEZONE },
						now,
					)
				: null;
			if (decision)
				live.participant = {
					...participant,
					...customerContextOf((live.param('schedule', {}) ?? {}) as IDataObject),
				};
			const prepared = await runner.prepare(live);
			const base = {
				channel: runner.channel,
				name: names[i],
				participantId: participantIds[i],
				to: prepared.to,
			};
			const warnings = [...(decision?.warnings ?? []), ...prepared.warnings];
			if (prepared.skipReason) {
				planned.push({
					kind: 'skip',
					result: buildCommunicationResult({
						...base,
						status: 'skipped',
						warnings: [...warnings, prepared.skipReason],
					}),
				});
				continue;
			}
			const idempotencyKey =
				settings.idempotencyKey || defaultIdempotencyKey(workflowId, executionId, node.name, i);
			if (decision?.action === 'expired' || decision?.action === 'plan') {
				planned.push({
					kind: 'plan',
					plan: {
						itemIndex: i,
						idempotencyKey,
						decision,
						name: names[i],
						participantId: participantIds[i],
						prepared,
						recorded: live.record(),
						item,
						settings,
						warnings,
					},
				});
				continue;
			}
			prepared.warnings = warnings;
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
					idempotencyKey,
				},
			});
		} catch (error) {
			planned.push({ kind: 'error', error });
		}
	}

	// Bad input stops the node before anything is sent or planned, unless failed items may continue.
	const firstBadInput = planned.findIndex((p) => p.kind === 'error');
	if (firstBadInput >= 0 && !ctx.continueOnFail()) {
		await close();
		throw toNodeError(
			node,
			(planned[firstBadInput] as { error: unknown }).error,
			firstBadInput,
			runner.secrets,
		);
	}

	const sendable = planned.filter(
		(p): p is Extract<Planned<P>, { kind: 'send' }> => p.kind === 'send',
	);
	const preparedByIndex = new Map(sendable.map((p) => [p.task.itemIndex, p.prepared]));
	const describe = (index: number, outcome: SendOutcome): CommunicationResult =>
		describeOutcome(outcome, {
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
	const results: Array<{ result: CommunicationResult; error?: unknown }> = [];
	for (const [i, plan] of planned.entries()) {
		const failed = buildCommunicationResult({
			channel: runner.channel,
			name: names[i],
			participantId: participantIds[i],
			status: 'failed',
		});
		if (plan.kind === 'skip') results.push({ result: plan.result });
		else if (plan.kind === 'error') results.push({ result: failed, error: plan.error });
		else if (plan.kind === 'plan')
			results.push({
				result: buildCommunicationResult({ channel: runner.channel, status: 'failed' }),
			});
		else {
			const outcome = outcomeByIndex.get(i) as SendOutcome;
			results.push({
				result: describe(i, outcome),
				error: outcome.kind === 'failed' ? outcome.error : undefined,
			});
		}
	}

	const plans = planned.flatMap((p) => (p.kind === 'plan' ? [p.plan] : []));
	if (plans.length > 0) {
		const planResults = await planCommunications(ctx, ledger, runner.channel, plans, results, {
			workflowId,
			executionId,
			nodeName: node.name,
			resultFieldOf: (i) => itemSettings[i].resultField,
			errorOf: (i) =>
				results[i].error === undefined
					? undefined
					: toNodeError(node, results[i].error, i, runner.secrets).message,
		});
		for (const [i, result] of planResults) results[i] = { result };
		if (plans.some((p) => p.decision.action === 'plan'))
			await ctx.putExecutionToWait(WAIT_INDEFINITELY);
	}

	const out: INodeExecutionData[] = [];
	const failures: Array<{ index: number; error: unknown }> = [];
	for (const [i, item] of items.entries()) {
		const field = itemSettings[i].resultField;
		const { result, error } = results[i];
		if (error !== undefined) {
			failures.push({ index: i, error });
			out.push(
				errorItem(item, i, toNodeError(node, error, i, runner.secrets), {
					extra: { [field]: result },
					toErrorOutput,
				}),
			);
			continue;
		}
		out.push(withResult(item, i, field, result));
	}

	if (failures.length > 0 && !ctx.continueOnFail()) {
		const first = failures[0];
		const nodeError = toNodeError(node, first.error, first.index, runner.secrets);
		const handled = out.length - failures.length;
		if (handled > 0) {
			nodeError.description = [
				nodeError.description,
				`${failures.length} of ${items.length} items failed; the other ${handled} were handled and will not be sent again when the node is retried in this execution.`,
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
