import {
	startDispatcherLoop,
	type DispatcherLoop,
} from '../../nodes/shared/schedule/dispatcher-loop';

// Real timers: the loop's whole job is when rounds happen.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Communication Dispatcher timing', () => {
	let loop: DispatcherLoop | undefined;
	afterEach(() => loop?.stop());

	function start(pollMs: number, dueTimes: number[], roundMs = 0) {
		const started = Date.now();
		const rounds: number[] = [];
		const errors: unknown[] = [];
		loop = startDispatcherLoop({
			pollMs,
			round: async () => {
				rounds.push(Date.now() - started);
				if (roundMs > 0) await sleep(roundMs);
			},
			nextDueAfter: async (now) => {
				const next = dueTimes.map((at) => started + at).find((at) => at > now.getTime());
				return next === undefined ? null : new Date(next);
			},
			onError: (error) => errors.push(error),
		});
		return { rounds, errors };
	}

	it('runs a round at the moment the next communication falls due, not at the next poll', async () => {
		const { rounds, errors } = start(60_000, [250]);
		await sleep(700);
		expect(rounds).toHaveLength(2);
		expect(rounds[0]).toBeLessThan(100);
		expect(rounds[1]).toBeGreaterThanOrEqual(250);
		expect(rounds[1]).toBeLessThan(600);
		expect(errors).toEqual([]);
	});

	it('wakes again for each later due time, and polls as before when nothing is planned', async () => {
		const { rounds } = start(400, [150, 300]);
		await sleep(950);
		// 0, 150 and 300 (due times), then 400 and 800 (polls).
		expect(rounds).toHaveLength(5);
		expect(rounds[1]).toBeGreaterThanOrEqual(150);
		expect(rounds[2]).toBeGreaterThanOrEqual(300);
		expect(rounds[2]).toBeLessThan(400);
	});

	it('leaves a due time at least one poll away to the poll', async () => {
		const { rounds } = start(200, [10_000]);
		await sleep(550);
		// 0, 200, 400: no extra round.
		expect(rounds).toHaveLength(3);
	});

	it('never overlaps rounds: a wake-up during a round becomes the next round right after it', async () => {
		const { rounds } = start(60_000, [100], 300);
		await sleep(800);
		expect(rounds).toHaveLength(2);
		// The due time came while the first round ran; the second starts when the first ends.
		expect(rounds[1]).toBeGreaterThanOrEqual(300);
		expect(rounds[1]).toBeLessThan(500);
	});

	it('reports a failing look-up or round and keeps polling; stop() ends it', async () => {
		const errors: unknown[] = [];
		let rounds = 0;
		loop = startDispatcherLoop({
			pollMs: 100,
			round: async () => {
				rounds++;
				if (rounds === 2) throw new Error('round failed');
			},
			nextDueAfter: async () => {
				throw new Error('ledger unreachable');
			},
			onError: (error) => errors.push((error as Error).message),
		});
		await sleep(350);
		expect(rounds).toBeGreaterThanOrEqual(3);
		expect(errors).toContain('round failed');
		expect(errors).toContain('ledger unreachable');
		loop.stop();
		const after = rounds;
		await sleep(250);
		expect(rounds).toBe(after);
	});
});
