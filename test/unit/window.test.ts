// resolveSendWindow: windows (incl. crossing midnight), Communication Date and Time, Duration expiry, labels.
import { DateTime } from 'luxon';

import {
	resolveSendWindow,
	type SendDecision,
	type WindowSpec,
} from '../../nodes/shared/schedule/window';

/** Tuesday 2026-03-10 11:00 in New York (EDT, UTC-4 since 2026-03-08). */
const NOW = '2026-03-10T15:00:00.000Z';
const NY = 'America/New_York';

function decide(spec: WindowSpec, options: { now?: string; zone?: string } = {}): SendDecision {
	return resolveSendWindow(spec, {
		now: new Date(options.now ?? NOW),
		zone: options.zone ?? NY,
		participantId: 'participant-1',
	});
}

/** UTC instant of a New York wall time, for readable expectations. */
function ny(local: string): string {
	return DateTime.fromISO(local, { zone: NY }).toUTC().toISO() as string;
}

describe('windows in New York, now 2026-03-10 11:00 local', () => {
	it.each<[string, WindowSpec, string | undefined, SendDecision['action'], string]>([
		['no window', {}, undefined, 'send-now', NOW],
		['inside 09:00-18:00', { from: '09:00', to: '18:00' }, undefined, 'send-now', NOW],
		[
			'before 12:00-18:00 (same day)',
			{ from: '12:00', to: '18:00' },
			undefined,
			'plan',
			ny('2026-03-10T12:00'),
		],
		[
			'after 08:00-10:00 (next day)',
			{ from: '08:00', to: '10:00' },
			undefined,
			'plan',
			ny('2026-03-11T08:00'),
		],
		[
			'From is inclusive',
			{ from: '09:00', to: '18:00' },
			ny('2026-03-10T09:00'),
			'send-now',
			ny('2026-03-10T09:00'),
		],
		[
			'To is exclusive',
			{ from: '09:00', to: '18:00' },
			ny('2026-03-10T18:00'),
			'plan',
			ny('2026-03-11T09:00'),
		],
		[
			'last minute before To',
			{ from: '09:00', to: '18:00' },
			ny('2026-03-10T17:59:59'),
			'send-now',
			ny('2026-03-10T17:59:59'),
		],
		[
			'crossing midnight, before it opens',
			{ from: '22:00', to: '06:00' },
			undefined,
			'plan',
			ny('2026-03-10T22:00'),
		],
		[
			'crossing midnight, inside before midnight',
			{ from: '22:00', to: '06:00' },
			ny('2026-03-10T23:30'),
			'send-now',
			ny('2026-03-10T23:30'),
		],
		[
			'crossing midnight, inside after midnight',
			{ from: '22:00', to: '06:00' },
			ny('2026-03-11T05:59'),
			'send-now',
			ny('2026-03-11T05:59'),
		],
		[
			'crossing midnight, just after it closes',
			{ from: '22:00', to: '06:00' },
			ny('2026-03-11T06:00'),
			'plan',
			ny('2026-03-11T22:00'),
		],
		[
			'18:00-00:00 runs to midnight',
			{ from: '18:00', to: '00:00' },
			ny('2026-03-10T23:59'),
			'send-now',
			ny('2026-03-10T23:59'),
		],
		[
			'18:00-00:00 closed at midnight',
			{ from: '18:00', to: '00:00' },
			ny('2026-03-11T00:00'),
			'plan',
			ny('2026-03-11T18:00'),
		],
		[
			'18:00-24:00 is the same window',
			{ from: '18:00', to: '24:00' },
			ny('2026-03-11T00:00'),
			'plan',
			ny('2026-03-11T18:00'),
		],
		['00:00-24:00 is always open', { from: '00:00', to: '24:00' }, undefined, 'send-now', NOW],
		[
			'From alone opens until midnight',
			{ from: '17:00' },
			undefined,
			'plan',
			ny('2026-03-10T17:00'),
		],
		['To alone opens from midnight', { to: '10:00' }, undefined, 'plan', ny('2026-03-11T00:00')],
		['To alone, inside', { to: '12:00' }, undefined, 'send-now', NOW],
	])('%s', (_name, spec, now, action, sendAt) => {
		const decision = decide(spec, { now });
		expect(decision.action).toBe(action);
		expect(decision.sendAt).toBe(sendAt);
		expect(decision.expiresAt).toBeNull();
	});
});

describe('Communication Date and Time', () => {
	it.each<[string, string, string]>([
		['America/New_York', '2026-03-12', '2026-03-12T04:00:00.000Z'],
		['Europe/Berlin', '2026-03-12', '2026-03-11T23:00:00.000Z'],
		['Asia/Tokyo', '2026-03-12', '2026-03-11T15:00:00.000Z'],
		['Asia/Kolkata', '2026-03-12', '2026-03-11T18:30:00.000Z'],
		['Australia/Sydney', '2026-03-12', '2026-03-11T13:00:00.000Z'],
		['UTC', '2026-03-12', '2026-03-12T00:00:00.000Z'],
	])('a date-only value is 00:00 that day in the scheduling zone (%s)', (zone, date, notBefore) => {
		const decision = decide({ date }, { zone });
		expect(decision).toMatchObject({ action: 'plan', notBefore, sendAt: notBefore, zone });
		expect(decision.reason).toBe(
			`Planned for 2026-03-12 00:00:00 ${zone}: the Communication Date and Time.`,
		);
	});

	it('a date-only value opens at the first window time of that day', () => {
		expect(decide({ date: '2026-03-12', from: '09:00', to: '18:00' })).toMatchObject({
			action: 'plan',
			notBefore: ny('2026-03-12T00:00'),
			sendAt: ny('2026-03-12T09:00'),
		});
	});

	it.each<[string, unknown, string]>([
		[
			'with an offset: that instant, whatever the zone',
			'2026-03-12T09:30:00+01:00',
			'2026-03-12T08:30:00.000Z',
		],
		['with Z', '2026-03-12T09:30:00Z', '2026-03-12T09:30:00.000Z'],
		['without offset: that wall time in the zone', '2026-03-12T09:30', ny('2026-03-12T09:30')],
		['SQL style without offset', '2026-03-12 09:30:00', ny('2026-03-12T09:30')],
		['a JS Date', new Date('2026-03-12T09:30:00Z'), '2026-03-12T09:30:00.000Z'],
		[
			'a luxon DateTime in another zone',
			DateTime.fromISO('2026-03-12T09:30', { zone: 'Asia/Tokyo' }),
			'2026-03-12T00:30:00.000Z',
		],
		['epoch milliseconds', Date.parse('2026-03-12T09:30:00Z'), '2026-03-12T09:30:00.000Z'],
	])('a datetime %s', (_name, date, notBefore) => {
		expect(decide({ date })).toMatchObject({ action: 'plan', notBefore, sendAt: notBefore });
	});

	it('the same wall time means different instants in different zones', () => {
		expect(decide({ date: '2026-03-12T09:30' }, { zone: 'Europe/Berlin' }).sendAt).toBe(
			'2026-03-12T08:30:00.000Z',
		);
		expect(decide({ date: '2026-03-12T09:30' }, { zone: 'Asia/Kolkata' }).sendAt).toBe(
			'2026-03-12T04:00:00.000Z',
		);
	});

	it.each([undefined, '', 'today', 'Today', 'now'])('%p means now', (date) => {
		expect(decide({ date })).toMatchObject({ action: 'send-now', notBefore: NOW, sendAt: NOW });
	});

	it('a datetime outside the window waits for the window', () => {
		expect(decide({ date: '2026-03-12T07:00', from: '09:00', to: '18:00' })).toMatchObject({
			action: 'plan',
			notBefore: ny('2026-03-12T07:00'),
			sendAt: ny('2026-03-12T09:00'),
		});
	});

	it('a past date behaves as now: sent now when the window is open', () => {
		expect(decide({ date: '2026-03-01', from: '09:00', to: '18:00' })).toMatchObject({
			action: 'send-now',
			notBefore: ny('2026-03-01T00:00'),
			sendAt: NOW,
		});
	});

	it('a past date behaves as now: planned for the next opening when closed', () => {
		expect(decide({ date: '2026-03-01T10:00:00Z', from: '20:00', to: '21:00' })).toMatchObject({
			action: 'plan',
			notBefore: '2026-03-01T10:00:00.000Z',
			sendAt: ny('2026-03-10T20:00'),
		});
	});

	it('today\'s date is "that day": its window opening earlier today does not delay it', () => {
		expect(decide({ date: '2026-03-10', from: '09:00', to: '18:00' }).action).toBe('send-now');
	});
});

describe('Communication Duration', () => {
	it('expiresAt = notBefore + duration, and a start exactly at expiry is still allowed', () => {
		// Window opens 12:00 local = 16:00Z, one hour after now.
		expect(decide({ from: '12:00', to: '18:00', duration: '01:00' })).toMatchObject({
			action: 'plan',
			sendAt: '2026-03-10T16:00:00.000Z',
			expiresAt: '2026-03-10T16:00:00.000Z',
		});
	});

	it('a start one minute after expiry is expired, never sent late', () => {
		const decision = decide({ from: '12:00', to: '18:00', duration: '00:59' });
		expect(decision).toMatchObject({
			action: 'expired',
			sendAt: '2026-03-10T16:00:00.000Z',
			expiresAt: '2026-03-10T15:59:00.000Z',
		});
		expect(decision.reason).toBe(
			'Expired: the Communication Duration ended at 2026-03-10 11:59:00 America/New_York and the first allowed start is 2026-03-10 12:00:00 America/New_York.',
		);
	});

	it('counts from a past Communication Date and Time: still open', () => {
		// 09:00 local + 02:00 = 11:00 local = now exactly.
		expect(decide({ date: '2026-03-10T09:00', duration: '02:00' })).toMatchObject({
			action: 'send-now',
			sendAt: NOW,
			expiresAt: NOW,
		});
	});

	it('counts from a past Communication Date and Time: already elapsed', () => {
		const decision = decide({ date: '2026-03-10T09:00', duration: '01:59' });
		expect(decision).toMatchObject({ action: 'expired', expiresAt: ny('2026-03-10T10:59') });
		expect(decision.reason).toBe(
			'Expired: the Communication Duration ended at 2026-03-10 10:59:00 America/New_York and it is already past that.',
		);
	});

	it('a past date-only value with a one-day duration has expired', () => {
		expect(decide({ date: '2026-03-09', duration: '24:00' }).action).toBe('expired');
		expect(decide({ date: '2026-03-09', duration: '35:00' }).action).toBe('send-now');
	});

	it("durations over a day reach the next day's window", () => {
		expect(
			decide({ date: '2026-03-12T19:00', from: '09:00', to: '18:00', duration: '14:00' }),
		).toMatchObject({
			action: 'plan',
			sendAt: ny('2026-03-13T09:00'),
			expiresAt: ny('2026-03-13T09:00'),
		});
		expect(
			decide({ date: '2026-03-12T19:00', from: '09:00', to: '18:00', duration: '13:59' }).action,
		).toBe('expired');
	});
});

describe('labels and reasons', () => {
	it('describes the window with its zone', () => {
		expect(decide({ from: '09:00', to: '18:00' })).toMatchObject({
			windowLabel: '09:00-18:00 America/New_York',
			zone: 'America/New_York',
			reason: 'Sending now: inside the window 09:00-18:00 America/New_York.',
			warnings: [],
		});
		expect(decide({}).windowLabel).toBe('any time America/New_York');
		expect(decide({ from: '17:00' }).windowLabel).toBe('17:00-24:00 America/New_York');
	});

	it('says when it waits for the next opening', () => {
		expect(decide({ from: '12:00', to: '18:00' }).reason).toBe(
			'Planned for 2026-03-10 12:00:00 America/New_York: the next opening of the window 12:00-18:00 America/New_York.',
		);
		expect(decide({ date: '2026-03-12T10:00', from: '09:00', to: '18:00' }).reason).toBe(
			'Planned for 2026-03-12 10:00:00 America/New_York: the Communication Date and Time, inside the window 09:00-18:00 America/New_York.',
		);
	});

	it('returns ISO UTC strings and no bestTime field without Best Time', () => {
		const decision = decide({ date: '2026-03-12', from: '09:00', to: '18:00' });
		expect(decision.sendAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(decision).not.toHaveProperty('bestTime');
	});
});
