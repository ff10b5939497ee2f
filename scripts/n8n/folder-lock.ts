// Pid lock files: one n8n per user folder (two e2e runs never share a database), one n8n install at a time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FolderLock {
	release(): void;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function holder(file: string): number | undefined {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Takes `<dir>/.lock`; a lock left by a dead process is taken over. `waitMs` 0 fails at once (a second
 * demo); e2e runs and installs wait their turn.
 */
export async function lockFolder(
	dir: string,
	what: string,
	options: { waitMs: number; log: (line: string) => void },
): Promise<FolderLock> {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, '.lock');
	const deadline = Date.now() + options.waitMs;
	let announced = false;
	for (;;) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			return {
				release: () => (holder(file) === process.pid ? rmSync(file, { force: true }) : undefined),
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const pid = holder(file);
		if (pid === undefined || !isAlive(pid)) {
			rmSync(file, { force: true });
			continue;
		}
		if (Date.now() >= deadline)
			throw new Error(`${dir} is in use by process ${pid} (${what}); stop it first`);
		if (!announced) {
			options.log(`Waiting for process ${pid} (${what}) to finish with ${dir}...`);
			announced = true;
		}
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 2_000));
	}
}
