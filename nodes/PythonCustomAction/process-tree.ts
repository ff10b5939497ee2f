// Finds and kills a process's living descendants through Linux's /proc: the Node-side fallback
// for a launcher that did not stop its tree in time.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcessEntry {
	pid: number;
	ppid: number;
	state: string;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseStat(pid: number, stat: string): ProcessEntry | undefined {
	const end = stat.lastIndexOf(')');
	if (end < 0) return undefined;
	const [state, ppid] = stat.slice(end + 2).split(' ');
	const parent = Number(ppid);
	return state && Number.isInteger(parent) ? { pid, ppid: parent, state } : undefined;
}

/** Living (not zombie) descendants of root, parents before children. */
export function descendantsOf(root: number, table: ProcessEntry[]): number[] {
	const children = new Map<number, ProcessEntry[]>();
	for (const entry of table) {
		const list = children.get(entry.ppid) ?? [];
		list.push(entry);
		children.set(entry.ppid, list);
	}
	const found: number[] = [];
	const todo = [root];
	while (todo.length > 0) {
		for (const child of children.get(todo.pop() as number) ?? []) {
			todo.push(child.pid);
			if (child.state !== 'Z') found.push(child.pid);
		}
	}
	return found;
}

export function readProcessTable(): ProcessEntry[] {
	if (process.platform !== 'linux') return [];
	const table: ProcessEntry[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const entry = parseStat(Number(name), readFileSync(`/proc/${name}/stat`, 'utf8'));
			if (entry) table.push(entry);
		} catch {
			// The process ended while the table was read.
		}
	}
	return table;
}

/** SIGKILLs root and its living descendants (descendants first collected, so none re-parents away). */
export function killProcessTree(root: number): void {
	const pids = [root, ...descendantsOf(root, readProcessTable())];
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
}
