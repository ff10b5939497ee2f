// Searches instants on the wall clock of a zone: window membership, the earliest instant inside a
// window, and the next occurrence of a best time, across DST gaps and overlaps.
import { DateTime, type IANAZone } from 'luxon';

import { formatSecondOfDay } from './best-time';
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
	parseWindow,
	WindowInputError,
} from './inputs';

/** A week covers every real DST gap (at most a day, Samoa 2011) with room to spare. */
const SEARCH_DAYS = 8;

export function requireZone(zone: string): IANAZone {
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

export function resolveNotBefore(date: CommunicationDate, now: number, zone: IANAZone): number {
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
export function earliestInside(start: number, window: ClockWindow | null, zone: IANAZone): number {
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
export function bestTimeStart(
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

export function requireNow(now: Date): number {
	const millis = now instanceof Date ? now.getTime() : Number.NaN;
	if (Number.isNaN(millis)) throw new WindowInputError('The current time is not a valid date');
	return millis;
}
