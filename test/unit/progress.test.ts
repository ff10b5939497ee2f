// The first n8n install reports its phase, elapsed time and what is left, one line per interval, none after it ends.
import { formatDuration, progressLine, withProgress } from '../../scripts/n8n/progress';

describe('install progress', () => {
	afterEach(() => jest.useRealTimers());

	it('formats durations as minutes and seconds', () => {
		expect(formatDuration(4_400)).toBe('4s');
		expect(formatDuration(185_000)).toBe('3m 05s');
	});

	it('says the step, the phase, the elapsed time, the measured progress and what comes next', () => {
		const line = progressLine(
			{
				phase: 'npm install n8n',
				step: [1, 3],
				detail: () => '812 of ~1519 packages unpacked',
				next: 'build sqlite3',
			},
			125_000,
		);
		expect(line).toBe(
			'  [1/3] npm install n8n: 2m 05s elapsed, 812 of ~1519 packages unpacked; then build sqlite3',
		);
	});

	it('logs one line per interval while the step runs and stops when it ends', async () => {
		jest.useFakeTimers();
		let clock = 0;
		const lines: string[] = [];
		let finish: () => void = () => undefined;
		const step = withProgress(
			(line) => lines.push(line),
			{ phase: 'npm install n8n', step: [1, 3], next: 'build sqlite3' },
			() => new Promise<void>((resolvePromise) => (finish = resolvePromise)),
			{ everyMs: 10_000, now: () => clock },
		);
		for (let tick = 0; tick < 3; tick++) {
			clock += 10_000;
			jest.advanceTimersByTime(10_000);
		}
		finish();
		await step;
		jest.advanceTimersByTime(60_000);
		expect(lines).toEqual([
			'  [1/3] npm install n8n: 10s elapsed; then build sqlite3',
			'  [1/3] npm install n8n: 20s elapsed; then build sqlite3',
			'  [1/3] npm install n8n: 30s elapsed; then build sqlite3',
		]);
	});
});
