// The pipeline's shared phases on a real SQLite ledger: send what is due, output items, and the
// runner's lifecycle.
import {
	outputItems,
	runnerLifecycle,
	sendWhatIsDue,
	type DueSend,
} from '../../nodes/shared/pipeline';
import { buildCommunicationResult } from '../../nodes/shared/pipeline/result';
import type { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { openLedger, scriptedRunner, SETTINGS } from './pipeline-support';

let ledger: SqliteLedger;
let dispose: () => Promise<void>;
beforeEach(async () => ({ ledger, dispose } = await openLedger()));
afterEach(async () => await dispose());

function due(itemIndex: number, payload: string, key = `k-${itemIndex}`): DueSend<string> {
	return {
		task: {
			itemIndex,
			payload,
			idempotencyKey: key,
			participantId: `p${itemIndex}`,
			name: 'WELCOME',
			channel: 'email',
		},
		prepared: { payload, to: [`${payload}@x.test`], warnings: ['prepared'] },
		output: 'Sent',
	};
}

describe('sendWhatIsDue', () => {
	it('builds each result once, stores it with the redacted error, and never sends a key twice', async () => {
		const { runner, sent } = scriptedRunner();
		const first = await sendWhatIsDue([due(0, 'a'), due(1, 'fail')], runner, ledger, SETTINGS);
		expect(sent).toEqual(['a']);
		expect(first.outcomes.get(0)).toMatchObject({
			result: {
				status: 'sent',
				name: 'WELCOME',
				providerMessageId: 'id-a',
				warnings: ['prepared'],
			},
		});
		expect(first.outcomes.get(1)?.result.status).toBe('failed');
		expect(first.outcomes.get(1)?.error).toBeInstanceOf(Error);
		const failedRow = await ledger.getByKey('k-1');
		expect(failedRow?.result).toMatchObject({ status: 'failed', error: 'refused ***' });
		expect((await ledger.getByKey('k-0'))?.result).toMatchObject({ status: 'sent' });

		const again = await sendWhatIsDue([due(0, 'a')], runner, ledger, SETTINGS);
		expect(sent).toEqual(['a']);
		expect(again.outcomes.get(0)?.result).toMatchObject({ status: 'sent' });
		expect(again.outcomes.get(0)?.result.warnings.at(-1)).toMatch(/Already sent earlier/);
	});

	it('returns at once with nothing due', async () => {
		const { runner } = scriptedRunner();
		const none = await sendWhatIsDue([], runner, ledger, SETTINGS);
		expect(none.outcomes.size).toBe(0);
	});
});

describe('outputItems', () => {
	const result = buildCommunicationResult({ channel: 'email', status: 'sent' });
	const entries = [
		{ itemIndex: 1, item: { json: { id: 'b' } }, field: 'communication', result, error: 'No' },
		{ itemIndex: 0, item: { json: { id: 'a' } }, field: 'out', result },
	];

	it('keeps input order and puts failed items on the regular output without an error output', () => {
		const [main] = outputItems(entries, { toErrorOutput: false, errorRouting: 'engine' });
		expect(main.map((i) => [i.json.id, i.json.error, i.pairedItem])).toEqual([
			['a', undefined, { item: 0 }],
			['b', 'No', { item: 1 }],
		]);
		expect(main[0].json.out).toEqual(result);
	});

	it('leaves error routing to the engine after execute(), and does it itself for a webhook', () => {
		const engine = outputItems(entries, { toErrorOutput: true, errorRouting: 'engine' });
		expect(engine).toHaveLength(1);
		expect(engine[0][1]).toEqual({ json: { error: 'No' }, pairedItem: { item: 1 } });
		const own = outputItems(entries, { toErrorOutput: true, errorRouting: 'node' });
		expect(own[0].map((i) => i.json.id)).toEqual(['a']);
		expect(own[1]).toEqual([{ json: { id: 'b', error: 'No' }, pairedItem: { item: 1 } }]);
	});
});

describe('runnerLifecycle', () => {
	it('closes once however often it is released', async () => {
		const { runner, closes } = scriptedRunner();
		const lifecycle = runnerLifecycle(runner);
		await lifecycle.release();
		await lifecycle.release();
		expect(closes).toEqual(['close']);
	});

	it('leaves the close to background delivery once handed over', async () => {
		const { runner, closes } = scriptedRunner();
		const lifecycle = runnerLifecycle(runner);
		let finish: () => void = () => undefined;
		lifecycle.handOver(new Promise<void>((resolve) => (finish = resolve)));
		await lifecycle.release();
		expect(closes).toEqual([]);
		finish();
		await new Promise((resolve) => setImmediate(resolve));
		expect(closes).toEqual(['close']);
	});
});
