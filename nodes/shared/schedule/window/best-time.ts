// Chooses a participant's "best time to contact" as a local time of day inside the allowed daily window.
import { type ClockWindow, formatClock, formatWindow, parseClock } from './inputs';

export type BestTimeSource = 'history' | 'hint' | 'spread';

export interface BestTimeChoice {
	/** Local time of day, in seconds since midnight (0..86399), always inside the window. */
	secondOfDay: number;
	source: BestTimeSource;
	/** Why a best_time_to_contact attribute was not used, when it was present but unusable. */
	warnings: string[];
}

/** [start, end) in minutes since midnight. */
type Segment = [number, number];

/** The day periods a best_time_to_contact attribute may name. */
export const DAY_PERIODS: Readonly<Record<string, Segment>> = {
	morning: [8 * 60, 12 * 60],
	afternoon: [12 * 60, 17 * 60],
	evening: [17 * 60, 21 * 60],
};

/**
 * 32-bit hash of a participant ID (FNV-1a, then murmur3's finaliser so that IDs differing in
 * one trailing digit still land far apart). Stable across runs and machines.
 */
export function hashParticipantId(participantId: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < participantId.length; i++) {
		hash ^= participantId.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	hash ^= hash >>> 16;
	return hash >>> 0;
}

/** The window as ordered segments, starting at From; no window is the whole day. */
function windowSegments(window: ClockWindow | null): Segment[] {
	if (!window) return [[0, 1440]];
	if (!window.crossesMidnight) return [[window.from, window.to]];
	return window.to === 0
		? [[window.from, 1440]]
		: [
				[window.from, 1440],
				[0, window.to],
			];
}

function intersect(segments: Segment[], range: Segment): Segment[] {
	const result: Segment[] = [];
	for (const [start, end] of segments) {
		const lo = Math.max(start, range[0]);
		const hi = Math.min(end, range[1]);
		if (lo < hi) result.push([lo, hi]);
	}
	return result;
}

/** Maps the hash uniformly onto the seconds of the segments, so a crowd spreads to the second. */
function spreadOver(segments: Segment[], hash: number): number {
	const total = segments.reduce((sum, [start, end]) => sum + (end - start) * 60, 0);
	let offset = hash % total;
	for (const [start, end] of segments) {
		const seconds = (end - start) * 60;
		if (offset < seconds) return start * 60 + offset;
		offset -= seconds;
	}
	throw new Error('unreachable: offset is below the total length');
}

/** Position of a minute counted from the window's From, so ties prefer the window's start. */
function windowPosition(minute: number, window: ClockWindow | null): number {
	return (minute - (window?.from ?? 0) + 1440) % 1440;
}

function fromHistory(
	segments: Segment[],
	window: ClockWindow | null,
	hours: number[],
	hash: number,
): number | undefined {
	const counts = new Map<number, number>();
	for (const hour of hours) {
		if (Number.isInteger(hour) && hour >= 0 && hour <= 23)
			counts.set(hour, (counts.get(hour) ?? 0) + 1);
	}
	let best: { parts: Segment[]; count: number; position: number } | undefined;
	for (const [hour, count] of counts) {
		const parts = intersect(segments, [hour * 60, hour * 60 + 60]);
		if (parts.length === 0) continue;
		const position = Math.min(...parts.map(([start]) => windowPosition(start, window)));
		if (!best || count > best.count || (count === best.count && position < best.position)) {
			best = { parts, count, position };
		}
	}
	return best ? spreadOver(best.parts, hash) : undefined;
}

type ParsedHint =
	| { kind: 'minute'; minute: number }
	| { kind: 'range'; range: Segment }
	| { kind: 'invalid' }
	| undefined;

function parseHint(hint: unknown): ParsedHint {
	if (hint === undefined || hint === null) return undefined;
	if (typeof hint === 'number') {
		return Number.isInteger(hint) && hint >= 0 && hint <= 23
			? { kind: 'range', range: [hint * 60, hint * 60 + 60] }
			: { kind: 'invalid' };
	}
	if (typeof hint !== 'string') return { kind: 'invalid' };
	const text = hint.trim().toLowerCase();
	if (text === '') return undefined;
	if (/^\d{1,2}$/.test(text)) return parseHint(Number(text));
	const period = Object.prototype.hasOwnProperty.call(DAY_PERIODS, text)
		? DAY_PERIODS[text]
		: undefined;
	if (period) return { kind: 'range', range: period };
	try {
		return { kind: 'minute', minute: parseClock(text) };
	} catch {
		return { kind: 'invalid' };
	}
}

/**
 * The best local time of day for one participant, inside `window` (null = the whole day):
 * 1. the most frequent hour of past replies in `historyHours` that overlaps the window (ties go
 *    to the hour nearest the window's From), spread by participant ID over that hour's part
 *    of the window;
 * 2. else the best_time_to_contact hint when it is inside the window: 'HH:MM' is that minute
 *    (spread over its 60 seconds), an hour 0-23 that hour, 'morning' 08-12, 'afternoon' 12-17,
 *    'evening' 17-21 (each clipped to the window and spread by ID);
 * 3. else the participant ID's hash spread uniformly over every second of the window.
 * Spreading keeps 10,000 participants with the same preference from firing in the same second.
 */
export function chooseBestTime(
	window: ClockWindow | null,
	participantId: string,
	hint: unknown,
	historyHours: readonly number[] = [],
): BestTimeChoice {
	const segments = windowSegments(window);
	const hash = hashParticipantId(participantId);
	const warnings: string[] = [];

	const fromReplies = fromHistory(segments, window, [...historyHours], hash);
	if (fromReplies !== undefined) return { secondOfDay: fromReplies, source: 'history', warnings };

	const parsed = parseHint(hint);
	const shown = typeof hint === 'string' ? `'${hint}'` : String(hint);
	if (parsed?.kind === 'invalid') {
		warnings.push(
			`best_time_to_contact ${shown} is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored`,
		);
	} else if (parsed) {
		const range: Segment =
			parsed.kind === 'minute' ? [parsed.minute, parsed.minute + 1] : parsed.range;
		const parts = intersect(segments, range);
		if (parts.length > 0) return { secondOfDay: spreadOver(parts, hash), source: 'hint', warnings };
		warnings.push(
			`best_time_to_contact ${shown} is outside the window ${formatWindow(window)}; ignored`,
		);
	}
	return { secondOfDay: spreadOver(segments, hash), source: 'spread', warnings };
}

/** 'HH:MM:SS' for a second of the day. */
export function formatSecondOfDay(secondOfDay: number): string {
	return `${formatClock(Math.floor(secondOfDay / 60))}:${String(secondOfDay % 60).padStart(2, '0')}`;
}
