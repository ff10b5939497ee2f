// The execute() body every sending node shares, as named phases over one record per item:
// prepare and decide -> send what is due -> plan the rest -> output items.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';

import { toNodeError } from '../errors';
import { ledgerFor } from '../ledger/access';
import type { CommunicationLedger } from '../ledger/types';
import { waitingNodeUrl } from '../schedule/resume-url';
import { planCommunications, plansWait, recordBatch, type PlannedItem } from '../schedule/plan';
import { readItemSendSettings, readNodeSendSettings } from './send-options';
import { decideItem, type RunIdentity } from './prepare-and-decide';
import { outputItems, type OutputEntry } from './output-items';
import { sendWhatIsDue } from './send-due';
import {
	runnerLifecycle,
	type ChannelRunner,
	type DueSend,
	type ItemOutcome,
	type ItemRecord,
} from './types';

type NodeError = ReturnType<typeof toNodeError>;

/** The message an item's error shows in the output (with its description). */
export function errorText(error: NodeError): string {
	return error.description ? `${error.message} (${error.description})` : error.message;
}

/** Immediate outcomes: skipped and failed items as decided, due items from the send loop. */
function settledOutcomes<P>(
	records: Array<ItemRecord<P>>,
	sent: Map<number, ItemOutcome>,
): Map<number, ItemOutcome> {
	const outcomes = new Map<number, ItemOutcome>();
	for (const { itemIndex, decision } of records) {
		if (decision.kind === 'skipped') outcomes.set(itemIndex, { result: decision.result });
		else if (decision.kind === 'failed')
			outcomes.set(itemIndex, { result: decision.result, error: decision.error });
		else if (decision.kind === 'now') outcomes.set(itemIndex, sent.get(itemIndex) as ItemOutcome);
	}
	return outcomes;
}

/** Phase "plan the rest": planned rows, their results, and the batch record when the node waits. */
async function planTheRest<P>(
	ctx: IExecuteFunctions,
	ledger: CommunicationLedger,
	runner: ChannelRunner<P>,
	records: Array<ItemRecord<P>>,
	outcomes: Map<number, ItemOutcome>,
	identity: RunIdentity,
): Promise<void> {
	const plans = records.flatMap((r) => (r.decision.kind === 'planned' ? [r.decision.plan] : []));
	if (plans.length === 0) return;
	const resumeUrl = plansWait(plans) ? waitingNodeUrl(ctx) : null;
	const results = await planCommunications(ledger, runner.channel, plans, {
		...identity,
		resumeUrl,
	});
	for (const [itemIndex, result] of results) outcomes.set(itemIndex, { result });
	if (!resumeUrl) return;
	const waiting = new Set(
		plans.filter((p: PlannedItem) => p.decision.action === 'plan').map((p) => p.itemIndex),
	);
	const node = ctx.getNode();
	const items = records
		.filter((r) => !waiting.has(r.itemIndex))
		.map((r) => {
			const { result, error } = outcomes.get(r.itemIndex) as ItemOutcome;
			const message =
				error === undefined
					? undefined
					: toNodeError(node, error, r.itemIndex, runner.secrets).message;
			return {
				itemIndex: r.itemIndex,
				item: r.item,
				result,
				error: message,
				resultField: r.settings.resultField,
			};
		});
	await recordBatch(ledger, { ...identity, resumeUrl }, items);
	await ctx.putExecutionToWait(WAIT_INDEFINITELY);
}

/** Phase "output items" of the first run; without Continue On Fail the first failure stops the node. */
function outputOfRun<P>(
	ctx: IExecuteFunctions,
	runner: ChannelRunner<P>,
	records: Array<ItemRecord<P>>,
	outcomes: Map<number, ItemOutcome>,
): INodeExecutionData[][] {
	const node = ctx.getNode();
	const failures: Array<{ index: number; error: NodeError }> = [];
	const entries: OutputEntry[] = records.map(({ itemIndex, item, settings }) => {
		const { result, error } = outcomes.get(itemIndex) as ItemOutcome;
		const entry: OutputEntry = { itemIndex, item, field: settings.resultField, result };
		if (error === undefined) return entry;
		const nodeError = toNodeError(node, error, itemIndex, runner.secrets);
		failures.push({ index: itemIndex, error: nodeError });
		return { ...entry, error: errorText(nodeError) };
	});
	if (failures.length > 0 && !ctx.continueOnFail()) {
		const { error } = failures[0];
		const handled = records.length - failures.length;
		if (handled > 0) {
			error.description = [
				error.description,
				`${failures.length} of ${records.length} items failed; the other ${handled} were handled and will not be sent again when the node is retried in this execution.`,
			]
				.filter(Boolean)
				.join(' ');
		}
		throw error;
	}
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const output = outputItems(entries, { toErrorOutput, errorRouting: 'engine' });
	if (output[0].length !== records.length) {
		throw new NodeOperationError(node, 'Internal error: an item was lost while sending');
	}
	return output;
}

export async function runCommunicationItems<P>(
	ctx: IExecuteFunctions,
	runner: ChannelRunner<P>,
): Promise<INodeExecutionData[][]> {
	const lifecycle = runnerLifecycle(runner);
	try {
		const node = ctx.getNode();
		const nodeSettings = readNodeSendSettings(ctx, runner.defaults);
		const ledger = await ledgerFor(ctx);
		const identity: RunIdentity = {
			workflowId: ctx.getWorkflow().id ?? '',
			executionId: ctx.getExecutionId() ?? '',
			nodeName: node.name,
		};
		const env = {
			...identity,
			ledger,
			now: new Date(),
			zones: { workflowZone: ctx.getTimezone(), instanceZone: process.env.GENERIC_TIMEZONE },
		};
		const records: Array<ItemRecord<P>> = [];
		for (const [i, item] of ctx.getInputData().entries()) {
			const settings = readItemSendSettings(ctx, i, runner.defaultOutput);
			records.push(await decideItem(ctx, runner, env, i, item, settings));
		}

		// Bad input stops the node before anything is sent or planned, unless failed items may continue.
		const firstFailed = records.find((r) => r.decision.kind === 'failed');
		if (firstFailed?.decision.kind === 'failed' && !ctx.continueOnFail()) {
			throw toNodeError(node, firstFailed.decision.error, firstFailed.itemIndex, runner.secrets);
		}

		const due = records.flatMap((r): Array<DueSend<P>> =>
			r.decision.kind === 'now' ? [r.decision.send] : [],
		);
		const sent = await sendWhatIsDue(due, runner, ledger, nodeSettings);
		if (nodeSettings.async) lifecycle.handOver(sent.background);

		const outcomes = settledOutcomes(records, sent.outcomes);
		await planTheRest(ctx, ledger, runner, records, outcomes, identity);
		return outputOfRun(ctx, runner, records, outcomes);
	} finally {
		await lifecycle.release();
	}
}
