// Shared pieces of the pipeline unit tests: a real SQLite ledger per test and a scripted runner.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import type { ChannelRunner } from '../../nodes/shared/pipeline';
import type { ItemContext } from '../../nodes/shared/pipeline/item-context';
import { ProviderError } from '../../nodes/shared/errors';

export async function openLedger(): Promise<{
	ledger: SqliteLedger;
	dispose: () => Promise<void>;
}> {
	const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
	const ledger = new SqliteLedger(join(dir, 'ledger.sqlite'));
	await ledger.init();
	return {
		ledger,
		dispose: async () => {
			await ledger.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A runner sending strings: payload 'fail' is refused, prepare throws for `bad` items. */
export function scriptedRunner(overrides: Partial<ChannelRunner<string>> = {}) {
	const sent: string[] = [];
	const closes: string[] = [];
	const prepared: string[] = [];
	const runner: ChannelRunner<string> = {
		channel: 'email',
		defaultOutput: 'Sent',
		schedulable: true,
		secrets: ['s3cret-token'],
		classify: () => ({ retry: false }),
		prepare: (item: ItemContext) => {
			const to = String(item.participant.email ?? '');
			prepared.push(to);
			if (item.participant.bad) throw new Error('bad input with s3cret-token');
			return { payload: String(item.param('body', to)), to: [to], warnings: [] };
		},
		send: async (payload) => {
			if (payload === 'fail') throw new ProviderError('refused s3cret-token', { transient: false });
			sent.push(payload);
			return { providerMessageId: `id-${payload}` };
		},
		close: () => {
			closes.push('close');
		},
		...overrides,
	};
	return { runner, sent, closes, prepared };
}

export const SETTINGS = { concurrency: 2, maxPerSecond: 0, retryCount: 0, async: false };

export const ITEM_SETTINGS = {
	outputMessage: 'Sent',
	onlyIfSuccessful: false,
	idempotencyKey: '',
	resultField: 'communication',
	failOnMissingMergeFields: false,
};
