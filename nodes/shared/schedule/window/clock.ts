// Exact local wall-clock <-> instant arithmetic for one zone, where DST gaps have no instant and overlaps two.
import { IANAZone } from 'luxon';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Real offsets stay within -12h..+14h; a little more keeps every search bracket safe. */
const MAX_OFFSET_MS = 15 * 3_600_000;
/** Offset changes are months apart; probing every 6 hours cannot step over two of them. */
const PROBE_MS = 6 * 3_600_000;

/** The luxon zone for a name already validated by the caller. */
export function zoneFor(name: string): IANAZone {
	return IANAZone.create(name);
}

function offsetMs(zone: IANAZone, millis: number): number {
	return zone.offset(millis) * MINUTE_MS;
}

/**
 * "Local millis": the instant's wall clock read as if it were UTC. Dividing by DAY_MS gives a
 * local calendar day number, the remainder the time of day; no DST arithmetic needed.
 */
export function toLocalMillis(millis: number, zone: IANAZone): number {
	return millis + offsetMs(zone, millis);
}

export function localDay(millis: number, zone: IANAZone): number {
	return Math.floor(toLocalMillis(millis, zone) / DAY_MS);
}

/** Local calendar day number for a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
	return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Every instant whose wall clock reads `localMillis`, ascending: none in a DST gap, two in an overlap. */
export function instantsAtLocal(localMillis: number, zone: IANAZone): number[] {
	const offsets = new Set([
		offsetMs(zone, localMillis - MAX_OFFSET_MS),
		offsetMs(zone, localMillis + MAX_OFFSET_MS),
	]);
	const instants: number[] = [];
	for (const offset of offsets) {
		const candidate = localMillis - offset;
		if (offsetMs(zone, candidate) === offset && !instants.includes(candidate))
			instants.push(candidate);
	}
	return instants.sort((a, b) => a - b);
}

/**
 * The first instant whose wall clock reads `localMillis` or, when that wall time falls in a
 * DST gap, the moment the clock jumps over it (the first existing time after it).
 */
export function firstInstantAtOrAfterLocal(localMillis: number, zone: IANAZone): number {
	const instants = instantsAtLocal(localMillis, zone);
	if (instants.length > 0) return instants[0];
	for (const change of offsetChangesBetween(
		localMillis - MAX_OFFSET_MS,
		localMillis + MAX_OFFSET_MS,
		zone,
	)) {
		const before = change - 1 + offsetMs(zone, change - 1);
		const after = toLocalMillis(change, zone);
		if (before < localMillis && localMillis < after) return change;
	}
	throw new Error(
		`No instant found for local time ${new Date(localMillis).toISOString()} in ${zone.name}`,
	);
}

/** Instants in (start, end] at which the zone's UTC offset changes, i.e. the wall clock jumps. */
export function offsetChangesBetween(start: number, end: number, zone: IANAZone): number[] {
	const changes: number[] = [];
	for (let probeStart = start; probeStart < end; probeStart += PROBE_MS) {
		const probeEnd = Math.min(probeStart + PROBE_MS, end);
		const startOffset = offsetMs(zone, probeStart);
		if (offsetMs(zone, probeEnd) === startOffset) continue;
		// Bisect to the millisecond: lo keeps the old offset, hi has the new one.
		let lo = probeStart;
		let hi = probeEnd;
		while (hi - lo > 1) {
			const mid = Math.floor((lo + hi) / 2);
			if (offsetMs(zone, mid) === startOffset) lo = mid;
			else hi = mid;
		}
		changes.push(hi);
	}
	return changes;
}
