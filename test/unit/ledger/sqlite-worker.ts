// Child process for the SQLite multi-process test: waits for "go", races for one send key and
// drains due rows from the shared ledger file, then prints what it won as JSON.
import { SqliteLedger } from '../../../nodes/shared/ledger/sqlite';

async function main(): Promise<void> {
	const [path, worker, dueAt] = process.argv.slice(2);
	const ledger = new SqliteLedger(path);
	await ledger.init();
	process.stdout.write('ready\n');
	await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

	const claimed: string[] = [];
	for (let i = 0; i < 10; i++) {
		const outcome = await ledger.claimSend(
			{ idempotencyKey: 'shared-key', participantId: 'p-1', channel: 'sms' },
			worker,
			60_000,
		);
		if (outcome.state === 'claimed') claimed.push(outcome.record.id);
	}
	const due: string[] = [];
	for (;;) {
		const batch = await ledger.claimDue(new Date(dueAt), worker, 3);
		if (batch.length === 0) break;
		due.push(...batch.map((row) => row.id));
	}
	await ledger.close();
	process.stdout.write(`${JSON.stringify({ claimed, due })}\n`);
	process.stdin.destroy();
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
