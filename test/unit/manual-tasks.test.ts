import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import {
	expireOverdueTasks,
	hashTaskToken,
	newTaskToken,
	taskTokenMatches,
} from '../../nodes/shared/manual-tasks';

describe('task tokens', () => {
	it('match only the token whose hash is stored', () => {
		const token = newTaskToken();
		const stored = hashTaskToken(token);
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(newTaskToken()).not.toBe(token);
		expect(taskTokenMatches(token, stored)).toBe(true);
		expect(taskTokenMatches(`${token}x`, stored)).toBe(false);
		expect(taskTokenMatches('', stored)).toBe(false);
		expect(taskTokenMatches(undefined, stored)).toBe(false);
		expect(taskTokenMatches(['a'], stored)).toBe(false);
		expect(taskTokenMatches(token, undefined)).toBe(false);
		expect(taskTokenMatches(token, 'abc')).toBe(false);
	});
});

describe('expireOverdueTasks', () => {
	let dir: string;
	let ledger: SqliteLedger;
	const now = new Date('2025-06-01T12:00:00Z');
	const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'manual-tasks-'));
		ledger = new SqliteLedger(join(dir, 'ledger.sqlite'));
		await ledger.init();
	});
	afterEach(async () => {
		await ledger.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const task = (id: string, executionId: string, deadline: string | null, nodeId = 'node-1') =>
		ledger.createTask({
			id,
			participantId: 'p',
			kind: 'call',
			assignRule: 'unassigned',
			executionId,
			resumeUrl: `http://n8n/webhook-waiting/${executionId}/${nodeId}?task=${id}`,
			data: { deadline, nodeId },
		});

	it('wakes each waiting node with overdue tasks once, and leaves the rest alone', async () => {
		await task('due-a1', 'ex-a', at(-5));
		await task('due-a2', 'ex-a', at(-1));
		await task('due-b', 'ex-b', at(0));
		await task('later', 'ex-c', at(10));
		await task('no-limit', 'ex-d', null);
		await task('closed', 'ex-e', at(-30));
		await ledger.closeTask('closed', { status: 'completed' });
		const woken: string[] = [];
		const attempts = await expireOverdueTasks(ledger, now, async (url) => void woken.push(url));
		expect(woken).toEqual([
			'http://n8n/webhook-waiting/ex-a/node-1?task=due-a1',
			'http://n8n/webhook-waiting/ex-b/node-1?task=due-b',
		]);
		expect(attempts.map((a) => [a.taskId, a.ok, a.givenUp])).toEqual([
			['due-a1', true, false],
			['due-b', true, false],
		]);
		// Waking does not close anything by itself: the woken node does, in its webhook.
		expect((await ledger.listTasks({ status: 'open' })).map((t) => t.id).sort()).toEqual([
			'due-a1',
			'due-a2',
			'due-b',
			'later',
			'no-limit',
		]);
	});

	it('keeps a task open when waking fails, and gives it up once it is long overdue', async () => {
		await task('recent', 'ex-1', at(-10));
		await task('ancient', 'ex-2', at(-2000));
		const attempts = await expireOverdueTasks(
			ledger,
			now,
			async () => {
				throw new Error('connect ECONNREFUSED');
			},
			{ giveUpAfterMs: 24 * 60 * 60_000 },
		);
		expect(attempts.map((a) => [a.taskId, a.ok, a.givenUp, a.error])).toEqual([
			['recent', false, false, 'connect ECONNREFUSED'],
			['ancient', false, true, 'connect ECONNREFUSED'],
		]);
		expect((await ledger.getTask('recent'))?.status).toBe('open');
		expect(await ledger.getTask('ancient')).toMatchObject({
			status: 'timed_out',
			outcome: 'timed_out',
		});
	});
});
