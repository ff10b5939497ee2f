// Decides per item when a communication may start: now, later (and when), or never because it expired.
import { DateTime } from 'luxon';

import { type BestTimeSource, chooseBestTime, formatSecondOfDay } from './best-time';
import {
	type ClockWindow,
	formatWindow,
	parseCommunicationDate,
	parseDuration,
	parseWindow,
} from './inputs';
import { bestTimeStart, earliestInside, requireNow, requireZone, resolveNotBefore } from './search';

export { validateCommunicationName } from './communication-name';
export { chooseBestTime, hashParticipantId } from './best-time';
export {
	parseClock,
	parseDuration,
	resolveZone,
	WindowInputError,
	type ZoneSource,
	type ZoneSources,
} from './inputs';
export { isInsideWindow } from './search';

/** The Schedule section's values for one item. */
export interface WindowSpec {
	/**
	 * Communication Date and Time: '' / 'today' / 'now' (now), 'YYYY-MM-DD' (00:00 that day in the
	 * scheduling zone), an ISO/SQL date-time with offset (that instant) or without (that wall time
	 * in the zone; in an overlap the first, in a gap the first time after it), a JS Date, a luxon
	 * DateTime or epoch milliseconds.
	 */
	date?: unknown;
	/** 'HH:MM' window start in the zone; alone it means From..24:00. */
	from?: string;
	/** 'HH:MM' window end (exclusive, '24:00' allowed); To <= From crosses midnight; alone it means 00:00..To. */
	to?: string;
	/** Pick a best time inside From/To (or inside the whole day when both are empty). */
	bestTime?: boolean;
	/** 'HH:MM' (hours may exceed 23): the communication expires this long after the Communication Date and Time. */
	duration?: string;
}

export interface WindowContext {
	/** The clock; tests pass a fixed one, nodes pass `new Date()` once per execution. */
	now: Date;
	/** The scheduling zone from `resolveZone`. */
	zone: string;
	participantId: string;
	/** The participant's best_time_to_contact: 'HH:MM', an hour 0-23, or morning / afternoon / evening. */
	bestTimeHint?: unknown;
	/** Local hours (0-23) of the participant's past replies/answers, from the ledger. */
	historyHours?: number[];
}

export interface SendDecision {
	action: 'send-now' | 'plan' | 'expired';
	/** ISO UTC: now for send-now, the planned start for plan, the start that came too late for expired. */
	sendAt: string;
	/** ISO UTC of the Communication Date and Time (now when it was Today). */
	notBefore: string;
	/** ISO UTC of notBefore + Communication Duration, null without a duration. */
	expiresAt: string | null;
	zone: string;
	/** e.g. '09:00-18:00 America/New_York' or 'any time UTC'. */
	windowLabel: string;
	/** One sentence for the node's output and logs. */
	reason: string;
	/** Problems with participant data that were worked around (e.g. an unusable best_time_to_contact). */
	warnings: string[];
	/** Set when Best Time to Contact was on. */
	bestTime?: { source: BestTimeSource; localTime: string };
}

/**
 * When to start one communication.
 * - notBefore is the Communication Date and Time; one in the past behaves as now, but the
 *   Duration still counts from it: expiresAt = notBefore + duration.
 * - Without Best Time, sendAt is the earliest instant >= max(notBefore, now) whose wall clock is in
 *   [From, To); if that is now the action is send-now, otherwise plan. DST gaps shrink or skip a
 *   day's window; overlaps let it run on both passes of the wall clock.
 * - With Best Time, a target time of day is chosen inside the window (`chooseBestTime`) and sendAt
 *   is its first occurrence >= notBefore that is still ahead of now. Exception: when an occurrence
 *   >= notBefore has already passed inside the window occurrence that is open right now (e.g. a
 *   date-only "today" whose best time was this morning), it is send-now. With Today (notBefore =
 *   now) a best time that passed today therefore waits for tomorrow. A target that falls in a DST
 *   gap skips that day. If the best time falls after expiry but the window opens earlier, the
 *   earliest allowed time is used instead.
 * - With a Duration, a start after expiresAt (or now after expiresAt) is expired: never sent late.
 * @throws WindowInputError on bad From, To, Duration, Date or zone.
 */
export function resolveSendWindow(spec: WindowSpec, ctx: WindowContext): SendDecision {
	const zone = requireZone(ctx.zone);
	const now = requireNow(ctx.now);
	const window = parseWindow(spec);
	const durationMs = parseDuration(spec.duration);
	const notBefore = resolveNotBefore(parseCommunicationDate(spec.date), now, zone);
	const expiresAt = durationMs === undefined ? null : notBefore + durationMs;
	const windowLabel = `${formatWindow(window)} ${zone.name}`;
	const local = (millis: number) =>
		`${DateTime.fromMillis(millis, { zone }).toFormat('yyyy-MM-dd HH:mm:ss')} ${zone.name}`;
	const earliest = earliestInside(Math.max(notBefore, now), window, zone);
	const warnings: string[] = [];

	let sendAt = earliest;
	let why = describePlainStart(earliest, now, notBefore, window, windowLabel);
	let bestTime: SendDecision['bestTime'];
	if (spec.bestTime) {
		const choice = chooseBestTime(
			window,
			String(ctx.participantId ?? ''),
			ctx.bestTimeHint,
			ctx.historyHours,
		);
		warnings.push(...choice.warnings);
		bestTime = { source: choice.source, localTime: formatSecondOfDay(choice.secondOfDay) };
		const described = `best time ${bestTime.localTime} (${SOURCE_LABELS[choice.source]}) within ${windowLabel}`;
		const target = bestTimeStart(notBefore, now, choice.secondOfDay, window, zone);
		sendAt = target.sendAt;
		why = target.passed
			? `the ${described} has passed but this window is still open`
			: `the ${described}`;
		if (expiresAt !== null && sendAt > expiresAt && earliest <= expiresAt) {
			sendAt = earliest;
			why = `the ${described} is after the Communication Duration ends, so the earliest allowed time is used`;
		}
	}

	const decision = {
		sendAt: new Date(Math.max(sendAt, now)).toISOString(),
		notBefore: new Date(notBefore).toISOString(),
		expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
		zone: zone.name,
		windowLabel,
		warnings,
		...(bestTime ? { bestTime } : {}),
	};
	if (expiresAt !== null && (now > expiresAt || sendAt > expiresAt)) {
		const late =
			now > expiresAt ? 'it is already past that' : `the first allowed start is ${local(sendAt)}`;
		return {
			...decision,
			action: 'expired',
			sendAt: new Date(sendAt).toISOString(),
			reason: `Expired: the Communication Duration ended at ${local(expiresAt)} and ${late}.`,
		};
	}
	if (sendAt <= now) return { ...decision, action: 'send-now', reason: `Sending now: ${why}.` };
	return { ...decision, action: 'plan', reason: `Planned for ${local(sendAt)}: ${why}.` };
}

function describePlainStart(
	sendAt: number,
	now: number,
	notBefore: number,
	window: ClockWindow | null,
	windowLabel: string,
): string {
	if (!window)
		return sendAt <= now
			? `no From/To window is set (${windowLabel})`
			: 'the Communication Date and Time';
	if (sendAt <= now) return `inside the window ${windowLabel}`;
	if (sendAt === notBefore)
		return `the Communication Date and Time, inside the window ${windowLabel}`;
	return `the next opening of the window ${windowLabel}`;
}

const SOURCE_LABELS: Record<BestTimeSource, string> = {
	history: 'from past replies',
	hint: 'from best_time_to_contact',
	spread: 'spread by participant ID',
};
