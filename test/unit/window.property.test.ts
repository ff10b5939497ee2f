// Property tests: over random zones, windows, clocks and dates (DST days included) no decision leaves the window.
import fc from 'fast-check';

import {
	isInsideWindow,
	resolveSendWindow,
	type SendDecision,
	type WindowContext,
	type WindowSpec,
} from '../../nodes/shared/schedule/window';

const ZONES = [
	'UTC',
	'America/New_York',
	'America/Los_Angeles',
	'America/Havana', // DST at midnight
	'America/St_Johns', // -03:30
	'America/Santiago', // DST at midnight, southern
	'America/Sao_Paulo',
	'Europe/London',
	'Europe/Berlin',
	'Europe/Chisinau', // DST at 02:00/03:00 local
	'Europe/Moscow',
	'Africa/Cairo', // DST at midnight
	'Asia/Beirut', // DST at midnight
	'Asia/Gaza',
	'Asia/Tehran', // +03:30
	'Asia/Kolkata', // +05:30
	'Asia/Kathmandu', // +05:45
	'Asia/Tokyo',
	'Australia/Sydney',
	'Australia/Adelaide', // +09:30/+10:30
	'Australia/Lord_Howe', // 30-minute DST
	'Pacific/Auckland',
	'Pacific/Chatham', // +12:45/+13:45
	'Pacific/Apia',
	'Pacific/Kiritimati', // +14
];

/** 2026 days with a DST change somewhere in the list above. */
const TRANSITION_DAYS = [
	'2026-03-08',
	'2026-03-28',
	'2026-03-29',
	'2026-04-04',
	'2026-04-05',
	'2026-04-24',
	'2026-09-06',
	'2026-09-26',
	'2026-09-27',
	'2026-10-03',
	'2026-10-04',
	'2026-10-24',
	'2026-10-25',
	'2026-10-29',
	'2026-11-01',
].map((day) => Date.parse(`${day}T00:00:00Z`));

const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_END = Date.parse('2026-12-31T00:00:00Z');
const HOUR = 3_600_000;

const GAP_ADJACENT = [
	'00:00',
	'00:30',
	'01:00',
	'01:30',
	'02:00',
	'02:30',
	'02:45',
	'03:00',
	'03:30',
	'23:00',
	'23:30',
];

const pad = (n: number) => String(n).padStart(2, '0');
const clock = fc.oneof(
	fc.constantFrom(...GAP_ADJACENT),
	fc
		.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
		.map(([h, m]) => `${pad(h)}:${pad(m)}`),
);
const optionalClock = fc.option(clock, { nil: undefined, freq: 5 });
const toClock = fc.oneof(
	{ arbitrary: optionalClock, weight: 10 },
	{ arbitrary: fc.constant('24:00'), weight: 1 },
);

/** An instant in 2026, often within a day and a half of a DST change. */
const instant = fc.oneof(
	fc.integer({ min: YEAR_START, max: YEAR_END }),
	fc
		.tuple(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: -36 * HOUR, max: 36 * HOUR }))
		.map(([day, offset]) => day + offset),
);

/** Communication Date and Time in every accepted shape, near `now`. */
function dateNear(now: number): fc.Arbitrary<unknown> {
	const near = fc
		.integer({ min: -3 * 24 * HOUR, max: 3 * 24 * HOUR })
		.map((offset) => now + offset);
	return fc.oneof(
		fc.constantFrom(undefined, '', 'today'),
		near.map((t) => new Date(t).toISOString().slice(0, 10)),
		near.map((t) => new Date(t).toISOString().slice(0, 16)),
		near.map((t) => new Date(t).toISOString()),
		near.map((t) => new Date(t)),
		near,
	);
}

const duration = fc.option(
	fc
		.tuple(fc.integer({ min: 0, max: 72 }), fc.integer({ min: 0, max: 59 }))
		.filter(([h, m]) => h + m > 0)
		.map(([h, m]) => `${pad(h)}:${pad(m)}`),
	{ nil: undefined },
);

const scenario = fc
	.record({ now: instant, zone: fc.constantFrom(...ZONES), from: optionalClock, to: toClock })
	.chain((base) =>
		fc.record({
			base: fc.constant(base),
			date: dateNear(base.now),
			duration,
			bestTime: fc.boolean(),
			participantId: fc.string({ minLength: 1, maxLength: 12 }),
			bestTimeHint: fc.option(
				fc.constantFrom<unknown>('09:30', '14:00', 2, 23, 'morning', 'evening', 'later'),
				{ nil: undefined },
			),
			historyHours: fc.option(fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 6 }), {
				nil: undefined,
			}),
		}),
	)
	.map(({ base, ...rest }) => ({
		spec: {
			date: rest.date,
			from: base.from,
			to: base.to,
			duration: rest.duration,
			bestTime: rest.bestTime,
		} as WindowSpec,
		ctx: {
			now: new Date(base.now),
			zone: base.zone,
			participantId: rest.participantId,
			bestTimeHint: rest.bestTimeHint,
			historyHours: rest.historyHours,
		} as WindowContext,
	}));

/** Independent oracle: the wall-clock minute from Intl directly, not luxon. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallMinute(millis: number, zone: string): number {
	let format = formatters.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		});
		formatters.set(zone, format);
	}
	const parts = format.formatToParts(new Date(millis));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return part('hour') * 60 + part('minute');
}

function oracleInside(millis: number, spec: WindowSpec, zone: string): boolean {
	const read = (value: string | undefined, fallback: number) => {
		if (!value) return fallback;
		const [h, m] = value.split(':').map(Number);
		return h * 60 + m;
	};
	if (!spec.from && !spec.to) return true;
	const from = read(spec.from, 0);
	const to = read(spec.to, 1440);
	const minute = wallMinute(millis, zone);
	return to <= from ? minute >= from || minute < to : minute >= from && minute < to;
}

function isEmptyWindow(spec: WindowSpec): boolean {
	const from = spec.from ?? '00:00';
	const to = spec.to ?? '24:00';
	return (
		(spec.from !== undefined || spec.to !== undefined) &&
		(from === to || (from === '00:00' && to === '00:00'))
	);
}

function decideOrEmpty({
	spec,
	ctx,
}: {
	spec: WindowSpec;
	ctx: WindowContext;
}): SendDecision | undefined {
	if (isEmptyWindow(spec)) {
		expect(() => resolveSendWindow(spec, ctx)).toThrow('so the window is empty');
		return undefined;
	}
	return resolveSendWindow(spec, ctx);
}

describe('resolveSendWindow properties', () => {
	it('never decides to send outside the window, before notBefore or after expiry', () => {
		fc.assert(
			fc.property(scenario, (input) => {
				const decision = decideOrEmpty(input);
				if (!decision) return;
				const { spec, ctx } = input;
				const now = ctx.now.getTime();
				const sendAt = Date.parse(decision.sendAt);
				const notBefore = Date.parse(decision.notBefore);
				const expiresAt = decision.expiresAt === null ? null : Date.parse(decision.expiresAt);
				if (decision.action === 'expired') {
					expect(expiresAt).not.toBeNull();
					expect(now > (expiresAt as number) || sendAt > (expiresAt as number)).toBe(true);
					return;
				}
				expect(isInsideWindow(new Date(sendAt), spec, ctx.zone)).toBe(true);
				expect(oracleInside(sendAt, spec, ctx.zone)).toBe(true);
				if (decision.action === 'send-now') expect(sendAt).toBe(now);
				else {
					expect(sendAt).toBeGreaterThan(now);
					expect(sendAt).toBeGreaterThanOrEqual(notBefore);
				}
				if (expiresAt !== null) expect(sendAt).toBeLessThanOrEqual(expiresAt);
				if (
					spec.bestTime &&
					decision.action === 'plan' &&
					!decision.reason.includes('earliest allowed time')
				) {
					// A planned best time lands exactly on the chosen local time of day.
					expect(wallMinute(sendAt, ctx.zone)).toBe(
						Number(decision.bestTime?.localTime.slice(0, 2)) * 60 +
							Number(decision.bestTime?.localTime.slice(3, 5)),
					);
				}
			}),
			{ numRuns: 4000 },
		);
	});

	it('without Best Time, plans the earliest allowed instant (nothing inside the window is skipped)', () => {
		fc.assert(
			fc.property(scenario, (input) => {
				const spec = { ...input.spec, bestTime: false, duration: undefined };
				const decision = decideOrEmpty({ spec, ctx: input.ctx });
				if (!decision) return;
				const start = Math.max(Date.parse(decision.notBefore), input.ctx.now.getTime());
				const sendAt = Date.parse(decision.sendAt);
				if (sendAt === start) return;
				// The window was entered exactly at sendAt...
				expect(oracleInside(sendAt - 1, spec, input.ctx.zone)).toBe(false);
				// ...and was closed at every minute before it.
				for (let t = start; t < sendAt; t += 60_000)
					expect(oracleInside(t, spec, input.ctx.zone)).toBe(false);
			}),
			{ numRuns: 400 },
		);
	});

	it('is deterministic and does not depend on object identity', () => {
		fc.assert(
			fc.property(scenario, (input) => {
				const first = decideOrEmpty(input);
				const again = decideOrEmpty({
					spec: { ...input.spec },
					ctx: { ...input.ctx, now: new Date(input.ctx.now.getTime()) },
				});
				expect(again).toEqual(first);
			}),
			{ numRuns: 1000 },
		);
	});
});
