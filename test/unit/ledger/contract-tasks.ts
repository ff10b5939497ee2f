// Ledger contract, tasks part: create, read, list and close manual tasks.
import type { LedgerTestContext } from './contract-support';

export function describeTasksContract(ctx: LedgerTestContext): void {
	describe('manual tasks', () => {
		it('creates, reads, lists and closes a task once', async () => {
			const ledger = await ctx.open();
			const task = await ledger.createTask({
				participantId: 'p-1',
				kind: 'call',
				assignee: 'agent@example.com',
				assignRule: 'round_robin',
				message: 'Call about the renewal',
				workflowId: 'wf-1',
				executionId: 'ex-1',
				resumeUrl: 'http://n8n.local/webhook-waiting/ex-1',
				data: { priority: 'high' },
			});
			expect(task).toMatchObject({
				participantId: 'p-1',
				kind: 'call',
				status: 'open',
				assignee: 'agent@example.com',
				assignRule: 'round_robin',
				message: 'Call about the renewal',
				outcome: null,
				completedAt: null,
				data: { priority: 'high' },
			});
			const sms = await ledger.createTask({
				participantId: 'p-1',
				kind: 'sms',
				assignRule: 'owner',
			});
			expect(sms).toMatchObject({ assignee: null, message: null, data: {}, resumeUrl: null });
			await ledger.createTask({ participantId: 'p-2', kind: 'sms', assignRule: 'owner' });

			expect(await ledger.getTask(task.id)).toEqual(task);
			expect(await ledger.getTask('no-such-task')).toBeNull();
			expect((await ledger.listTasks({ participantId: 'p-1' })).map((t) => t.id)).toEqual([
				task.id,
				sms.id,
			]);
			expect(await ledger.listTasks({})).toHaveLength(3);

			const closed = await ledger.closeTask(task.id, {
				status: 'completed',
				outcome: 'answered',
				completedBy: 'agent',
			});
			expect(closed).toMatchObject({
				status: 'completed',
				outcome: 'answered',
				completedBy: 'agent',
				message: 'Call about the renewal',
			});
			expect(closed?.completedAt).not.toBeNull();
			expect(await ledger.closeTask(task.id, { status: 'deleted' })).toBeNull();
			expect((await ledger.getTask(task.id))?.status).toBe('completed');
			expect(
				(await ledger.listTasks({ participantId: 'p-1', status: 'open' })).map((t) => t.id),
			).toEqual([sms.id]);

			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			const racing = await Promise.all([
				a.closeTask(sms.id, { status: 'completed', message: 'Sent: see you soon' }),
				b.closeTask(sms.id, { status: 'timed_out' }),
			]);
			expect(racing.filter((result) => result !== null)).toHaveLength(1);
		});

		it('keeps a caller-chosen task id', async () => {
			const ledger = await ctx.open();
			const id = `task-${Math.random().toString(36).slice(2)}`;
			const task = await ledger.createTask({
				id,
				participantId: 'p-9',
				kind: 'call',
				assignRule: 'unassigned',
			});
			expect(task.id).toBe(id);
			expect((await ledger.getTask(id))?.participantId).toBe('p-9');
		});
	});
}
