// Decides per item when a communication may start: now, later (and when), or never because it expired.
import { DateTime, type IANAZone } from 'luxon';

import { type BestTimeSource, chooseBestTime, formatSecondOfDay } from './best-time';
import {
	DAY_MS,
	dayNumber,
	firstInstantAtOrAfterLocal,
	instantsAtLocal,
	localDay,
	offsetChangesBetween,
	toLocalMillis,
	zoneFor,
} from './clock';
import {
	type ClockWindow,
	type CommunicationDate,
	formatWindow,
	normalizeZone,
	parseCommunicationDate,
	parseDuration,
	parseWindow,
	WindowInputError,
} from './inputs';

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

/** A week covers every real DST gap (at most a day, Samoa 2011) with room to spare. */
const SEARCH_DAYS = 8;

function requireZone(zone: string): IANAZone {
	const name = normalizeZone(zone);
	if (!name)
		throw new WindowInputError(
			`Time Zone '${zone}' is not a valid IANA time zone; use a name such as Europe/Berlin`,
		);
	return zoneFor(name);
}

function insideClockWindow(minute: number, window: ClockWindow | null): boolean {
	if (!window) return true;
	return window.crossesMidnight
		? minute >= window.from || minute < window.to
		: minute >= window.from && minute < window.to;
}

/** The final check, through luxon rather than our own offset arithmetic, so one cannot mask the other. */
function isInside(millis: number, window: ClockWindow | null, zone: IANAZone): boolean {
	if (!window) return true;
	const local = DateTime.fromMillis(millis, { zone });
	return insideClockWindow(local.hour * 60 + local.minute, window);
}

/** Whether the instant's local wall clock in `zone` lies in [From, To) (crossing midnight when To <= From). */
export function isInsideWindow(
	instant: Date,
	spec: { from?: string; to?: string },
	zone: string,
): boolean {
	return isInside(instant.getTime(), parseWindow(spec), requireZone(zone));
}

function resolveNotBefore(date: CommunicationDate, now: number, zone: IANAZone): number {
	switch (date.kind) {
		case 'now':
			return now;
		case 'instant':
			return date.millis;
		case 'date':
			return firstInstantAtOrAfterLocal(dayNumber(date.year, date.month, date.day) * DAY_MS, zone);
		case 'wall':
			return firstInstantAtOrAfterLocal(
				dayNumber(date.year, date.month, date.day) * DAY_MS + date.secondOfDay * 1000 + date.millis,
				zone,
			);
	}
}

/**
 * The earliest instant >= start inside the window. The wall clock only enters a window where it
 * reads From or where DST makes it jump, so those instants (plus start) are the only candidates.
 */
function earliestInside(start: number, window: ClockWindow | null, zone: IANAZone): number {
	if (isInside(start, window, zone) || !window) return start;
	// Almost always the window opens within two days; the long search is for DST-skipped days.
	for (const days of [2, SEARCH_DAYS]) {
		// Jumps a day beyond the last From keep any earlier-entering jump among the candidates.
		const candidates = offsetChangesBetween(start, start + (days + 1) * DAY_MS, zone);
		const firstDay = localDay(start, zone) - 1;
		for (let day = firstDay; day <= firstDay + days; day++) {
			candidates.push(...instantsAtLocal(day * DAY_MS + window.from * 60_000, zone));
		}
		const found = candidates
			.sort((a, b) => a - b)
			.find((t) => t >= start && isInside(t, window, zone));
		if (found !== undefined) return found;
	}
	throw new Error(`No instant inside ${formatWindow(window)} within ${SEARCH_DAYS} days`);
}

/** The first instant >= start whose wall clock reads the target; days where it falls in a DST gap are skipped. */
function nextTarget(
	start: number,
	secondOfDay: number,
	window: ClockWindow | null,
	zone: IANAZone,
): number {
	const firstDay = localDay(start, zone) - 1;
	for (let day = firstDay; day <= firstDay + SEARCH_DAYS; day++) {
		for (const instant of instantsAtLocal(day * DAY_MS + secondOfDay * 1000, zone)) {
			if (instant >= start && isInside(instant, window, zone)) return instant;
		}
	}
	throw new Error(`No instant at ${formatSecondOfDay(secondOfDay)} within ${SEARCH_DAYS} days`);
}

/** The local day a window occurrence opened on: after midnight in a crossing window, yesterday's. */
function occurrenceDay(millis: number, window: ClockWindow | null, zone: IANAZone): number {
	const local = toLocalMillis(millis, zone);
	const day = Math.floor(local / DAY_MS);
	const minute = Math.floor((local - day * DAY_MS) / 60_000);
	return window?.crossesMidnight && minute < window.to ? day - 1 : day;
}

/**
 * The first best-time occurrence >= notBefore that is still ahead; but when an occurrence
 * >= notBefore has already passed inside the window occurrence that is open right now, now.
 * Window occurrences last at most a day (plus an hour of DST), hence the two-day look-back.
 */
function bestTimeStart(
	notBefore: number,
	now: number,
	secondOfDay: number,
	window: ClockWindow | null,
	zone: IANAZone,
): { sendAt: number; passed: boolean } {
	const openOccurrence = isInside(now, window, zone) ? occurrenceDay(now, window, zone) : undefined;
	let target = nextTarget(Math.max(notBefore, now - 2 * DAY_MS), secondOfDay, window, zone);
	while (target <= now) {
		if (occurrenceDay(target, window, zone) === openOccurrence)
			return { sendAt: now, passed: true };
		target = nextTarget(target + 1, secondOfDay, window, zone);
	}
	return { sendAt: target, passed: false };
}

function requireNow(now: Date): number {
	const millis = now instanceof Date ? now.getTime() : Number.NaN;
	if (Number.isNaN(millis)) throw new WindowInputError('The current time is not a valid date');
	return millis;
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
