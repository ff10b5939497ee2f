// Planning and resuming on a real SQLite ledger: planned rows and the batch record, the
// validated payload readers, and what a resume sends, expires, skips and finally outputs.
import { loadParticipant } from '../../nodes/shared/participant';
import type { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { buildCommunicationResult } from '../../nodes/shared/pipeline/result';
import { readBatchPayload, readPlannedPayload } from '../../nodes/shared/schedule/payloads';
import {
	planCommunications,
	recordBatch,
	type PlannedItem,
} from '../../nodes/shared/schedule/plan';
import { resumeDue } from '../../nodes/shared/schedule/resume-due';
import { ITEM_SETTINGS, openLedger, scriptedRunner, SETTINGS } from './pipeline-support';

let ledger: SqliteLedger;
let dispose: () => Promise<void>;
beforeEach(async () => ({ ledger, dispose } = await openLedger()));
afterEach(async () => await dispose());

const T0 = Date.parse('2026-06-10T14:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const scope = { workflowId: 'wf', executionId: 'ex1', nodeName: 'Email' };

function plan(itemIndex: number, email: string, extra: Partial<PlannedItem> = {}): PlannedItem {
	return {
		itemIndex,
		idempotencyKey: `wf:ex1:Email:${itemIndex}`,
		decision: {
			action: 'plan',
			sendAt: at(60),
			notBefore: at(0),
			expiresAt: null,
			zone: 'UTC',
			windowLabel: '16:00-18:00 UTC',
			reason: 'the window opens at 16:00',
			warnings: [],
		},
		name: 'REMINDER',
		participantId: `p${itemIndex}`,
		prepared: { payload: email, to: [email], warnings: [] },
		recorded: { params: { body: email }, binaries: {} },
		item: { json: { id: `p${itemIndex}`, email } },
		settings: ITEM_SETTINGS,
		warnings: ['planned-warning'],
		...extra,
	};
}

async function planned(plans: PlannedItem[]) {
	const results = await planCommunications(ledger, 'email', plans, {
		...scope,
		resumeUrl: 'https://n8n.test/r?signature=s',
	});
	const sentEarlier = buildCommunicationResult({ channel: 'email', status: 'sent' });
	await recordBatch(ledger, { ...scope, resumeUrl: 'https://n8n.test/r?signature=s' }, [
		{
			itemIndex: 0,
			item: { json: { id: 'p0' } },
			result: sentEarlier,
			resultField: 'communication',
		},
	]);
	const batch = readBatchPayload((await ledger.getBatch('ex1', 'Email'))!.payload)!;
	return { results, batch };
}

describe('planning', () => {
	it('stores planned rows with a readable payload and one batch record, reporting scheduled', async () => {
		const { results, batch } = await planned([plan(1, 'b@x.test')]);
		expect(results.get(1)).toMatchObject({
			status: 'scheduled',
			scheduledFor: at(60),
			warnings: ['planned-warning', 'the window opens at 16:00'],
		});
		const [row] = await ledger.list({ executionId: 'ex1' });
		expect(readPlannedPayload(row.payload)).toMatchObject({
			to: ['b@x.test'],
			settings: ITEM_SETTINGS,
		});
		expect(batch.items.map((i) => i.itemIndex)).toEqual([0]);
	});

	it('refuses malformed payloads instead of trusting them', () => {
		expect(readPlannedPayload(null)).toBeNull();
		expect(readPlannedPayload({ kind: 'planned', item: { json: {} } })).toBeNull();
		expect(readBatchPayload({ kind: 'batch', items: [{ itemIndex: 'x' }] })).toBeNull();
		expect(readBatchPayload({ kind: 'batch', items: [] })).toEqual({ kind: 'batch', items: [] });
	});
});

describe('resumeDue', () => {
	it('sends what is due, keeps waiting for the rest, then outputs every item in order', async () => {
		const { batch } = await planned([
			plan(1, 'b@x.test'),
			plan(2, 'c@x.test', { decision: { ...plan(2, '').decision, sendAt: at(120) } }),
		]);
		const { runner, sent, closes } = scriptedRunner();
		const options = { settings: SETTINGS };
		const early = await resumeDue(ledger, runner, batch, scope, {
			...options,
			now: T0 + 30 * 60_000,
		});
		expect(early).toEqual({ waiting: true, planned: 2, sentNow: 0 });

		const first = await resumeDue(ledger, runner, batch, scope, {
			...options,
			now: T0 + 61 * 60_000,
		});
		expect(first).toEqual({ waiting: true, planned: 1, sentNow: 1 });
		expect(sent).toEqual(['b@x.test']);

		const done = await resumeDue(ledger, runner, batch, scope, {
			...options,
			now: T0 + 121 * 60_000,
		});
		if (done.waiting) throw new Error('still waiting');
		expect(done.entries.map((e) => [e.itemIndex, e.result.status])).toEqual(
			expect.arrayContaining([
				[0, 'sent'],
				[1, 'sent'],
				[2, 'sent'],
			]),
		);
		const second = done.entries.find((e) => e.itemIndex === 2);
		expect(second?.result).toMatchObject({ scheduledFor: at(120), warnings: ['planned-warning'] });
		expect(closes).toEqual([]); // the caller owns the runner's lifecycle
	});

	it('fails an item whose prepare throws, expires one past its duration, and skips an opted-out one', async () => {
		const { batch } = await planned([
			plan(1, 'b@x.test'),
			plan(2, 'c@x.test', { decision: { ...plan(2, '').decision, expiresAt: at(30) } }),
			plan(3, 'd@x.test'),
		]);
		await ledger.updateProfile('p1', { bad: true });
		await ledger.updateProfile('p3', { dnd: true });
		const { runner, sent } = scriptedRunner();
		const done = await resumeDue(ledger, runner, batch, scope, {
			settings: SETTINGS,
			now: T0 + 61 * 60_000,
		});
		if (done.waiting) throw new Error('still waiting');
		expect(sent).toEqual([]);
		const byIndex = new Map(done.entries.map((e) => [e.itemIndex, e]));
		expect(byIndex.get(1)).toMatchObject({
			result: { status: 'failed' },
			error: 'bad input with ***',
		});
		expect(byIndex.get(2)?.result.status).toBe('expired');
		expect(byIndex.get(3)?.result).toMatchObject({ status: 'skipped' });
		expect(byIndex.get(3)?.result.warnings.at(-1)).toMatch(/'dnd' is true/);
	});
});

describe('loadParticipant', () => {
	it('overlays the stored contact profile and the customer profile under `customer`', async () => {
		await ledger.updateProfile('p1', { first_name: 'Lena', customer_id: 'acme' });
		await ledger.updateProfile('customer:acme', { plan: 'gold' });
		expect(await loadParticipant(ledger, 'p1', { first_name: 'L', customer: { size: 3 } })).toEqual(
			{ first_name: 'Lena', customer_id: 'acme', customer: { size: 3, plan: 'gold' } },
		);
		expect(await loadParticipant(ledger, '', { a: 1 })).toEqual({ a: 1 });
	});
});
