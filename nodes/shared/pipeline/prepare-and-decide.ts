// Phases "prepare" and "decide" of the first run: one record per item that says whether it is
// sent now, planned for later, skipped or failed, with its result when that is already known.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { liveItemContext } from './item-context';
import type { CommunicationLedger } from '../ledger/types';
import { buildCommunicationResult, carriesFailure } from './result';
import { loadParticipant, participantIdOf } from '../participant';
import {
	communicationNameOf,
	customerContextOf,
	decideSchedule,
	scheduleOf,
	wantsBestTime,
	type ZoneDefaults,
} from '../schedule/decide';
import { answeredCallTimes } from '../schedule/history';
import type { ItemSendSettings } from './send-options';
import { readyItem } from './ready-item';
import type { ChannelRunner, ItemDecision, ItemRecord } from './types';

export interface RunIdentity {
	workflowId: string;
	executionId: string;
	nodeName: string;
}

export interface DecideEnvironment extends RunIdentity {
	ledger: CommunicationLedger;
	zones: ZoneDefaults;
	now: Date;
}

export function defaultIdempotencyKey(
	workflowId: string,
	executionId: string,
	nodeName: string,
	itemIndex: number,
): string {
	return `${workflowId}:${executionId}:${nodeName}:${itemIndex}`;
}

const EARLIER_FAILURE =
	'Skipped: the incoming item reports an earlier failure (Only If Everything Was Successful).';

export async function decideItem<P>(
	ctx: IExecuteFunctions,
	runner: ChannelRunner<P>,
	env: DecideEnvironment,
	itemIndex: number,
	item: INodeExecutionData,
	settings: ItemSendSettings,
): Promise<ItemRecord<P>> {
	const record = (decision: ItemDecision<P>): ItemRecord<P> => ({
		itemIndex,
		item,
		settings,
		decision,
	});
	const { channel } = runner;
	if (settings.onlyIfSuccessful && carriesFailure(item, settings.resultField)) {
		const result = buildCommunicationResult({
			channel,
			status: 'skipped',
			warnings: [EARLIER_FAILURE],
		});
		return record({ kind: 'skipped', result });
	}
	const known = { name: '', participantId: '' };
	try {
		known.participantId = participantIdOf(ctx, itemIndex, item);
		const participant = await loadParticipant(env.ledger, known.participantId, item.json);
		const live = liveItemContext(ctx, {
			itemIndex,
			item,
			participant,
			participantId: known.participantId,
			settings,
		});
		known.name = runner.schedulable
			? communicationNameOf(live)
			: (runner.communicationName?.(itemIndex) ?? '');
		const schedule = runner.schedulable ? scheduleOf(live) : {};
		const answeredAt = wantsBestTime(schedule)
			? await answeredCallTimes(env.ledger, known.participantId)
			: [];
		const decision = runner.schedulable
			? decideSchedule(live, schedule, env.zones, env.now, answeredAt)
			: null;
		// Customer Context reaches merge fields whenever it is set, with or without a window.
		if (runner.schedulable) live.participant = { ...participant, ...customerContextOf(schedule) };
		const readied = await readyItem(runner, live);
		const base = { channel, ...known };
		const ownWarnings = readied.kind === 'skip' ? readied.warnings : readied.prepared.warnings;
		const warnings = [...(decision?.warnings ?? []), ...ownWarnings];
		if (readied.kind === 'skip') {
			const result = buildCommunicationResult({
				...base,
				status: 'skipped',
				to: readied.to,
				warnings: [...warnings, readied.reason],
			});
			return record({ kind: 'skipped', result });
		}
		const { prepared } = readied;
		const idempotencyKey =
			settings.idempotencyKey ||
			defaultIdempotencyKey(env.workflowId, env.executionId, env.nodeName, itemIndex);
		if (decision?.action === 'expired' || decision?.action === 'plan') {
			const recorded = live.record();
			const plan = { itemIndex, idempotencyKey, decision, prepared, recorded, item, settings };
			return record({ kind: 'planned', plan: { ...plan, ...known, warnings } });
		}
		prepared.warnings = warnings;
		const task = {
			itemIndex,
			payload: prepared.payload,
			...known,
			channel,
			workflowId: env.workflowId,
			executionId: env.executionId,
			nodeName: env.nodeName,
			idempotencyKey,
		};
		return record({ kind: 'now', send: { task, prepared, output: settings.outputMessage } });
	} catch (error) {
		const result = buildCommunicationResult({ channel, ...known, status: 'failed' });
		return record({ kind: 'failed', result, error });
	}
}
