// Parsing and validation of the Schedule inputs: clock times, durations, zones, windows, dates.
import { DateTime } from 'luxon';

import {
	isInsideWindow,
	parseClock,
	parseDuration,
	resolveSendWindow,
	resolveZone,
	WindowInputError,
} from '../../nodes/shared/schedule/window';
import { parseCommunicationDate, parseWindow } from '../../nodes/shared/schedule/window/inputs';

const NOW = new Date('2026-03-10T15:00:00Z');

function errorOf(run: () => unknown): WindowInputError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(WindowInputError);
		return error as WindowInputError;
	}
	throw new Error('expected a WindowInputError');
}

describe('parseClock', () => {
	it.each([
		['00:00', 0],
		['09:05', 545],
		['9:05', 545],
		[' 18:30 ', 1110],
		['23:59', 1439],
	])('reads %p as %p minutes', (input, minutes) => {
		expect(parseClock(input)).toBe(minutes);
	});

	it('accepts 24:00 only where the end of the day is allowed (To)', () => {
		expect(parseClock('24:00', { field: 'To', allowEndOfDay: true })).toBe(1440);
		expect(errorOf(() => parseClock('24:00', { field: 'From' })).message).toBe(
			"From time '24:00' is not a valid HH:MM time (00:00-23:59)",
		);
		expect(errorOf(() => parseClock('24:01', { field: 'To', allowEndOfDay: true })).message).toBe(
			"To time '24:01' is not a valid HH:MM time (00:00-24:00)",
		);
	});

	it.each([
		['25:00', "From time '25:00' is not a valid HH:MM time (00:00-23:59)"],
		['9am', "From time '9am' is not a valid HH:MM time (00:00-23:59)"],
		['abc', "From time 'abc' is not a valid HH:MM time (00:00-23:59)"],
		['12:60', "From time '12:60' is not a valid HH:MM time (00:00-23:59)"],
		['12:5', "From time '12:5' is not a valid HH:MM time (00:00-23:59)"],
		['-01:00', "From time '-01:00' is not a valid HH:MM time (00:00-23:59)"],
		['', "From time '' is not a valid HH:MM time (00:00-23:59)"],
		[930, 'From time 930 is not a valid HH:MM time (00:00-23:59)'],
		[undefined, 'From time empty is not a valid HH:MM time (00:00-23:59)'],
	])('rejects %p with a message naming the field and the value', (input, message) => {
		expect(errorOf(() => parseClock(input, { field: 'From' })).message).toBe(message);
	});
});

describe('parseDuration', () => {
	it.each([
		['00:30', 30 * 60_000],
		['02:00', 2 * 3_600_000],
		['2:15', 135 * 60_000],
		['48:00', 48 * 3_600_000],
		['100:59', (100 * 60 + 59) * 60_000],
	])('reads %p', (input, ms) => {
		expect(parseDuration(input)).toBe(ms);
	});

	it.each([undefined, null, '', '   '])('treats %p as no limit', (input) => {
		expect(parseDuration(input)).toBeUndefined();
	});

	it.each([
		['-01:00', "Communication Duration '-01:00' is not a valid HH:MM duration"],
		['abc', "Communication Duration 'abc' is not a valid HH:MM duration"],
		['01:60', "Communication Duration '01:60' is not a valid HH:MM duration"],
		['90', "Communication Duration '90' is not a valid HH:MM duration"],
		[90, 'Communication Duration 90 is not a valid HH:MM duration'],
	])('rejects %p', (input, start) => {
		const message = errorOf(() => parseDuration(input)).message;
		expect(message.startsWith(start)).toBe(true);
		expect(message).toContain('such as 02:30 or 48:00, or leave it empty for no limit');
	});

	it('rejects a zero duration instead of expiring everything', () => {
		expect(errorOf(() => parseDuration('00:00')).message).toBe(
			"Communication Duration '00:00' must be longer than 00:00; leave it empty for no limit",
		);
	});
});

describe('parseWindow', () => {
	it.each([
		[{}, null],
		[{ from: '', to: '' }, null],
		[
			{ from: '09:00', to: '18:00' },
			{ from: 540, to: 1080, crossesMidnight: false },
		],
		[
			{ from: '22:00', to: '06:00' },
			{ from: 1320, to: 360, crossesMidnight: true },
		],
		[
			{ from: '18:00', to: '00:00' },
			{ from: 1080, to: 0, crossesMidnight: true },
		],
		[
			{ from: '00:00', to: '24:00' },
			{ from: 0, to: 1440, crossesMidnight: false },
		],
		[{ from: '17:00' }, { from: 1020, to: 1440, crossesMidnight: false }],
		[{ to: '10:00' }, { from: 0, to: 600, crossesMidnight: false }],
	])('%p -> %p', (spec, expected) => {
		expect(parseWindow(spec)).toEqual(expected);
	});

	it.each([
		[{ from: '09:00', to: '09:00' }, 'From and To are both 09:00'],
		[{ from: '00:00', to: '00:00' }, 'From and To are both 00:00'],
		[{ to: '00:00' }, 'From and To are both 00:00'],
	])('rejects the empty window %p', (spec, start) => {
		const message = errorOf(() => parseWindow(spec)).message;
		expect(message.startsWith(start)).toBe(true);
		expect(message).toContain('use 00:00 and 24:00 for the whole day, or leave both empty');
	});
});

describe('isInsideWindow', () => {
	const at = (iso: string) => new Date(iso);
	it.each([
		// 2026-03-10 is EDT (UTC-4) in New York.
		['2026-03-10T13:00:00Z', { from: '09:00', to: '18:00' }, true],
		['2026-03-10T12:59:59.999Z', { from: '09:00', to: '18:00' }, false],
		['2026-03-10T21:59:59.999Z', { from: '09:00', to: '18:00' }, true],
		['2026-03-10T22:00:00Z', { from: '09:00', to: '18:00' }, false],
		['2026-03-11T02:00:00Z', { from: '22:00', to: '06:00' }, true],
		['2026-03-11T09:59:00Z', { from: '22:00', to: '06:00' }, true],
		['2026-03-11T10:00:00Z', { from: '22:00', to: '06:00' }, false],
		['2026-03-10T16:00:00Z', { from: '22:00', to: '06:00' }, false],
		['2026-03-10T16:00:00Z', {}, true],
		['2026-03-11T03:59:59Z', { from: '18:00', to: '24:00' }, true],
		['2026-03-11T04:00:00Z', { from: '18:00', to: '24:00' }, false],
	])('%s in %p (New York) -> %p', (iso, spec, inside) => {
		expect(isInsideWindow(at(iso), spec, 'America/New_York')).toBe(inside);
	});

	it('rejects an unknown zone', () => {
		expect(errorOf(() => isInsideWindow(NOW, {}, 'Mars/Olympus')).message).toContain(
			"Time Zone 'Mars/Olympus'",
		);
	});
});

describe('resolveZone', () => {
	it.each([
		[{ participantZone: 'Asia/Tokyo', nodeZone: 'Europe/Berlin' }, 'Asia/Tokyo', 'participant'],
		[{ participantZone: ' asia/tokyo ', nodeZone: 'Europe/Berlin' }, 'Asia/Tokyo', 'participant'],
		[{ participantZone: 'UTC', workflowZone: 'Europe/Berlin' }, 'UTC', 'participant'],
		[{ participantZone: '', nodeZone: 'Europe/Berlin' }, 'Europe/Berlin', 'node'],
		[{ participantZone: null, nodeZone: 'Europe/Berlin' }, 'Europe/Berlin', 'node'],
		[
			{ nodeZone: 'Europe/Berlin', workflowZone: 'Asia/Kolkata', instanceZone: 'America/Chicago' },
			'Europe/Berlin',
			'node',
		],
		[
			{ nodeZone: '', workflowZone: 'Asia/Kolkata', instanceZone: 'America/Chicago' },
			'Asia/Kolkata',
			'workflow',
		],
		[{ workflowZone: 'DEFAULT', instanceZone: 'America/Chicago' }, 'America/Chicago', 'instance'],
		[{ instanceZone: 'America/Chicago' }, 'America/Chicago', 'instance'],
		[{}, 'UTC', 'utc'],
	])('%p -> %s from %s, no warnings', (sources, zone, source) => {
		expect(resolveZone(sources)).toEqual({ zone, source, warnings: [] });
	});

	it.each([
		[
			'Mars/Olympus',
			"The participant time zone 'Mars/Olympus' is not a valid IANA time zone; using Europe/Berlin (node) instead",
		],
		[
			42,
			'The participant time zone 42 is not a valid IANA time zone; using Europe/Berlin (node) instead',
		],
		[
			{ name: 'x' },
			'The participant time zone a value of type object is not a valid IANA time zone; using Europe/Berlin (node) instead',
		],
	])('an invalid participant zone %p warns and falls through', (participantZone, warning) => {
		expect(resolveZone({ participantZone, nodeZone: 'Europe/Berlin' })).toEqual({
			zone: 'Europe/Berlin',
			source: 'node',
			warnings: [warning],
		});
	});

	it('an invalid participant zone falls through all the way to UTC', () => {
		const resolved = resolveZone({ participantZone: 'Mars/Olympus' });
		expect(resolved.zone).toBe('UTC');
		expect(resolved.source).toBe('utc');
		expect(resolved.warnings).toHaveLength(1);
	});

	it("an invalid node zone is the user's input and throws, even when the participant has a zone", () => {
		expect(
			errorOf(() => resolveZone({ participantZone: 'Asia/Tokyo', nodeZone: 'Mars/Olympus' }))
				.message,
		).toBe(
			"Time Zone 'Mars/Olympus' is not a valid IANA time zone; use a name such as Europe/Berlin or America/New_York",
		);
	});

	it('invalid workflow and instance zones warn and fall through', () => {
		expect(resolveZone({ workflowZone: 'Nowhere/Land', instanceZone: 'Europe/Paris' })).toEqual({
			zone: 'Europe/Paris',
			source: 'instance',
			warnings: [
				"The workflow time zone 'Nowhere/Land' is not a valid IANA time zone; using Europe/Paris (instance) instead",
			],
		});
		expect(resolveZone({ instanceZone: 'Nowhere/Land' }).zone).toBe('UTC');
	});
});

describe('parseCommunicationDate', () => {
	it.each([
		[undefined, { kind: 'now' }],
		['', { kind: 'now' }],
		['today', { kind: 'now' }],
		[' Today ', { kind: 'now' }],
		['NOW', { kind: 'now' }],
		['2026-03-12', { kind: 'date', year: 2026, month: 3, day: 12 }],
		[
			'2026-03-12T09:30',
			{ kind: 'wall', year: 2026, month: 3, day: 12, secondOfDay: 34200, millis: 0 },
		],
		[
			'2026-03-12 09:30:15',
			{ kind: 'wall', year: 2026, month: 3, day: 12, secondOfDay: 34215, millis: 0 },
		],
		['2026-03-12T09:30:00+01:00', { kind: 'instant', millis: Date.parse('2026-03-12T08:30:00Z') }],
		['2026-03-12T09:30:00Z', { kind: 'instant', millis: Date.parse('2026-03-12T09:30:00Z') }],
		[
			'2026-03-12T09:30:00.250-0500',
			{ kind: 'instant', millis: Date.parse('2026-03-12T14:30:00.250Z') },
		],
		[
			new Date('2026-03-12T09:30:00Z'),
			{ kind: 'instant', millis: Date.parse('2026-03-12T09:30:00Z') },
		],
		[
			DateTime.fromISO('2026-03-12T09:30:00', { zone: 'Asia/Tokyo' }),
			{ kind: 'instant', millis: Date.parse('2026-03-12T00:30:00Z') },
		],
		[
			Date.parse('2026-03-12T09:30:00Z'),
			{ kind: 'instant', millis: Date.parse('2026-03-12T09:30:00Z') },
		],
	])('%p -> %p', (input, expected) => {
		expect(parseCommunicationDate(input)).toEqual(expected);
	});

	it.each([
		'tomorrow',
		'abc',
		'09:00',
		'2026',
		'2026-13-01',
		'2026-02-30',
		'12/03/2026',
		new Date('nope'),
		Number.NaN,
		{},
		true,
	])('rejects %p and says which formats work', (input) => {
		const message = errorOf(() => parseCommunicationDate(input)).message;
		expect(message).toMatch(
			/^Communication Date and Time .+ is not a date; use Today, a date like 2026-03-10/,
		);
	});
});

describe('resolveSendWindow input errors', () => {
	const ctx = { now: NOW, zone: 'America/New_York', participantId: 'p-1' };
	it.each([
		[{ from: '25:00', to: '18:00' }, "From time '25:00' is not a valid HH:MM time (00:00-23:59)"],
		[{ from: '9am', to: '18:00' }, "From time '9am' is not a valid HH:MM time (00:00-23:59)"],
		[{ from: '09:00', to: 'abc' }, "To time 'abc' is not a valid HH:MM time (00:00-24:00)"],
		[{ duration: '-01:00' }, "Communication Duration '-01:00' is not a valid HH:MM duration"],
		[{ date: 'next week' }, "Communication Date and Time 'next week' is not a date"],
		[{ from: '10:00', to: '10:00' }, 'From and To are both 10:00'],
	])('%p', (spec, start) => {
		const message = errorOf(() => resolveSendWindow(spec, ctx)).message;
		expect(message.startsWith(start)).toBe(true);
	});

	it('rejects an unknown scheduling zone and an invalid clock', () => {
		expect(
			errorOf(() => resolveSendWindow({}, { ...ctx, zone: 'Mars/Olympus' })).message,
		).toContain("Time Zone 'Mars/Olympus' is not a valid IANA time zone");
		expect(errorOf(() => resolveSendWindow({}, { ...ctx, now: new Date('x') })).message).toBe(
			'The current time is not a valid date',
		);
	});
});
