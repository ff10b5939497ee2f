// Phase "prepare" of one item, shared by the first run and every resume: the consent check,
// then the channel's own prepare().
import type { ItemContext } from './item-context';
import type { PreparedSend } from './outcome-result';
import { consentRefusal } from './consent';
import { consentChannelOf, type ChannelRunner } from './types';

export type ReadiedItem<P> =
	| { kind: 'ready'; prepared: PreparedSend<P> }
	| { kind: 'skip'; to: string[]; warnings: string[]; reason: string };

/** Resolves one item for sending, or says why it is skipped; throws for bad input. */
export async function readyItem<P>(
	runner: ChannelRunner<P>,
	item: ItemContext,
): Promise<ReadiedItem<P>> {
	const channel = consentChannelOf(runner);
	const refusal = channel ? consentRefusal(channel, item.participant) : undefined;
	if (refusal) return { kind: 'skip', to: [], warnings: [], reason: refusal };
	const prepared = await runner.prepare(item);
	if (prepared.skipReason)
		return {
			kind: 'skip',
			to: prepared.to,
			warnings: prepared.warnings,
			reason: prepared.skipReason,
		};
	return { kind: 'ready', prepared };
}
