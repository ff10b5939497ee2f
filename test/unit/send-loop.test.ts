import { backoffDelay, runSendLoop, type SendTask } from '../../nodes/shared/pipeline/send-loop';
import { ProviderError } from '../../nodes/shared/errors';

function tasks(n: number): Array<SendTask<number>> {
	return Array.from({ length: n }, (_v, i) => ({
		itemIndex: i,
		payload: i,
		participantId: `p${i}`,
		name: 'TEST',
		channel: 'email',
	}));
}

const classify = (error: unknown) =>
	error instanceof ProviderError
		? { retry: error.transient, retryAfterMs: error.options.retryAfterMs }
		: { retry: false };

const noSleep = async () => {};

/**
 * A clock that only moves when every worker is waiting: `run` lets pending work settle, then jumps
 * to the earliest sleeper's wake-up time.
 */
function virtualClock() {
	let time = 0;
	const sleepers: Array<{ at: number; wake: () => void }> = [];
	const settle = async () => await new Promise<void>((r) => setImmediate(r));
	return {
		now: () => time,
		sleep: async (ms: number) =>
			await new Promise<void>((wake) => sleepers.push({ at: time + Math.max(0, ms), wake })),
		async run<T>(work: Promise<T>): Promise<T> {
			let done = false;
			void work.finally(() => (done = true)).catch(() => {});
			for (;;) {
				await settle();
				if (done) return await work;
				sleepers.sort((a, b) => a.at - b.at);
				const next = sleepers.shift();
				if (!next) throw new Error('virtual clock: work is waiting on something other than sleep');
				time = next.at;
				next.wake();
			}
		},
	};
}

describe('runSendLoop', () => {
	it('never has more than `concurrency` sends in flight and keeps input order', async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		const { outcomes } = await runSendLoop(
			tasks(60),
			async (payload) => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				// Later items finish sooner, so completion order differs from input order.
				await new Promise((r) => setTimeout(r, (60 - payload) % 7));
				inFlight--;
				return { providerMessageId: `m${payload}` };
			},
			{ concurrency: 5, retryCount: 0, classify },
		);
		expect(maxInFlight).toBe(5);
		expect(outcomes.map((o) => o.itemIndex)).toEqual([...Array(60).keys()]);
		expect(outcomes.map((o) => (o.kind === 'sent' ? o.value.providerMessageId : null))).toEqual(
			[...Array(60).keys()].map((i) => `m${i}`),
		);
	});

	it('spaces starts to respect Max Per Second', async () => {
		// Virtual time: the gate reads `now` and waits through `sleep`, so the spacing is exact and
		// does not depend on how fast the machine runs the workers.
		const clock = virtualClock();
		const starts: number[] = [];
		await clock.run(
			runSendLoop(
				tasks(21),
				async () => {
					starts.push(clock.now());
					return {};
				},
				{
					concurrency: 10,
					maxPerSecond: 40,
					retryCount: 0,
					classify,
					now: clock.now,
					sleep: clock.sleep,
				},
			),
		);
		// 40 per second: one start every 25 ms, 21 starts span exactly 500 ms.
		expect(starts).toEqual([...Array(21).keys()].map((i) => i * 25));
	});

	it('Max Per Second also spaces retries, and time spent sending counts towards the spacing', async () => {
		const clock = virtualClock();
		const starts: number[] = [];
		let calls = 0;
		await clock.run(
			runSendLoop(
				tasks(3),
				async () => {
					starts.push(clock.now());
					// The first send takes 30 ms of (virtual) time, then fails once transiently.
					if (++calls === 1) {
						await clock.sleep(30);
						throw new ProviderError('421', { transient: true, retryAfterMs: 0 });
					}
					return {};
				},
				{
					concurrency: 1,
					maxPerSecond: 10,
					retryCount: 1,
					classify,
					now: clock.now,
					sleep: clock.sleep,
				},
			),
		);
		// Slots every 100 ms: first attempt at 0, its retry at 100 (not 130), then items 2 and 3.
		expect(starts).toEqual([0, 100, 200, 300]);
	});

	it('retries transient errors with backoff and reports the attempts', async () => {
		const sleeps: number[] = [];
		let calls = 0;
		const { outcomes } = await runSendLoop(
			tasks(1),
			async () => {
				calls++;
				if (calls < 3) throw new ProviderError('421 try later', { transient: true });
				return { providerMessageId: 'ok' };
			},
			{
				concurrency: 1,
				retryCount: 2,
				classify,
				sleep: async (ms) => void sleeps.push(ms),
				random: () => 0.5,
				baseDelayMs: 100,
			},
		);
		expect(outcomes[0]).toMatchObject({ kind: 'sent', attempts: 3 });
		expect(sleeps).toEqual([75, 150]);
	});

	it('does not retry a permanent error', async () => {
		let calls = 0;
		const { outcomes } = await runSendLoop(
			tasks(1),
			async () => {
				calls++;
				throw new ProviderError('550 mailbox unavailable', { transient: false });
			},
			{ concurrency: 1, retryCount: 5, classify, sleep: noSleep },
		);
		expect(calls).toBe(1);
		expect(outcomes[0]).toMatchObject({ kind: 'failed', attempts: 1 });
	});

	it('gives up after Retry Count retries', async () => {
		let calls = 0;
		const { outcomes } = await runSendLoop(
			tasks(1),
			async () => {
				calls++;
				throw new ProviderError('500', { transient: true });
			},
			{ concurrency: 1, retryCount: 2, classify, sleep: noSleep },
		);
		expect(calls).toBe(3);
		expect(outcomes[0]).toMatchObject({ kind: 'failed', attempts: 3 });
	});

	it('waits exactly the provider-given Retry-After instead of the backoff', async () => {
		const sleeps: number[] = [];
		let calls = 0;
		await runSendLoop(
			tasks(1),
			async () => {
				if (++calls === 1) throw new ProviderError('429', { transient: true, retryAfterMs: 1000 });
				return {};
			},
			{ concurrency: 1, retryCount: 2, classify, sleep: async (ms) => void sleeps.push(ms) },
		);
		expect(sleeps).toEqual([1000]);
	});

	it('fails instead of stalling when Retry-After is longer than the limit', async () => {
		const { outcomes } = await runSendLoop(
			tasks(1),
			async () => {
				throw new ProviderError('429', { transient: true, retryAfterMs: 3_600_000 });
			},
			{ concurrency: 1, retryCount: 2, classify, sleep: noSleep },
		);
		expect(outcomes[0]).toMatchObject({ kind: 'failed', attempts: 1 });
	});

	it('one failing item does not stop the others', async () => {
		const { outcomes } = await runSendLoop(
			tasks(5),
			async (payload) => {
				if (payload === 2) throw new ProviderError('550', { transient: false });
				return {};
			},
			{ concurrency: 2, retryCount: 0, classify },
		);
		expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'failed', 'sent', 'sent']);
	});
});

describe('backoffDelay', () => {
	it('grows exponentially, is capped, and jitters within [half, full]', () => {
		expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
		expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
		expect(backoffDelay(4, 100, 10_000, () => 1)).toBe(800);
		expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
	});
});

describe('runSendLoop with the ledger (idempotency)', () => {
	const { mkdtempSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
	const { join } = jest.requireActual<typeof import('node:path')>('node:path');
	const { tmpdir } = jest.requireActual<typeof import('node:os')>('node:os');

	it('skips a key that is already sent and records what was sent', async () => {
		const { SqliteLedger } = await import('../../nodes/shared/ledger/sqlite');
		const ledger = new SqliteLedger(join(mkdtempSync(join(tmpdir(), 'ledger-')), 'l.sqlite'));
		await ledger.init();
		const keyed = tasks(3).map((t) => ({ ...t, idempotencyKey: `k${t.itemIndex}` }));
		const sent: number[] = [];
		const send = async (payload: number) => {
			sent.push(payload);
			return { providerMessageId: `m${payload}` };
		};
		const first = await runSendLoop(keyed.slice(0, 2), send, {
			concurrency: 2,
			retryCount: 0,
			classify,
			ledger,
		});
		expect(first.outcomes.map((o) => o.kind)).toEqual(['sent', 'sent']);
		const second = await runSendLoop(keyed, send, {
			concurrency: 2,
			retryCount: 0,
			classify,
			ledger,
		});
		expect(second.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate', 'sent']);
		expect(sent.sort()).toEqual([0, 1, 2]);
		expect((await ledger.getByKey('k0'))?.status).toBe('sent');
		expect((await ledger.getByKey('k0'))?.providerMessageId).toBe('m0');
		await ledger.close();
	});

	it('a failed key is sent again on the next run (it never reached the provider)', async () => {
		const { SqliteLedger } = await import('../../nodes/shared/ledger/sqlite');
		const ledger = new SqliteLedger(join(mkdtempSync(join(tmpdir(), 'ledger-')), 'l.sqlite'));
		await ledger.init();
		const keyed = tasks(1).map((t) => ({ ...t, idempotencyKey: 'once' }));
		let fail = true;
		const send = async () => {
			if (fail) throw new ProviderError('550', { transient: false });
			return {};
		};
		expect(
			(await runSendLoop(keyed, send, { concurrency: 1, retryCount: 0, classify, ledger }))
				.outcomes[0].kind,
		).toBe('failed');
		fail = false;
		expect(
			(await runSendLoop(keyed, send, { concurrency: 1, retryCount: 0, classify, ledger }))
				.outcomes[0].kind,
		).toBe('sent');
		await ledger.close();
	});

	it('claims and completes in one transaction per batch of keys, and records every send', async () => {
		const { SqliteLedger } = await import('../../nodes/shared/ledger/sqlite');
		const ledger = new SqliteLedger(join(mkdtempSync(join(tmpdir(), 'ledger-')), 'l.sqlite'));
		await ledger.init();
		const calls = { claimSend: 0, claimSends: 0, completeSend: 0, completeSends: 0 };
		const counted = {
			claimSend: async (...args: Parameters<typeof ledger.claimSend>) => {
				calls.claimSend++;
				return await ledger.claimSend(...args);
			},
			claimSends: async (...args: Parameters<typeof ledger.claimSends>) => {
				calls.claimSends++;
				return await ledger.claimSends(...args);
			},
			completeSend: async (...args: Parameters<typeof ledger.completeSend>) => {
				calls.completeSend++;
				return await ledger.completeSend(...args);
			},
			completeSends: async (...args: Parameters<typeof ledger.completeSends>) => {
				calls.completeSends++;
				return await ledger.completeSends(...args);
			},
		};
		const keyed = tasks(120).map((t) => ({ ...t, idempotencyKey: `k${t.itemIndex}` }));
		const send = async (payload: number) => ({ providerMessageId: `m${payload}` });
		const run = await runSendLoop(keyed, send, {
			concurrency: 5,
			retryCount: 0,
			classify,
			ledger: counted,
			now: () => 0,
		});
		expect(run.outcomes.every((o) => o.kind === 'sent')).toBe(true);
		// 120 keys: three claims of up to 50 keys, and completions stored 50 at a time.
		expect(calls).toEqual({ claimSend: 0, claimSends: 3, completeSend: 0, completeSends: 3 });
		const stored = await ledger.list({ statuses: ['sent'] });
		expect(stored.map((r) => r.providerMessageId).sort()).toEqual(
			keyed.map((t) => `m${t.itemIndex}`).sort(),
		);
		await ledger.close();
	});

	it('sends a key that repeats within one run once, and reports the repeat as already sent', async () => {
		const { SqliteLedger } = await import('../../nodes/shared/ledger/sqlite');
		const ledger = new SqliteLedger(join(mkdtempSync(join(tmpdir(), 'ledger-')), 'l.sqlite'));
		await ledger.init();
		const keyed = tasks(3).map((t) => ({ ...t, idempotencyKey: t.itemIndex === 1 ? 'k1' : 'k0' }));
		const sent: number[] = [];
		const send = async (payload: number) => {
			sent.push(payload);
			return {};
		};
		const run = await runSendLoop(keyed, send, { concurrency: 1, retryCount: 0, classify, ledger });
		expect(run.outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'duplicate']);
		expect(run.outcomes[2]).toMatchObject({ busy: false, record: { status: 'sent' } });
		expect(sent).toEqual([0, 1]);
		await ledger.close();
	});
});
