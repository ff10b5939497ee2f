// DST gaps and overlaps, half-hour offsets and 30-minute DST: the send time never leaves the window.
import {
	isInsideWindow,
	resolveSendWindow,
	type SendDecision,
	type WindowSpec,
} from '../../nodes/shared/schedule/window';

function decide(
	zone: string,
	now: string,
	spec: WindowSpec,
	extra: { bestTimeHint?: unknown } = {},
): SendDecision {
	const decision = resolveSendWindow(spec, {
		now: new Date(now),
		zone,
		participantId: 'participant-1',
		...extra,
	});
	if (decision.action !== 'expired') {
		expect(isInsideWindow(new Date(decision.sendAt), spec, zone)).toBe(true);
	}
	return decision;
}

// Transitions used below (checked against the zone data in Node 24's ICU):
//   America/New_York  2026-03-08 07:00Z  02:00 EST -> 03:00 EDT (gap 02:00-03:00)
//   America/New_York  2026-11-01 06:00Z  02:00 EDT -> 01:00 EST (01:00-02:00 twice)
//   Europe/Berlin     2026-10-25 01:00Z  03:00 CEST -> 02:00 CET (02:00-03:00 twice)
//   Australia/Sydney  2026-10-03 16:00Z  02:00 AEST -> 03:00 AEDT (gap 02:00-03:00)
//   Australia/Lord_Howe 2026-04-04 15:00Z 02:00 +11 -> 01:30 +10:30; 2026-10-03 15:30Z 02:00 +10:30 -> 02:30 +11
//   America/Santiago  2026-09-06 04:00Z  00:00 -04 -> 01:00 -03 (the day starts at 01:00)

describe('spring-forward gap', () => {
	it.each<[string, string, WindowSpec, SendDecision['action'], string]>([
		// 02:00-03:00 does not exist on 03-08: skip to 03-09 02:00 EDT.
		[
			'a window inside the gap skips the day',
			'2026-03-07T12:00:00Z',
			{ from: '02:00', to: '03:00' },
			'plan',
			'2026-03-09T06:00:00.000Z',
		],
		[
			'same, from a date-only value for the gap day',
			'2026-03-01T12:00:00Z',
			{ date: '2026-03-08', from: '02:00', to: '03:00' },
			'plan',
			'2026-03-09T06:00:00.000Z',
		],
		[
			'a window half in the gap opens at From',
			'2026-03-08T05:00:00Z',
			{ from: '01:30', to: '02:30' },
			'plan',
			'2026-03-08T06:30:00.000Z',
		],
		[
			'and is open before the jump',
			'2026-03-08T06:45:00Z',
			{ from: '01:30', to: '02:30' },
			'send-now',
			'2026-03-08T06:45:00.000Z',
		],
		[
			'but not after it (03:00 EDT is outside 01:30-02:30)',
			'2026-03-08T07:00:00Z',
			{ from: '01:30', to: '02:30' },
			'plan',
			'2026-03-09T05:30:00.000Z',
		],
		[
			'a window whose From is in the gap opens at the jump',
			'2026-03-08T05:00:00Z',
			{ from: '02:30', to: '04:00' },
			'plan',
			'2026-03-08T07:00:00.000Z',
		],
		[
			'a window ending in the gap closes at the jump',
			'2026-03-08T06:59:59Z',
			{ from: '01:00', to: '02:30' },
			'send-now',
			'2026-03-08T06:59:59.000Z',
		],
		[
			'a crossing window over the gap',
			'2026-03-08T06:30:00Z',
			{ from: '23:00', to: '02:30' },
			'send-now',
			'2026-03-08T06:30:00.000Z',
		],
		[
			'a crossing window over the gap, after the jump',
			'2026-03-08T07:00:00Z',
			{ from: '23:00', to: '02:30' },
			'plan',
			'2026-03-09T03:00:00.000Z',
		],
	])('New York: %s', (_name, now, spec, action, sendAt) => {
		expect(decide('America/New_York', now, spec)).toMatchObject({ action, sendAt });
	});

	it('Sydney: 02:00-03:00 on 2026-10-04 does not exist, so the next day', () => {
		expect(
			decide('Australia/Sydney', '2026-10-03T12:00:00Z', { from: '02:00', to: '03:00' }),
		).toMatchObject({
			action: 'plan',
			sendAt: '2026-10-04T15:00:00.000Z', // 02:00 AEDT on 10-05
		});
	});

	it('Lord Howe: its 30-minute gap 02:00-02:30 on 2026-10-04 is skipped', () => {
		expect(
			decide('Australia/Lord_Howe', '2026-10-03T12:00:00Z', { from: '02:00', to: '02:30' }),
		).toMatchObject({
			action: 'plan',
			sendAt: '2026-10-04T15:00:00.000Z', // 02:00 +11 on 10-05
		});
		// 02:00-03:00 keeps its existing half: 02:30 +11 = 15:30Z, the moment of the jump.
		expect(
			decide('Australia/Lord_Howe', '2026-10-03T12:00:00Z', { from: '02:00', to: '03:00' }).sendAt,
		).toBe('2026-10-03T15:30:00.000Z');
	});

	it('Santiago: a date-only value for the day that starts at 01:00 begins at 01:00', () => {
		expect(
			decide('America/Santiago', '2026-09-01T12:00:00Z', { date: '2026-09-06' }),
		).toMatchObject({
			notBefore: '2026-09-06T04:00:00.000Z',
			sendAt: '2026-09-06T04:00:00.000Z',
		});
	});

	it('a wall time in the gap means the first moment after it', () => {
		expect(
			decide('America/New_York', '2026-03-01T12:00:00Z', { date: '2026-03-08T02:30' }).notBefore,
		).toBe('2026-03-08T07:00:00.000Z');
	});

	it('a best time inside the gap moves to the next day', () => {
		const decision = decide(
			'America/New_York',
			'2026-03-01T12:00:00Z',
			{ date: '2026-03-08', from: '01:00', to: '04:00', bestTime: true },
			{
				bestTimeHint: '02:30',
			},
		);
		expect(decision.bestTime?.localTime).toMatch(/^02:30:/);
		expect(decision.sendAt.slice(0, 16)).toBe('2026-03-09T06:30');
	});
});

describe('fall-back overlap', () => {
	it.each<[string, string, WindowSpec, SendDecision['action'], string]>([
		[
			'opens on the first 02:00 (CEST)',
			'2026-10-24T22:00:00Z',
			{ from: '02:00', to: '03:00' },
			'plan',
			'2026-10-25T00:00:00.000Z',
		],
		[
			'is open on the first pass',
			'2026-10-25T00:30:00Z',
			{ from: '02:00', to: '03:00' },
			'send-now',
			'2026-10-25T00:30:00.000Z',
		],
		[
			'is open on the second pass (02:15 CET)',
			'2026-10-25T01:15:00Z',
			{ from: '02:00', to: '03:00' },
			'send-now',
			'2026-10-25T01:15:00.000Z',
		],
		[
			'closes at 03:00 CET',
			'2026-10-25T02:00:00Z',
			{ from: '02:00', to: '03:00' },
			'plan',
			'2026-10-26T01:00:00.000Z',
		],
		// 02:30-03:30: out at 03:00 CEST -> 02:00 CET, back in at 02:30 CET.
		[
			're-enters at the second 02:30',
			'2026-10-25T01:10:00Z',
			{ from: '02:30', to: '03:30' },
			'plan',
			'2026-10-25T01:30:00.000Z',
		],
		// 02:00-02:30: at 02:45 CEST it is closed, the jump back to 02:00 CET reopens it.
		[
			'reopens at the jump back',
			'2026-10-25T00:45:00Z',
			{ from: '02:00', to: '02:30' },
			'plan',
			'2026-10-25T01:00:00.000Z',
		],
	])('Berlin 2026-10-25: %s', (_name, now, spec, action, sendAt) => {
		expect(decide('Europe/Berlin', now, spec)).toMatchObject({ action, sendAt });
	});

	it('New York 2026-11-01: 01:00-02:00 runs two hours of real time', () => {
		const spec = { from: '01:00', to: '02:00' };
		expect(decide('America/New_York', '2026-11-01T04:30:00Z', spec)).toMatchObject({
			action: 'plan',
			sendAt: '2026-11-01T05:00:00.000Z',
		});
		expect(decide('America/New_York', '2026-11-01T06:59:00Z', spec).action).toBe('send-now');
		expect(decide('America/New_York', '2026-11-01T07:00:00Z', spec).sendAt).toBe(
			'2026-11-02T06:00:00.000Z',
		);
	});

	it('Lord Howe: its 30-minute overlap keeps 01:30-02:00 open for an hour', () => {
		const spec = { from: '01:30', to: '02:00' };
		expect(decide('Australia/Lord_Howe', '2026-04-04T14:45:00Z', spec).action).toBe('send-now'); // 01:45 +11
		expect(decide('Australia/Lord_Howe', '2026-04-04T15:10:00Z', spec).action).toBe('send-now'); // 01:40 +10:30
		expect(decide('Australia/Lord_Howe', '2026-04-04T15:30:00Z', spec).sendAt).toBe(
			'2026-04-05T15:00:00.000Z',
		);
	});

	it('a wall time in the overlap means its first occurrence', () => {
		expect(
			decide('Europe/Berlin', '2026-10-01T00:00:00Z', { date: '2026-10-25T02:30' }).notBefore,
		).toBe('2026-10-25T00:30:00.000Z');
	});

	it('a Duration counts real time across the overlap', () => {
		// 00:00 CEST + 04:00 = 03:00 CET (02:00Z): a 03:00-04:00 window opening then is just in time.
		expect(
			decide('Europe/Berlin', '2026-10-20T00:00:00Z', {
				date: '2026-10-25',
				from: '03:00',
				to: '04:00',
				duration: '04:00',
			}),
		).toMatchObject({
			action: 'plan',
			sendAt: '2026-10-25T02:00:00.000Z',
			expiresAt: '2026-10-25T02:00:00.000Z',
		});
	});
});

describe('other offsets', () => {
	it('Asia/Kolkata (UTC+05:30): 09:00-18:00 after hours opens at 03:30Z next day', () => {
		expect(
			decide('Asia/Kolkata', '2026-03-10T15:00:00Z', { from: '09:00', to: '18:00' }),
		).toMatchObject({
			action: 'plan',
			sendAt: '2026-03-11T03:30:00.000Z',
			windowLabel: '09:00-18:00 Asia/Kolkata',
		});
		expect(
			decide('Asia/Kolkata', '2026-03-11T03:29:59Z', { from: '09:00', to: '18:00' }).sendAt,
		).toBe('2026-03-11T03:30:00.000Z');
		expect(
			decide('Asia/Kolkata', '2026-03-11T03:30:00Z', { from: '09:00', to: '18:00' }).action,
		).toBe('send-now');
	});

	it('Australia/Sydney: a date-only value on the DST start day is 00:00 AEST', () => {
		expect(
			decide('Australia/Sydney', '2026-10-01T00:00:00Z', {
				date: '2026-10-04',
				from: '09:00',
				to: '17:00',
			}),
		).toMatchObject({
			notBefore: '2026-10-03T14:00:00.000Z',
			sendAt: '2026-10-03T22:00:00.000Z', // 09:00 AEDT
		});
	});

	it('Asia/Kathmandu (UTC+05:45) keeps the quarter hour', () => {
		expect(
			decide('Asia/Kathmandu', '2026-06-01T00:00:00Z', { from: '09:00', to: '10:00' }).sendAt,
		).toBe('2026-06-01T03:15:00.000Z');
	});
});
