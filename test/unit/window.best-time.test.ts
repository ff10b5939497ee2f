// Best Time to Contact: history, best_time_to_contact hints, deterministic spread, and when it sends now.
import { DateTime } from 'luxon';

import {
	chooseBestTime,
	hashParticipantId,
	resolveSendWindow,
	type WindowContext,
	type WindowSpec,
} from '../../nodes/shared/schedule/window';
import { parseWindow } from '../../nodes/shared/schedule/window/inputs';

/** Tuesday 2026-03-10 11:00 in New York. */
const NOW = '2026-03-10T15:00:00.000Z';
const NY = 'America/New_York';
const OFFICE = parseWindow({ from: '09:00', to: '18:00' });
const NIGHT = parseWindow({ from: '22:00', to: '06:00' });

function decide(spec: WindowSpec, ctx: Partial<WindowContext> & { now?: Date } = {}) {
	return resolveSendWindow(
		{ bestTime: true, ...spec },
		{ now: new Date(NOW), zone: NY, participantId: 'participant-1', ...ctx },
	);
}

function ny(local: string): string {
	return DateTime.fromISO(local, { zone: NY }).toUTC().toISO() as string;
}

function minuteOf(secondOfDay: number): number {
	return Math.floor(secondOfDay / 60);
}

describe('chooseBestTime', () => {
	it.each<[string, number[], number, number]>([
		['most frequent hour wins', [14, 14, 10, 16], 14 * 60, 15 * 60],
		['ties go to the earliest hour of the window', [15, 10, 15, 10], 10 * 60, 11 * 60],
		['hours outside the window are ignored', [7, 7, 7, 20, 15], 15 * 60, 16 * 60],
		['invalid entries are ignored', [25, -1, 3.5, Number.NaN, 12], 12 * 60, 13 * 60],
	])('history: %s', (_name, hours, lo, hi) => {
		const choice = chooseBestTime(OFFICE, 'p-1', undefined, hours);
		expect(choice.source).toBe('history');
		expect(minuteOf(choice.secondOfDay)).toBeGreaterThanOrEqual(lo);
		expect(minuteOf(choice.secondOfDay)).toBeLessThan(hi);
	});

	it('history ties in a window crossing midnight go to the hour nearest From (23 before 01)', () => {
		const choice = chooseBestTime(NIGHT, 'p-1', undefined, [1, 23]);
		expect(minuteOf(choice.secondOfDay)).toBeGreaterThanOrEqual(23 * 60);
	});

	it('an hour only partly inside the window is clipped to the window', () => {
		const window = parseWindow({ from: '09:30', to: '18:00' });
		for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
			const minute = minuteOf(chooseBestTime(window, id, undefined, [9]).secondOfDay);
			expect(minute).toBeGreaterThanOrEqual(9 * 60 + 30);
			expect(minute).toBeLessThan(10 * 60);
		}
	});

	it('history beats the best_time_to_contact hint', () => {
		expect(chooseBestTime(OFFICE, 'p-1', '10:00', [16]).source).toBe('history');
	});

	it.each<[string, unknown, number, number]>([
		['HH:MM is that minute', '14:30', 14 * 60 + 30, 14 * 60 + 31],
		['H:MM works too', '9:15', 9 * 60 + 15, 9 * 60 + 16],
		['an hour number', 15, 15 * 60, 16 * 60],
		['an hour as text', '15', 15 * 60, 16 * 60],
		['morning (clipped to 09:00)', 'Morning', 9 * 60, 12 * 60],
		['afternoon', 'afternoon', 12 * 60, 17 * 60],
		['evening (clipped to 18:00)', ' evening ', 17 * 60, 18 * 60],
	])('hint: %s', (_name, hint, lo, hi) => {
		for (const id of ['a', 'b', 'c', 'd']) {
			const choice = chooseBestTime(OFFICE, id, hint, []);
			expect(choice).toMatchObject({ source: 'hint', warnings: [] });
			expect(minuteOf(choice.secondOfDay)).toBeGreaterThanOrEqual(lo);
			expect(minuteOf(choice.secondOfDay)).toBeLessThan(hi);
		}
	});

	it.each<[unknown, string]>([
		['07:00', "best_time_to_contact '07:00' is outside the window 09:00-18:00; ignored"],
		[20, 'best_time_to_contact 20 is outside the window 09:00-18:00; ignored'],
		[
			'soon',
			"best_time_to_contact 'soon' is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored",
		],
		[
			'25:00',
			"best_time_to_contact '25:00' is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored",
		],
		[
			24,
			'best_time_to_contact 24 is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored',
		],
		[
			{},
			'best_time_to_contact [object Object] is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored',
		],
	])('an unusable hint %p falls back to the spread with a warning', (hint, warning) => {
		const choice = chooseBestTime(OFFICE, 'p-1', hint, []);
		expect(choice.source).toBe('spread');
		expect(choice.warnings).toEqual([warning]);
		expect(choice.secondOfDay).toBe(chooseBestTime(OFFICE, 'p-1', undefined, []).secondOfDay);
	});

	it.each([undefined, null, '', '  '])('no hint (%p) spreads silently', (hint) => {
		expect(chooseBestTime(OFFICE, 'p-1', hint, [])).toMatchObject({
			source: 'spread',
			warnings: [],
		});
	});

	it('the spread is deterministic per participant ID', () => {
		expect(hashParticipantId('participant-42')).toBe(hashParticipantId('participant-42'));
		expect(chooseBestTime(OFFICE, 'participant-42', undefined).secondOfDay).toBe(
			chooseBestTime(OFFICE, 'participant-42', undefined).secondOfDay,
		);
		expect(chooseBestTime(OFFICE, 'participant-42', undefined).secondOfDay).not.toBe(
			chooseBestTime(OFFICE, 'participant-43', undefined).secondOfDay,
		);
	});

	it('10,000 participants spread evenly over the window, to the second', () => {
		const perMinute = new Map<number, number>();
		const perSecond = new Map<number, number>();
		for (let i = 0; i < 10_000; i++) {
			const { secondOfDay } = chooseBestTime(OFFICE, `contact-${i}`, undefined);
			expect(secondOfDay).toBeGreaterThanOrEqual(9 * 3600);
			expect(secondOfDay).toBeLessThan(18 * 3600);
			perMinute.set(minuteOf(secondOfDay), (perMinute.get(minuteOf(secondOfDay)) ?? 0) + 1);
			perSecond.set(secondOfDay, (perSecond.get(secondOfDay) ?? 0) + 1);
		}
		const mean = 10_000 / (9 * 60);
		expect(perMinute.size).toBe(9 * 60);
		expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(3 * mean);
		// 10,000 draws over 32,400 seconds leave ~8,600 distinct seconds; a clumped spread far fewer.
		expect(perSecond.size).toBeGreaterThan(8_000);
		expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(6);
		expect(new Set([...perSecond.keys()].map((s) => s % 60)).size).toBe(60);
	});

	it('the spread covers both sides of midnight in a crossing window', () => {
		let before = 0;
		let after = 0;
		for (let i = 0; i < 2_000; i++) {
			const minute = minuteOf(chooseBestTime(NIGHT, `c-${i}`, undefined).secondOfDay);
			if (minute >= 22 * 60) before++;
			else if (minute < 6 * 60) after++;
			else throw new Error(`minute ${minute} is outside 22:00-06:00`);
		}
		// 2 of 8 hours are before midnight.
		expect(before / 2_000).toBeGreaterThan(0.2);
		expect(before / 2_000).toBeLessThan(0.3);
		expect(before + after).toBe(2_000);
	});

	it('without a window the spread covers the whole day', () => {
		const hours = new Set<number>();
		for (let i = 0; i < 500; i++)
			hours.add(Math.floor(chooseBestTime(null, `c-${i}`, undefined).secondOfDay / 3600));
		expect(hours.size).toBe(24);
	});
});

describe('resolveSendWindow with Best Time', () => {
	it('plans at the history hour later today', () => {
		const decision = decide({ from: '09:00', to: '18:00' }, { historyHours: [14, 14, 9] });
		expect(decision.action).toBe('plan');
		expect(decision.bestTime?.source).toBe('history');
		expect(decision.bestTime?.localTime).toMatch(/^14:/);
		expect(decision.sendAt).toBe(ny(`2026-03-10T${decision.bestTime?.localTime}`));
		expect(decision.reason).toBe(
			`Planned for 2026-03-10 ${decision.bestTime?.localTime} America/New_York: the best time ${decision.bestTime?.localTime} (from past replies) within 09:00-18:00 America/New_York.`,
		);
	});

	it('with Today, a best time already passed today moves to tomorrow', () => {
		const decision = decide({ from: '09:00', to: '18:00' }, { bestTimeHint: '09:30' });
		expect(decision.action).toBe('plan');
		expect(decision.sendAt.slice(0, 16)).toBe(ny('2026-03-11T09:30').slice(0, 16));
	});

	it('with a date-only value for today, a passed best time sends now while the window is open', () => {
		const decision = decide(
			{ date: '2026-03-10', from: '09:00', to: '18:00' },
			{ bestTimeHint: '09:30' },
		);
		expect(decision).toMatchObject({ action: 'send-now', sendAt: NOW });
		expect(decision.reason).toContain('has passed but this window is still open');
	});

	it("with a date-only value for today, once the window closed it is the next day's best time", () => {
		const decision = decide(
			{ date: '2026-03-10', from: '09:00', to: '18:00' },
			{ bestTimeHint: '09:30', now: new Date(ny('2026-03-10T19:00')) },
		);
		expect(decision.action).toBe('plan');
		expect(decision.sendAt.slice(0, 16)).toBe(ny('2026-03-11T09:30').slice(0, 16));
	});

	it('a crossing window: a target after midnight belongs to the occurrence that opened the evening before', () => {
		// now 02:00 on 03-11, inside the 22:00 (03-10) - 06:00 occurrence; the 01:xx target passed.
		const now = new Date(ny('2026-03-11T02:00'));
		const sendNow = decide(
			{ date: '2026-03-10', from: '22:00', to: '06:00' },
			{ bestTimeHint: '01:00', now },
		);
		expect(sendNow).toMatchObject({ action: 'send-now', sendAt: now.toISOString() });
		// at 23:00 on 03-10 the 01:xx target of this occurrence is still ahead.
		const later = decide(
			{ date: '2026-03-10', from: '22:00', to: '06:00' },
			{ bestTimeHint: '01:00', now: new Date(ny('2026-03-10T23:00')) },
		);
		expect(later.action).toBe('plan');
		expect(later.sendAt.slice(0, 16)).toBe(ny('2026-03-11T01:00').slice(0, 16));
	});

	it('a future date plans at the best time of that day', () => {
		const decision = decide(
			{ date: '2026-03-12', from: '09:00', to: '18:00' },
			{ bestTimeHint: 'afternoon' },
		);
		const local = DateTime.fromISO(decision.sendAt, { zone: NY });
		expect(decision.action).toBe('plan');
		expect(local.toISODate()).toBe('2026-03-12');
		expect(local.hour).toBeGreaterThanOrEqual(12);
		expect(local.hour).toBeLessThan(17);
	});

	it('without From/To the whole day is allowed', () => {
		const decision = decide({ date: '2026-03-12' }, { bestTimeHint: '03:15' });
		expect(decision.windowLabel).toBe('any time America/New_York');
		expect(decision.sendAt.slice(0, 16)).toBe(ny('2026-03-12T03:15').slice(0, 16));
	});

	it('falls back to the earliest allowed time when the best time is after expiry', () => {
		const decision = decide(
			{ date: '2026-03-11', from: '09:00', to: '18:00', duration: '10:00' },
			{ bestTimeHint: '17:00' },
		);
		expect(decision).toMatchObject({
			action: 'plan',
			sendAt: ny('2026-03-11T09:00'),
			expiresAt: ny('2026-03-11T10:00'),
		});
		expect(decision.reason).toContain(
			'is after the Communication Duration ends, so the earliest allowed time is used',
		);
	});

	it('expires when even the earliest allowed time is after expiry', () => {
		const decision = decide(
			{ date: '2026-03-11', from: '09:00', to: '18:00', duration: '08:30' },
			{ bestTimeHint: '17:00' },
		);
		expect(decision.action).toBe('expired');
	});

	it('passes hint warnings through and reports the chosen time', () => {
		const decision = decide(
			{ date: '2026-03-12', from: '09:00', to: '18:00' },
			{ bestTimeHint: 'whenever', participantId: 'p-9' },
		);
		expect(decision.warnings).toEqual([
			"best_time_to_contact 'whenever' is not HH:MM, an hour 0-23, morning, afternoon or evening; ignored",
		]);
		expect(decision.bestTime?.source).toBe('spread');
		expect(DateTime.fromISO(decision.sendAt, { zone: NY }).toFormat('HH:mm:ss')).toBe(
			decision.bestTime?.localTime,
		);
	});

	it('is deterministic', () => {
		const spec = { date: '2026-03-12', from: '09:00', to: '18:00' };
		expect(decide(spec, { participantId: 'x-1' })).toEqual(decide(spec, { participantId: 'x-1' }));
	});
});
