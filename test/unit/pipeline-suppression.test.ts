// The send-time suppression check on a real SQLite ledger: one lookup per batch, opted-out
// recipients skipped with reason opted_out and recorded, or sent with a warning when allowed.
import { sendWhatIsDue, type DueSend } from '../../nodes/shared/pipeline';
import { suppressionChannelOf } from '../../nodes/shared/pipeline/suppression';
import type { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { openLedger, scriptedRunner, SETTINGS } from './pipeline-support';

let ledger: SqliteLedger;
let dispose: () => Promise<void>;
beforeEach(async () => ({ ledger, dispose } = await openLedger()));
afterEach(async () => await dispose());

const AT = new Date('2030-01-01T09:00:00Z');

function due(itemIndex: number, to: string): DueSend<string> {
	return {
		task: {
			itemIndex,
			payload: to,
			idempotencyKey: `k-${itemIndex}`,
			participantId: `p${itemIndex}`,
			name: 'NEWSLETTER',
			channel: 'email',
		},
		prepared: { payload: to, to: [to], warnings: [] },
		output: 'Sent',
	};
}

it('skips an opted-out recipient with reason opted_out, records it, and sends the others', async () => {
	await ledger.suppress({
		channel: 'email',
		address: 'ann@x.test',
		reason: 'unsubscribe',
		source: 'one_click',
		at: AT,
	});
	const { runner, sent } = scriptedRunner();
	const lookups = jest.spyOn(ledger, 'suppressedAmong');
	const batch = await sendWhatIsDue(
		[due(0, 'Ann@X.test'), due(1, 'bob@x.test'), due(2, 'cy@x.test')],
		runner,
		ledger,
		SETTINGS,
	);
	expect(lookups).toHaveBeenCalledTimes(1);
	expect(sent).toEqual(['bob@x.test', 'cy@x.test']);
	const skipped = batch.outcomes.get(0)?.result;
	expect(skipped).toMatchObject({ status: 'skipped', success: false, reason: 'opted_out' });
	expect(skipped?.warnings.at(-1)).toMatch(/ann@x\.test opted out of email \(unsubscribe/);
	expect(batch.outcomes.get(1)?.result.status).toBe('sent');
	const row = await ledger.getByKey('k-0');
	expect(row).toMatchObject({ status: 'skipped', result: { reason: 'opted_out' } });
	expect(skipped?.id).toBe(row?.id);
});

it('sends to an opted-out recipient with a warning when Send to Suppressed Contacts is on', async () => {
	await ledger.suppress({ channel: 'email', address: 'ann@x.test', reason: 'bounce', at: AT });
	const { runner, sent } = scriptedRunner();
	const batch = await sendWhatIsDue([due(0, 'ann@x.test')], runner, ledger, {
		...SETTINGS,
		sendToSuppressed: true,
	});
	expect(sent).toEqual(['ann@x.test']);
	const result = batch.outcomes.get(0)?.result;
	expect(result?.status).toBe('sent');
	expect(result?.warnings.join(' ')).toMatch(/Sent although ann@x\.test opted out of email/);
});

it('leaves a key that was already sent to the send loop (reported as a duplicate, not re-sent)', async () => {
	const { runner, sent } = scriptedRunner();
	await sendWhatIsDue([due(0, 'ann@x.test')], runner, ledger, SETTINGS);
	await ledger.suppress({ channel: 'email', address: 'ann@x.test', reason: 'manual', at: AT });
	const again = await sendWhatIsDue([due(0, 'ann@x.test')], runner, ledger, SETTINGS);
	expect(sent).toEqual(['ann@x.test']);
	expect(again.outcomes.get(0)?.result.warnings.at(-1)).toMatch(/Already sent earlier/);
});

it('checks the list of the channel the runner reaches the participant on', async () => {
	await ledger.suppress({
		channel: 'sms',
		address: '+12025550143',
		reason: 'stop_keyword',
		at: AT,
	});
	const { runner, sent } = scriptedRunner({ channel: 'review', consent: 'sms' });
	const batch = await sendWhatIsDue([due(0, '+1 202 555 0143')], runner, ledger, SETTINGS);
	expect(sent).toEqual([]);
	expect(batch.outcomes.get(0)?.result.reason).toBe('opted_out');
	expect(suppressionChannelOf({ channel: 'voice' })).toBeUndefined();
	expect(suppressionChannelOf({ channel: 'notification', consent: 'none' })).toBeUndefined();
	expect(suppressionChannelOf({ channel: 'whatsapp' })).toBe('whatsapp');
	expect(suppressionChannelOf({ channel: 'telegram' })).toBe('telegram');
});
