// Decides per item whether a communication is sent now, planned for later or already expired.
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../errors';
import { parseJsonText } from '../json-fields';
import {
	resolveSendWindow,
	resolveZone,
	validateCommunicationName,
	type SendDecision,
} from './window';
import { type ItemContext } from '../pipeline';

export interface ZoneDefaults {
	workflowZone?: string;
	instanceZone?: string;
}

function hasSettings(schedule: IDataObject): boolean {
	return Object.entries(schedule).some(
		([key, value]) =>
			key !== 'customerContext' &&
			value !== '' &&
			value !== false &&
			value !== undefined &&
			value !== null,
	);
}

/** The Communication Name of an item, validated (empty is allowed). */
export function communicationNameOf(item: Pick<ItemContext, 'param'>): string {
	const raw = String(item.param('communicationName', '') ?? '').trim();
	if (!raw) return '';
	return validateCommunicationName(raw);
}

/** Parses Customer Context (JSON object) so merge fields can use it. */
export function customerContextOf(schedule: IDataObject): IDataObject {
	const raw = schedule.customerContext;
	if (raw === undefined || raw === '' || raw === null) return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		const parsed = parseJsonText(raw);
		if (!parsed.ok)
			throw new InputError(
				'Customer Context is not valid JSON',
				'Give a JSON object such as {"plan": "gold"}.',
			);
		value = parsed.value;
	}
	if (typeof value !== 'object' || Array.isArray(value) || value === null) {
		throw new InputError('Customer Context must be a JSON object');
	}
	return value as IDataObject;
}

/** The node's Schedule section for an item ({} when unset). */
export function scheduleOf(item: Pick<ItemContext, 'param'>): IDataObject {
	return (item.param('schedule', {}) ?? {}) as IDataObject;
}

/** Whether the Schedule section asks for the participant's best time (which reads their history). */
export function wantsBestTime(schedule: IDataObject): boolean {
	return schedule.bestTime === true;
}

/** Local hours (0-23) in `zone` of the given ISO instants. */
function localHours(instants: readonly string[], zone: string): number[] {
	return instants.flatMap((iso) => {
		const local = DateTime.fromISO(iso, { zone });
		return local.isValid ? [local.hour] : [];
	});
}

/**
 * null when the item's Schedule section (`scheduleOf`) has no window settings: the item is sent
 * at once. `answeredAt` are the instants the participant answered before (their contact
 * history), for Best Time to Contact.
 */
export function decideSchedule(
	item: Pick<ItemContext, 'participant' | 'participantId' | 'itemIndex'>,
	schedule: IDataObject,
	defaults: ZoneDefaults,
	now: Date,
	answeredAt: readonly string[] = [],
): SendDecision | null {
	if (!hasSettings(schedule)) return null;
	// Bad Schedule input throws WindowInputError, an InputError: it fails only its item.
	const zone = resolveZone({
		participantZone: item.participant.timezone,
		nodeZone:
			typeof schedule.timeZone === 'string' && schedule.timeZone.trim()
				? schedule.timeZone.trim()
				: undefined,
		workflowZone: defaults.workflowZone,
		instanceZone: defaults.instanceZone,
	});
	const decision = resolveSendWindow(
		{
			date: schedule.date,
			from: typeof schedule.from === 'string' ? schedule.from : undefined,
			to: typeof schedule.to === 'string' ? schedule.to : undefined,
			bestTime: schedule.bestTime === true,
			duration: typeof schedule.duration === 'string' ? schedule.duration : undefined,
		},
		{
			now,
			zone: zone.zone,
			participantId: item.participantId || String(item.itemIndex),
			bestTimeHint: item.participant.best_time_to_contact,
			historyHours: localHours(answeredAt, zone.zone),
		},
	);
	return { ...decision, warnings: [...zone.warnings, ...decision.warnings] };
}
