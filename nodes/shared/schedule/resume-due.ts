// What a resume does with the ledger: expires what came too late, prepares and sends what is
// due through the pipeline's shared phases, and once nothing waits, every item's final entry.
import type { IDataObject } from 'n8n-workflow';

import { redactSecrets } from '../errors';
import { toJsonObject } from '../ledger/json';
import type { CommunicationLedger, CommunicationRecord } from '../ledger/types';
import { loadParticipant } from '../participant';
import {
	readyItem,
	sendWhatIsDue,
	type ChannelRunner,
	type DueSend,
	type OutputEntry,
	replayItemContext,
	buildCommunicationResult,
	type Channel,
	type CommunicationResult,
	type NodeSendSettings,
} from '../pipeline';
import { customerContextOf } from './decide';
import {
	isPlannedPayload,
	readPlannedPayload,
	type BatchPayload,
	type PlannedPayload,
} from './payloads';

export interface ResumeScope {
	executionId: string;
	nodeName: string;
}

export type ResumeOutcome =
	{ waiting: true; planned: number; sentNow: number } | { waiting: false; entries: OutputEntry[] };

const UNREADABLE = 'The stored communication could not be read; it was not sent.';

const isWaiting = (row: CommunicationRecord) =>
	isPlannedPayload(row.payload) && (row.status === 'planned' || row.status === 'active');

/** Planned rows of the node in this execution that are still waiting to be sent. */
export async function plannedRows(
	ledger: CommunicationLedger,
	scope: ResumeScope,
): Promise<CommunicationRecord[]> {
	const rows = await ledger.list(scope);
	return rows.filter((row) => isPlannedPayload(row.payload) && row.status === 'planned');
}

/** The prepare phase for one due row; null when it was finished (skipped or failed) instead. */
async function dueSendOf<P>(
	ledger: CommunicationLedger,
	runner: ChannelRunner<P>,
	row: CommunicationRecord,
	payload: PlannedPayload,
): Promise<DueSend<P> | null> {
	const { participantId, scheduledFor } = row;
	const base = { channel: runner.channel, name: row.name, participantId, scheduledFor, id: row.id };
	try {
		const schedule = (payload.recorded.params.schedule ?? {}) as IDataObject;
		const participant = {
			...(await loadParticipant(ledger, participantId, payload.item.json)),
			...customerContextOf(schedule),
		};
		const itemIndex = row.itemIndex ?? 0;
		const item = replayItemContext(payload.recorded, {
			itemIndex,
			item: payload.item,
			participant,
			participantId,
			settings: payload.settings,
		});
		const readied = await readyItem(runner, item);
		if (readied.kind === 'skip') {
			const warnings = [...readied.warnings, readied.reason];
			const result = buildCommunicationResult({
				...base,
				status: 'skipped',
				to: readied.to,
				warnings,
			});
			await ledger.finish(row.id, 'skipped', toJsonObject(result));
			return null;
		}
		const { prepared } = readied;
		// The warnings of planning time come first, without repeating those prepare gives again.
		const earlier = payload.warnings.filter((w) => !prepared.warnings.includes(w));
		prepared.warnings = [...earlier, ...prepared.warnings];
		const task = {
			itemIndex,
			payload: prepared.payload,
			idempotencyKey: row.idempotencyKey,
			participantId,
			name: row.name,
			channel: runner.channel,
			workflowId: row.workflowId,
			executionId: row.executionId,
			nodeName: row.nodeName,
		};
		return { task, prepared, output: payload.settings.outputMessage, scheduledFor };
	} catch (error) {
		const message = redactSecrets((error as Error).message, runner.secrets);
		const result = buildCommunicationResult({ ...base, status: 'failed', to: payload.to });
		await ledger.finish(row.id, 'failed', toJsonObject({ ...result, error: message }));
		return null;
	}
}

function expire(ledger: CommunicationLedger, channel: Channel, row: CommunicationRecord) {
	const result = buildCommunicationResult({
		id: row.id,
		channel,
		name: row.name,
		participantId: row.participantId,
		status: 'expired',
		scheduledFor: row.scheduledFor,
		warnings: [
			'The Communication Duration elapsed before the window opened; it was not sent late.',
		],
	});
	return ledger.finish(row.id, 'expired', toJsonObject(result));
}

/** The final entry of a planned row (its stored result, channel details kept). */
function finalEntry(row: CommunicationRecord, channel: Channel): OutputEntry {
	const payload = readPlannedPayload(row.payload);
	const { error, ...stored } = (row.result ?? {}) as Partial<CommunicationResult> & {
		error?: string;
	};
	const built = buildCommunicationResult({
		channel,
		name: row.name,
		participantId: row.participantId,
		to: payload?.to ?? [],
		...stored,
		id: row.id,
		status: (stored.status ?? row.status) as CommunicationResult['status'],
		scheduledFor: row.scheduledFor,
	});
	const entry: OutputEntry = {
		itemIndex: row.itemIndex ?? 0,
		item: payload?.item ?? { json: {} },
		field: payload?.settings.resultField ?? 'communication',
		result: { ...stored, ...built },
	};
	const message = error ?? (payload ? undefined : UNREADABLE);
	return message === undefined ? entry : { ...entry, error: message };
}

export async function resumeDue<P>(
	ledger: CommunicationLedger,
	runner: ChannelRunner<P>,
	batch: BatchPayload,
	scope: ResumeScope,
	options: { now: number; settings: NodeSendSettings },
): Promise<ResumeOutcome> {
	const due: Array<DueSend<P>> = [];
	let dueRows = 0;
	for (const row of await plannedRows(ledger, scope)) {
		const start = Date.parse(row.scheduledFor ?? '') || 0;
		const expiresAt = row.expiresAt ? Date.parse(row.expiresAt) : Infinity;
		if (options.now > expiresAt) {
			await expire(ledger, runner.channel, row);
			continue;
		}
		if (start > options.now) continue;
		dueRows++;
		const payload = readPlannedPayload(row.payload);
		if (!payload) {
			await ledger.finish(row.id, 'failed', toJsonObject({ error: UNREADABLE }));
			continue;
		}
		const send = await dueSendOf(ledger, runner, row, payload);
		if (send) due.push(send);
	}
	await sendWhatIsDue(due, runner, ledger, { ...options.settings, async: false });

	const current = await ledger.list(scope);
	const still = current.filter(isWaiting);
	if (still.length > 0) return { waiting: true, planned: still.length, sentNow: dueRows };
	const entries: OutputEntry[] = [
		...batch.items.map((e) => ({
			itemIndex: e.itemIndex,
			item: e.item,
			field: e.resultField,
			result: e.result,
			error: e.error,
		})),
		...current
			.filter((row) => isPlannedPayload(row.payload))
			.map((row) => finalEntry(row, runner.channel)),
	];
	return { waiting: false, entries };
}
