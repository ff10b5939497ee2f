// Async (background) delivery when the n8n process is shutting down: sends not yet started are not
// started, and each is recorded in the ledger as failed with the reason (a re-run can send it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { runSendLoop, type SendTask } from '../../nodes/shared/pipeline/send-loop';

let folder: string;
let ledger: SqliteLedger;

beforeEach(async () => {
	folder = mkdtempSync(join(tmpdir(), 'send-loop-shutdown-'));
	ledger = new SqliteLedger(join(folder, 'ledger.sqlite'));
	await ledger.init();
});
afterEach(async () => {
	await ledger.close();
	rmSync(folder, { recursive: true, force: true });
});

const tasks: Array<SendTask<number>> = Array.from({ length: 5 }, (_v, i) => ({
	itemIndex: i,
	payload: i,
	idempotencyKey: `shutdown-${i}`,
	participantId: `p${i}`,
	name: 'SHUTDOWN',
	channel: 'email',
}));

it('stops starting background sends once the process is shutting down and records each as not delivered', async () => {
	const shutdown = { stopping: false };
	const sent: number[] = [];
	const run = await runSendLoop(
		tasks,
		async (payload) => {
			sent.push(payload);
			// The host process gets SIGTERM while the first message is on its way.
			shutdown.stopping = true;
			return { providerMessageId: `m${payload}` };
		},
		{
			concurrency: 1,
			retryCount: 0,
			classify: () => ({ retry: false }),
			ledger,
			async: true,
			shutdown,
		},
	);
	expect(run.outcomes.map((outcome) => outcome.kind)).toEqual(Array(5).fill('queued'));
	const done = await run.background;
	expect(sent).toEqual([0]);
	expect(done.map((outcome) => outcome.kind)).toEqual([
		'sent',
		'failed',
		'failed',
		'failed',
		'failed',
	]);
	expect((await ledger.getByKey('shutdown-0'))?.status).toBe('sent');
	for (const index of [1, 2, 3, 4]) {
		const row = await ledger.getByKey(`shutdown-${index}`);
		expect(row?.status).toBe('failed');
		expect(JSON.stringify(row?.result)).toContain('n8n was shutting down');
	}
	// Not delivered means sendable: a re-run claims the key again.
	const again = await ledger.claimSend(
		{ idempotencyKey: 'shutdown-1', participantId: 'p1', name: 'SHUTDOWN', channel: 'email' },
		'rerun',
		60_000,
	);
	expect(again.state).toBe('claimed');
});

it('delivers everything when no shutdown comes', async () => {
	const run = await runSendLoop(tasks, async (payload) => ({ providerMessageId: `m${payload}` }), {
		concurrency: 2,
		retryCount: 0,
		classify: () => ({ retry: false }),
		ledger,
		async: true,
		shutdown: { stopping: false },
	});
	expect((await run.background).map((outcome) => outcome.kind)).toEqual(Array(5).fill('sent'));
});
