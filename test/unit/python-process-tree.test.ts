// The Node-side process-tree fallback (/proc parsing, descendants) and how a signal-ended Python run
// is named as a resource limit.
import { constants } from 'node:os';

import { descendantsOf, parseStat } from '../../nodes/PythonCustomAction/process-tree';
import { limitFromExit } from '../../nodes/PythonCustomAction/python-protocol';

describe('parseStat', () => {
	it('reads state and parent after the last parenthesis, whatever the command name holds', () => {
		expect(parseStat(42, '42 (python3) S 7 42 42 0 -1')).toEqual({ pid: 42, ppid: 7, state: 'S' });
		expect(parseStat(43, '43 (a) b (c)) Z 9 43 43 0 -1')).toEqual({ pid: 43, ppid: 9, state: 'Z' });
		expect(parseStat(44, 'garbage')).toBeUndefined();
	});
});

describe('descendantsOf', () => {
	it('finds children, grandchildren and re-parented orphans, skipping zombies and strangers', () => {
		const table = [
			{ pid: 10, ppid: 1, state: 'S' },
			{ pid: 11, ppid: 10, state: 'S' },
			{ pid: 12, ppid: 11, state: 'R' },
			{ pid: 13, ppid: 10, state: 'Z' },
			{ pid: 14, ppid: 13, state: 'S' },
			{ pid: 20, ppid: 1, state: 'S' },
		];
		expect(descendantsOf(10, table).sort()).toEqual([11, 12, 14]);
		expect(descendantsOf(20, table)).toEqual([]);
	});
});

describe('limitFromExit', () => {
	const limits = { memoryBytes: 0, fileBytes: 0, cpuSeconds: 2 };
	it('names SIGXCPU, the hard CPU limit and SIGXFSZ; other ends are not limits', () => {
		const { SIGXCPU, SIGXFSZ, SIGKILL, SIGSEGV } = constants.signals;
		expect(limitFromExit({ signal: SIGXCPU, cpuSeconds: 2 }, limits)).toBe('cpu');
		expect(limitFromExit({ signal: SIGKILL, cpuSeconds: 3 }, limits)).toBe('cpu');
		expect(limitFromExit({ signal: SIGKILL, cpuSeconds: 0.1 }, limits)).toBeUndefined();
		expect(limitFromExit({ signal: SIGXFSZ, cpuSeconds: 0 }, limits)).toBe('fileSize');
		expect(limitFromExit({ signal: SIGSEGV, cpuSeconds: 0 }, limits)).toBeUndefined();
		expect(limitFromExit({ code: 1, cpuSeconds: 5 }, limits)).toBeUndefined();
		expect(limitFromExit(undefined, limits)).toBeUndefined();
	});
});
