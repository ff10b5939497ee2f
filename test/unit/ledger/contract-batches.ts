// Ledger contract: per-execution batch records (a waiting node's own outcomes), kept apart from
// the communications so no reader has to filter them out.
import type { LedgerTestContext } from './contract-support';

export function describeBatchContract(ctx: LedgerTestContext): void {
	describe('execution batches', () => {
		it('stores one batch per execution and node, replaced by a later save, and lists no communication', async () => {
			const ledger = await ctx.open();
			expect(await ledger.getBatch('exec-1', 'Email')).toBeNull();
			const first = await ledger.saveBatch({
				executionId: 'exec-1',
				nodeName: 'Email',
				resumeUrl: 'https://n8n.test/resume/1?signature=a',
				payload: { kind: 'batch', items: [] },
			});
			expect(first).toMatchObject({ executionId: 'exec-1', nodeName: 'Email' });
			expect(Number.isNaN(Date.parse(first.createdAt))).toBe(false);
			await ledger.saveBatch({
				executionId: 'exec-1',
				nodeName: 'Email',
				resumeUrl: 'https://n8n.test/resume/1?signature=b',
				payload: { kind: 'batch', items: [{ itemIndex: 0 }] },
			});
			await ledger.saveBatch({
				executionId: 'exec-1',
				nodeName: 'SMS',
				resumeUrl: 'https://n8n.test/resume/2',
				payload: { kind: 'batch', items: [] },
			});
			expect(await ledger.getBatch('exec-1', 'Email')).toMatchObject({
				resumeUrl: 'https://n8n.test/resume/1?signature=b',
				payload: { kind: 'batch', items: [{ itemIndex: 0 }] },
			});
			expect((await ledger.getBatch('exec-1', 'SMS'))?.resumeUrl).toBe('https://n8n.test/resume/2');
			expect(await ledger.getBatch('exec-2', 'Email')).toBeNull();
			expect(await ledger.list({ executionId: 'exec-1' })).toEqual([]);
			expect(await ledger.statsByName()).toEqual([]);
		});

		it('is seen by another instance on the same storage', async () => {
			const writer = await ctx.open();
			const reader = await ctx.open();
			await writer.saveBatch({
				executionId: 'exec-9',
				nodeName: 'Email',
				resumeUrl: 'https://n8n.test/r',
				payload: { kind: 'batch', items: [] },
			});
			expect((await reader.getBatch('exec-9', 'Email'))?.payload).toEqual({
				kind: 'batch',
				items: [],
			});
		});
	});
}
