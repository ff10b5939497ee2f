// The pipeline's shared vocabulary: the channel runner a node provides, the one record kept per
// item from prepare to output, and the runner's lifecycle (closed once, by its owner).
import { hostname } from 'node:os';

import type { INodeExecutionData } from 'n8n-workflow';

import type { ItemContext } from './item-context';
import type { PreparedSend } from './outcome-result';
import type { Channel, CommunicationResult } from './result';
import type { PlannedItem } from '../schedule/plan';
import type { ItemSendSettings, NodeSendSettings } from './send-options';
import type { RetryDecision, SendSuccess, SendTask } from './send-loop';
import type { ConsentChannel } from './consent';

export interface ChannelRunner<P> {
	channel: Channel;
	defaultOutput: string;
	/** Whether the node shows the Schedule section and Communication Name (conversation nodes). */
	schedulable?: boolean;
	/** Communication Name for nodes without the Schedule section ('' when none). */
	communicationName?: (itemIndex: number) => string;
	/**
	 * Which opt-out flags stop the item (see consent.ts); default from `channel`. 'none' for
	 * nodes that contact team members, not the participant.
	 */
	consent?: ConsentChannel | 'none';
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

export const WORKER_ID = `${hostname()}:${process.pid}`;

/** One item that is sent now: the send-loop task and what its result is built from. */
export interface DueSend<P> {
	task: SendTask<P>;
	prepared: PreparedSend<P>;
	output: string;
	scheduledFor?: string | null;
}

/** What the pipeline decided for an item. */
export type ItemDecision<P> =
	| { kind: 'skipped'; result: CommunicationResult }
	| { kind: 'failed'; result: CommunicationResult; error: unknown }
	| { kind: 'now'; send: DueSend<P> }
	| { kind: 'planned'; plan: PlannedItem };

/** The one record the pipeline keeps per input item. */
export interface ItemRecord<P> {
	itemIndex: number;
	item: INodeExecutionData;
	settings: ItemSendSettings;
	decision: ItemDecision<P>;
}

/** An item's final result, and its error when it failed. */
export interface ItemOutcome {
	result: CommunicationResult;
	error?: unknown;
}

const CONSENT_BY_CHANNEL: Partial<Record<Channel, ConsentChannel>> = {
	email: 'email',
	sms: 'sms',
	whatsapp: 'whatsapp',
	telegram: 'telegram',
	slack: 'slack',
	voice: 'voice',
	review: 'any',
};

export function consentChannelOf(
	runner: Pick<ChannelRunner<unknown>, 'consent' | 'channel'>,
): ConsentChannel | undefined {
	if (runner.consent === 'none') return undefined;
	return runner.consent ?? CONSENT_BY_CHANNEL[runner.channel];
}

/**
 * The runner's single owner: `release()` (in a finally) closes it exactly once, unless the
 * close was handed over to background delivery, which then closes it when it settles.
 */
export function runnerLifecycle(runner: Pick<ChannelRunner<unknown>, 'close'>) {
	let closed = false;
	let handedOver = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		await runner.close?.();
	};
	return {
		handOver(background: Promise<unknown>): void {
			handedOver = true;
			void background.catch(() => undefined).finally(() => void close());
		},
		async release(): Promise<void> {
			if (!handedOver) await close();
		},
	};
}
