// Parses and validates the Schedule section's raw inputs (clock times, durations, zones, the Communication Date and Time).
import { DateTime, IANAZone } from 'luxon';

import { InputError } from '../../errors';

/** Bad Schedule input (an item's input error); `message` names the field, repeats the value and says what to fix. */
export class WindowInputError extends InputError {
	constructor(message: string) {
		super(message);
		this.name = 'WindowInputError';
	}
}

/** A daily window in local wall-clock minutes: [from, to), crossing midnight when `to <= from`. */
export interface ClockWindow {
	from: number;
	/** 1..1440; 1440 ('24:00') is the end of the day. */
	to: number;
	crossesMidnight: boolean;
}

const MINUTES_PER_DAY = 1440;
const CLOCK_PATTERN = /^(\d{1,2}):(\d{2})$/;
const DURATION_PATTERN = /^(\d{1,5}):(\d{2})$/;
const DATE_ONLY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_PREFIX_PATTERN = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;

/** Quotes a user value for an error message without dumping whole objects. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') return `'${value}'`;
	if (value === null || value === undefined) return 'empty';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return `a value of type ${typeof value}`;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * Minutes since midnight for an 'HH:MM' (or 'H:MM') time, 00:00..23:59.
 * '24:00' (1440) is accepted only with `allowEndOfDay`, which the To field sets: it lets users
 * write 00:00-24:00 for a whole day without it reading as an empty From == To window.
 * @throws WindowInputError naming `field`, e.g. "From time '25:00' is not a valid HH:MM time (00:00-23:59)".
 */
export function parseClock(
	value: unknown,
	options: { field?: string; allowEndOfDay?: boolean } = {},
): number {
	const field = options.field ?? 'Time';
	const range = options.allowEndOfDay ? '00:00-24:00' : '00:00-23:59';
	const match = typeof value === 'string' ? CLOCK_PATTERN.exec(value.trim()) : null;
	if (match) {
		const minutes = Number(match[1]) * 60 + Number(match[2]);
		const validMinute = Number(match[2]) < 60;
		if (validMinute && minutes < MINUTES_PER_DAY) return minutes;
		if (options.allowEndOfDay && minutes === MINUTES_PER_DAY) return minutes;
	}
	throw new WindowInputError(
		`${field} time ${describeValue(value)} is not a valid HH:MM time (${range})`,
	);
}

/** 'HH:MM' for minutes since midnight; 1440 prints as '24:00'. */
export function formatClock(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Milliseconds for a Communication Duration written 'HH:MM'; hours may exceed 23 ('48:00').
 * Empty (undefined, null, '') means no limit and returns undefined. Zero, negative and
 * non-'HH:MM' values throw, because a silent zero would expire every communication.
 */
export function parseDuration(
	value: unknown,
	field = 'Communication Duration',
): number | undefined {
	if (isBlank(value)) return undefined;
	const match = typeof value === 'string' ? DURATION_PATTERN.exec(value.trim()) : null;
	if (!match || Number(match[2]) >= 60) {
		throw new WindowInputError(
			`${field} ${describeValue(value)} is not a valid HH:MM duration; use hours and minutes such as 02:30 or 48:00, or leave it empty for no limit`,
		);
	}
	const minutes = Number(match[1]) * 60 + Number(match[2]);
	if (minutes === 0) {
		throw new WindowInputError(
			`${field} '${value as string}' must be longer than 00:00; leave it empty for no limit`,
		);
	}
	return minutes * 60_000;
}

/**
 * The daily window for From/To, or null when both are empty (always open).
 * From alone means From..24:00, To alone 00:00..To. From == To is rejected: it reads as
 * either nothing or everything, so the user must say 00:00-24:00 or leave both empty.
 */
export function parseWindow(spec: { from?: unknown; to?: unknown }): ClockWindow | null {
	const hasFrom = !isBlank(spec.from);
	const hasTo = !isBlank(spec.to);
	if (!hasFrom && !hasTo) return null;
	const from = hasFrom ? parseClock(spec.from, { field: 'From' }) : 0;
	const to = hasTo ? parseClock(spec.to, { field: 'To', allowEndOfDay: true }) : MINUTES_PER_DAY;
	if (from === to) {
		throw new WindowInputError(
			`From and To are both ${formatClock(from)}, so the window is empty; use 00:00 and 24:00 for the whole day, or leave both empty`,
		);
	}
	return { from, to, crossesMidnight: to <= from };
}

/** 'HH:MM-HH:MM' for a window, 'any time' without one. */
export function formatWindow(window: ClockWindow | null): string {
	return window ? `${formatClock(window.from)}-${formatClock(window.to)}` : 'any time';
}

/** The zone name in its canonical letter case, or undefined when Intl/luxon do not know it. */
export function normalizeZone(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const name = value.trim();
	if (name === '') return undefined;
	// Asking Intl costs more than the rest of an item's window; the answer never changes.
	if (KNOWN_ZONES.has(name)) return KNOWN_ZONES.get(name);
	if (KNOWN_ZONES.size >= KNOWN_ZONES_LIMIT) KNOWN_ZONES.clear();
	const zone = resolveZoneName(name);
	KNOWN_ZONES.set(name, zone);
	return zone;
}

const KNOWN_ZONES = new Map<string, string | undefined>();
const KNOWN_ZONES_LIMIT = 1000;

function resolveZoneName(name: string): string | undefined {
	if (!IANAZone.isValidZone(name)) return undefined;
	// Intl also maps some legacy links (EST -> America/Panama); only adopt its letter case.
	const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
	return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

export type ZoneSource = 'participant' | 'node' | 'workflow' | 'instance' | 'utc';

export interface ZoneSources {
	/** The participant's `timezone` attribute, as stored (anything). */
	participantZone?: unknown;
	/** The node's Time Zone option. */
	nodeZone?: string;
	/** The workflow's time zone setting; n8n's 'DEFAULT' means "use the instance's". */
	workflowZone?: string;
	/** The instance's GENERIC_TIMEZONE. */
	instanceZone?: string;
}

/**
 * The scheduling zone: participant `timezone` > node option > workflow > instance > UTC.
 * A participant or workflow/instance zone that is not a valid zone only adds a warning and
 * falls through (the user cannot fix data or settings from this node); an invalid node
 * option is the user's own input and throws, even when the participant has a zone.
 */
export function resolveZone(sources: ZoneSources): {
	zone: string;
	source: ZoneSource;
	warnings: string[];
} {
	const warnings: string[] = [];
	const skipped: string[] = [];
	const fromSetting = (value: string | undefined, label: string): string | undefined => {
		if (isBlank(value) || value?.trim().toUpperCase() === 'DEFAULT') return undefined;
		const zone = normalizeZone(value);
		if (!zone) skipped.push(`${label} '${value as string}'`);
		return zone;
	};

	// Checked before the participant's zone so a bad option fails every item, not just some.
	const nodeZone = normalizeZone(sources.nodeZone);
	if (!isBlank(sources.nodeZone) && !nodeZone) {
		throw new WindowInputError(
			`Time Zone '${sources.nodeZone as string}' is not a valid IANA time zone; use a name such as Europe/Berlin or America/New_York`,
		);
	}
	const participantRaw = sources.participantZone;
	if (!isBlank(participantRaw)) {
		const zone = normalizeZone(participantRaw);
		if (zone) return { zone, source: 'participant', warnings };
		skipped.push(`participant time zone ${describeValue(participantRaw)}`);
	}
	if (nodeZone) return finish(nodeZone, 'node');
	const workflowZone = fromSetting(sources.workflowZone, 'workflow time zone');
	if (workflowZone) return finish(workflowZone, 'workflow');
	const instanceZone = fromSetting(sources.instanceZone, 'instance time zone');
	if (instanceZone) return finish(instanceZone, 'instance');
	return finish('UTC', 'utc');

	function finish(zone: string, source: ZoneSource) {
		for (const what of skipped) {
			warnings.push(`The ${what} is not a valid IANA time zone; using ${zone} (${source}) instead`);
		}
		return { zone, source, warnings };
	}
}

/** Raw Communication Date and Time, classified before it meets a zone. */
export type CommunicationDate =
	| { kind: 'now' }
	| { kind: 'instant'; millis: number }
	| { kind: 'date'; year: number; month: number; day: number }
	| { kind: 'wall'; year: number; month: number; day: number; secondOfDay: number; millis: number };

/**
 * Classifies the Communication Date and Time: empty / 'today' / 'now' -> now; 'YYYY-MM-DD' -> that
 * calendar day; an ISO or SQL date-time with an offset, a JS Date, a luxon DateTime (from any
 * luxon copy) or epoch milliseconds -> that instant; a date-time without offset -> that wall time
 * (the caller places it in the scheduling zone).
 */
export function parseCommunicationDate(value: unknown): CommunicationDate {
	if (isBlank(value)) return { kind: 'now' };
	const fail = () =>
		new WindowInputError(
			`Communication Date and Time ${describeValue(value)} is not a date; use Today, a date like 2026-03-10, or a date-time like 2026-03-10T09:00:00+01:00`,
		);
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw fail();
		return { kind: 'instant', millis: value.getTime() };
	}
	if (DateTime.isDateTime(value)) {
		if (!value.isValid) throw fail();
		return { kind: 'instant', millis: value.toMillis() };
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw fail();
		return { kind: 'instant', millis: value };
	}
	if (typeof value !== 'string') throw fail();

	const text = value.trim();
	if (/^(today|now)$/i.test(text)) return { kind: 'now' };
	// luxon also reads '2026' or a bare '09:00' (today, by the real clock); only full dates qualify.
	if (!DATE_PREFIX_PATTERN.test(text)) throw fail();
	const candidate = parseDateTimeText(text, 'UTC');
	if (!candidate.isValid) throw fail();
	if (DATE_ONLY_PATTERN.test(text)) {
		return { kind: 'date', year: candidate.year, month: candidate.month, day: candidate.day };
	}
	// A written offset (or Z) pins the instant whatever default zone luxon is given.
	const elsewhere = parseDateTimeText(text, 'Etc/GMT-5');
	if (elsewhere.toMillis() === candidate.toMillis())
		return { kind: 'instant', millis: candidate.toMillis() };
	return {
		kind: 'wall',
		year: candidate.year,
		month: candidate.month,
		day: candidate.day,
		secondOfDay: candidate.hour * 3600 + candidate.minute * 60 + candidate.second,
		millis: candidate.millisecond,
	};
}

function parseDateTimeText(text: string, zone: string): DateTime {
	const iso = DateTime.fromISO(text, { zone });
	return iso.isValid ? iso : DateTime.fromSQL(text, { zone });
}
