// Phase "send what is due", shared by the first run and every resume: one send-loop run over
// the due items; each item's result is built once and stored in the ledger with its error.
import { redactSecrets } from '../errors';
import type { SendLedger } from './send-loop';
import { runSendLoop, type SendOutcome } from './send-loop';
import { describeOutcome } from './outcome-result';
import type { CommunicationResult } from './result';
import type { NodeSendSettings } from './send-options';
import { toJsonObject } from '../ledger/json';
import type { LedgerSuppressions } from '../ledger/types';
import { screenSuppressed } from './suppression';
import { WORKER_ID, type ChannelRunner, type DueSend, type ItemOutcome } from './types';

export interface SentBatch {
	outcomes: Map<number, ItemOutcome>;
	/** Settles when background (async mode) delivery has finished. */
	background: Promise<unknown>;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : 'Sending failed';
}

export async function sendWhatIsDue<P>(
	candidates: Array<DueSend<P>>,
	runner: ChannelRunner<P>,
	ledger: SendLedger & LedgerSuppressions,
	settings: NodeSendSettings,
): Promise<SentBatch> {
	if (candidates.length === 0) return { outcomes: new Map(), background: Promise.resolve() };
	const { due, skipped } = await screenSuppressed(candidates, runner, ledger, settings);
	const byIndex = new Map(due.map((d) => [d.task.itemIndex, d]));
	const built = new Map<number, CommunicationResult>();
	const describe = (itemIndex: number, outcome: SendOutcome): CommunicationResult => {
		const entry = byIndex.get(itemIndex) as DueSend<P>;
		return describeOutcome(outcome, {
			channel: runner.channel,
			name: entry.task.name,
			participantId: entry.task.participantId,
			output: entry.output,
			prepared: entry.prepared,
			scheduledFor: entry.scheduledFor,
		});
	};
	const run = await runSendLoop(
		due.map((d) => d.task),
		async (payload, attempt) => await runner.send(payload, attempt),
		{
			concurrency: settings.concurrency,
			maxPerSecond: settings.maxPerSecond,
			retryCount: settings.retryCount,
			async: settings.async,
			classify: runner.classify,
			ledger,
			workerId: WORKER_ID,
			describeSent: (task, outcome) => {
				const result = describe(task.itemIndex, outcome);
				built.set(task.itemIndex, result);
				if (outcome.kind !== 'failed') return toJsonObject(result);
				const error = redactSecrets(errorMessage(outcome.error), runner.secrets);
				return toJsonObject({ ...result, error });
			},
		},
	);
	const outcomes = new Map<number, ItemOutcome>(skipped);
	for (const outcome of run.outcomes) {
		// Sent and failed items were described for the ledger already; queued ones finish later.
		const final = outcome.kind === 'sent' || outcome.kind === 'failed';
		const result = (final && built.get(outcome.itemIndex)) || describe(outcome.itemIndex, outcome);
		const error = outcome.kind === 'failed' ? outcome.error : undefined;
		outcomes.set(outcome.itemIndex, { result, error });
	}
	return { outcomes, background: run.background };
}
