// Normalises what an outside dialer posts: direction, call time, status and duration, in the many
// spellings dialers use; bad values throw InputError naming the field.
import { DateTime, Duration } from 'luxon';

import { InputError } from '../shared/errors';

export type CallDirection = 'inbound' | 'outbound';

const DIRECTIONS: Record<string, CallDirection> = {
	inbound: 'inbound',
	incoming: 'inbound',
	in: 'inbound',
	'outbound-api': 'outbound',
	'outbound-dial': 'outbound',
	outbound: 'outbound',
	outgoing: 'outbound',
	out: 'outbound',
};

const STATUSES: Record<string, string> = {
	completed: 'completed',
	complete: 'completed',
	answered: 'completed',
	connected: 'completed',
	success: 'completed',
	successful: 'completed',
	'no-answer': 'no-answer',
	noanswer: 'no-answer',
	missed: 'no-answer',
	unanswered: 'no-answer',
	'not-answered': 'no-answer',
	busy: 'busy',
	failed: 'failed',
	error: 'failed',
	canceled: 'canceled',
	cancelled: 'canceled',
	abandoned: 'canceled',
	voicemail: 'voicemail',
	machine: 'voicemail',
	'left-voicemail': 'voicemail',
	queued: 'queued',
	ringing: 'ringing',
	'in-progress': 'in-progress',
};

function shown(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function parseDirection(raw: unknown): CallDirection {
	const key = String(raw ?? '')
		.trim()
		.toLowerCase();
	const direction = DIRECTIONS[key];
	if (!direction) throw new InputError(`Direction '${shown(raw)}' is neither inbound nor outbound`);
	return direction;
}

/** A known status in one spelling, or the dialer's own word (lower-case) with `known: false`. */
export function normaliseCallStatus(raw: unknown): { status: string | null; known: boolean } {
	const key = String(raw ?? '')
		.trim()
		.toLowerCase()
		.replace(/[\s_]+/g, '-');
	if (!key) return { status: null, known: true };
	const status = STATUSES[key];
	return status ? { status, known: true } : { status: key, known: false };
}

/** Epoch seconds or milliseconds (numbers or digit strings), ISO 8601, RFC 2822 or SQL dates. */
export function parseCallDate(raw: unknown, zone: string): string | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (raw instanceof Date) {
		if (Number.isNaN(raw.getTime())) throw new InputError('Date is not a valid date');
		return raw.toISOString();
	}
	const text = String(raw).trim();
	let date: DateTime;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		// Anything past 1e11 would be after the year 5138 in seconds: it is milliseconds.
		date = DateTime.fromMillis(n > 1e11 ? n : n * 1000, { zone: 'utc' });
	} else {
		date = DateTime.fromISO(text, { zone, setZone: true });
		if (!date.isValid) date = DateTime.fromRFC2822(text, { zone, setZone: true });
		if (!date.isValid) date = DateTime.fromSQL(text, { zone, setZone: true });
		if (!date.isValid) date = DateTime.fromHTTP(text, { zone, setZone: true });
	}
	if (!date.isValid)
		throw new InputError(
			`Date '${shown(raw)}' is not a date (use ISO 8601 like 2025-03-01T14:30:00Z, or epoch seconds)`,
		);
	return date.toUTC().toISO();
}

/** Seconds from 125, "125", "2:05", "01:02:05" or ISO 8601 "PT2M5S"; null when empty. */
export function parseDurationSeconds(raw: unknown): number | null {
	if (raw === undefined || raw === null || raw === '') return null;
	const text = String(raw).trim();
	let seconds: number | undefined;
	if (/^\d+(\.\d+)?s?$/i.test(text)) seconds = Number(text.replace(/s$/i, ''));
	else if (/^\d+(:[0-5]?\d){1,2}$/.test(text)) {
		seconds = text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
	} else if (/^P/i.test(text)) {
		const duration = Duration.fromISO(text.toUpperCase());
		if (duration.isValid) seconds = duration.as('seconds');
	}
	if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
		throw new InputError(
			`Duration '${shown(raw)}' is not a duration (seconds, mm:ss, hh:mm:ss or PT2M5S)`,
		);
	}
	return Math.round(seconds);
}
