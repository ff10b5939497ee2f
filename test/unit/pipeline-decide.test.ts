// The schedule decision of one item with an injected clock: history-based best time, and a
// Schedule section holding only Customer Context (sent at once).
import { customerContextOf, decideSchedule } from '../../nodes/shared/schedule/decide';

const now = new Date('2026-06-10T06:00:00Z'); // 08:00 in Berlin
const item = { itemIndex: 0, participantId: 'p1', participant: { timezone: 'Europe/Berlin' } };
const window = { from: '09:00', to: '18:00', bestTime: true };

describe('decideSchedule', () => {
	it("picks the hour the participant answered most often, in the participant's zone", () => {
		const answered = ['2026-06-01T13:10:00Z', '2026-06-02T13:40:00Z', '2026-06-03T08:00:00Z'];
		const decision = decideSchedule(item, window, {}, now, answered);
		expect(decision).toMatchObject({ action: 'plan', bestTime: { source: 'history' } });
		expect(decision?.bestTime?.localTime).toMatch(/^15:/);
	});

	it('falls back to spreading participants without any history', () => {
		const decision = decideSchedule(item, window, {}, now, []);
		expect(decision?.bestTime?.source).toBe('spread');
	});

	it('sends at once when the section holds only Customer Context, whose attributes still parse', () => {
		const schedule = { customerContext: '{"plan": "gold"}' };
		expect(decideSchedule(item, schedule, {}, now)).toBeNull();
		expect(customerContextOf(schedule)).toEqual({ plan: 'gold' });
		expect(() => customerContextOf({ customerContext: '[1]' })).toThrow(/JSON object/);
	});
});
