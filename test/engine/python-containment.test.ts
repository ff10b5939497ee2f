// Python Custom Action's containment through n8n's engine with a real python3: every process a
// script starts (new session, double fork, SIGTERM ignored) is gone when the step ends, however it
// ends; the memory, file-size and CPU limits; Landlock keeps n8n's folder and process information
// out of reach where the kernel has it; one interpreter start per item.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { PythonCustomAction } from '../../nodes/PythonCustomAction/PythonCustomAction.node';
import {
	launcherArguments,
	n8nFolder,
	runPython,
	writeRunFolder,
} from '../../nodes/PythonCustomAction/python-process';
import { defaultSqlitePath } from '../../nodes/shared/ledger';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';

jest.setTimeout(120_000);

// The real executable: a version-manager shim (pyenv) would add a shell start to every run.
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
	encoding: 'utf8',
}).trim();
const GRACE_MS = 2_000;
/** Time for the launcher's SIGKILL sweep after its grace period, when nothing else waits for it. */
const SWEEP_SLACK_MS = 3_000;

/** Starts a child in a new session, a double-forked daemon and a SIGTERM-ignoring grandchild. */
const HOSTILE = `
import json, os, signal, subprocess, sys, time

def main(item, params, communication):
    folder = params["folder"]
    session = subprocess.Popen(["sleep", "300"], start_new_session=True)
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.write(write_end, str(os.getpid()).encode())
            while True:
                time.sleep(1)
        os._exit(0)
    daemon = int(os.read(read_end, 32))
    shell = subprocess.Popen(["sh", "-c", "trap '' TERM; sleep 300 & echo $!; wait"], stdout=subprocess.PIPE)
    grandchild = int(shell.stdout.readline())
    pids = {"launcher": os.getppid(), "script": os.getpid(), "session": session.pid,
            "daemon": daemon, "shell": shell.pid, "grandchild": grandchild}
    with open(os.path.join(folder, "pids.tmp"), "w") as handle:
        json.dump(pids, handle)
    os.rename(os.path.join(folder, "pids.tmp"), os.path.join(folder, "pids.json"))
    while not os.path.exists(os.path.join(folder, "release")):
        time.sleep(0.05)
    if params.get("then") == "return":
        return {"pids": pids}
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1)
`;

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new PythonCustomAction()], test: [new TestItems()] },
	});
}

function workflow(
	script: string,
	parameters: INode['parameters'],
	items: Array<Record<string, unknown>> = [{ id: 'p1' }],
) {
	return chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		node('Python', `${PKG}.pythonCustomAction`, { script, ...parameters }),
	);
}

/** Alive: in the process table and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

async function poll<T>(what: string, check: () => T | undefined, deadline: number): Promise<T> {
	for (;;) {
		const value = check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** The pids still alive once the deadline passes (polled, so a quick exit ends the wait). */
async function survivors(pids: number[], deadline: number): Promise<number[]> {
	for (;;) {
		const left = pids.filter(alive);
		if (left.length === 0 || Date.now() > deadline) return left;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Waits for the script's pid file, checks every process it lists is running, returns them. */
async function startedProcesses(folder: string): Promise<number[]> {
	const file = join(folder, 'pids.json');
	const pids = await poll(
		'the pid file',
		() => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : undefined),
		Date.now() + 60_000,
	);
	const list = Object.values(pids) as number[];
	expect(list.filter(alive)).toEqual(list);
	return list;
}

describe('Python Custom Action: nothing outlives the step', () => {
	let folder: string;
	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'python-pids-'));
	});
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('stops every process the script started after a normal finish', async () => {
		const run = harness().run(
			workflow(HOSTILE, {
				params: JSON.stringify({ folder, then: 'return' }),
				options: { interpreter: PYTHON },
			}),
		);
		const pids = await startedProcesses(folder);
		writeFileSync(join(folder, 'release'), '');
		const result = await run;
		expect(result.output('Python')[0].json.pids).toBeDefined();
		expect(await survivors(pids, Date.now() + GRACE_MS)).toEqual([]);
	});

	it('stops them all within the timeout and the 2 s grace', async () => {
		const run = harness().run(
			workflow(HOSTILE, {
				params: JSON.stringify({ folder, then: 'hang' }),
				options: { timeoutSeconds: 8, interpreter: PYTHON },
			}),
		);
		const pids = await startedProcesses(folder);
		const result = await run;
		expect(result.nodeError('Python')?.message).toBe(
			'The Python script did not finish within 8 s and was stopped',
		);
		expect(await survivors(pids, Date.now() + GRACE_MS)).toEqual([]);
	});

	it('stops them all when the execution is canceled', async () => {
		let cancel: (() => void) | undefined;
		const run = harness().run(
			workflow(HOSTILE, {
				params: JSON.stringify({ folder, then: 'hang' }),
				options: { timeoutSeconds: 300, interpreter: PYTHON },
			}),
			{ onStart: (stop) => (cancel = stop) },
		);
		const pids = await startedProcesses(folder);
		cancel?.();
		const result = await run;
		expect(result.status).toBe('canceled');
		expect(await survivors(pids, Date.now() + GRACE_MS)).toEqual([]);
	});

	it('stops them all when the n8n process itself dies', async () => {
		const home = await writeRunFolder(HOSTILE);
		const [runner, config] = launcherArguments({
			interpreter: PYTHON,
			script: HOSTILE,
			calls: [],
			timeoutMs: 300_000,
			maxOutputBytes: 1024 * 1024,
			extraEnv: {},
		});
		const calls = JSON.stringify({
			calls: [{ index: 0, item: {}, params: { folder, then: 'hang' }, communication: null }],
		});
		// A stand-in for n8n: it starts the launcher as the node does, then is killed outright.
		const standIn = spawn(PYTHON, [
			'-c',
			[
				'import json, os, subprocess, sys, time',
				'config = json.loads(sys.argv[1]); config["parent"] = os.getpid()',
				'p = subprocess.Popen([sys.executable, sys.argv[2], json.dumps(config)], cwd=sys.argv[3], stdin=subprocess.PIPE)',
				'p.stdin.write(sys.argv[4].encode()); p.stdin.close()',
				'time.sleep(600)',
			].join('\n'),
			config,
			runner,
			home,
			calls,
		]);
		try {
			const pids = await startedProcesses(folder);
			standIn.kill('SIGKILL');
			// The launcher gets SIGTERM (parent-death signal), gives the grace, then SIGKILLs the rest.
			expect(await survivors(pids, Date.now() + GRACE_MS + SWEEP_SLACK_MS)).toEqual([]);
		} finally {
			standIn.kill('SIGKILL');
			rmSync(home, { recursive: true, force: true });
		}
	});
});

describe('Python Custom Action: resource limits', () => {
	async function errorOf(script: string, options: Record<string, number | string>) {
		const result = await harness().run(
			workflow(script, { options: { interpreter: PYTHON, ...options } }),
		);
		return result.nodeError('Python');
	}

	it('names the memory limit when the script allocates past it', async () => {
		const error = await errorOf(
			'def main(item, params, communication):\n    block = bytearray(600 * 1024 * 1024)\n    return {"n": len(block)}',
			{ maxMemoryMb: 256 },
		);
		expect(error?.message).toBe(
			'The Python script ran out of memory: it reached the Max Memory limit (256 MB)',
		);
	});

	it('names the file-size limit when the script writes a larger file', async () => {
		const error = await errorOf(
			'def main(item, params, communication):\n    with open("big.bin", "wb") as f:\n        f.write(b"x" * (2 * 1024 * 1024))\n    return {}',
			{ maxFileSizeMb: 1 },
		);
		expect(error?.message).toBe(
			'The Python script tried to write a file larger than the Max File Size limit (1 MB)',
		);
	});

	it('names the CPU limit when the script computes past it', async () => {
		const error = await errorOf(
			'def main(item, params, communication):\n    n = 0\n    while True:\n        n += 1',
			{ cpuSeconds: 1, timeoutSeconds: 300 },
		);
		expect(error?.message).toBe(
			'The Python script used more than its CPU Time limit (1 s) and was stopped',
		);
	});
});

/** Whether this kernel offers Landlock, asked directly (not through the code under test). */
function kernelHasLandlock(): boolean {
	const probe = [
		'import ctypes, os',
		'libc = ctypes.CDLL(None, use_errno=True)',
		'known = os.uname().machine in ("x86_64", "aarch64")',
		'print(known and libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1)) >= 1)',
	].join('\n');
	return execFileSync(PYTHON, ['-c', probe], { encoding: 'utf8' }).trim() === 'True';
}

describe("Python Custom Action: n8n's folder and process information", () => {
	it('are out of reach with Landlock, and the run says when Landlock is missing', async () => {
		const ledger = defaultSqlitePath();
		if (!existsSync(ledger)) writeFileSync(ledger, 'ledger');
		const script = `
import os
def attempt(action):
    try:
        action()
        return "allowed"
    except OSError as error:
        return "denied" if error.errno in (1, 13) else "error %d" % error.errno

def main(item, params, communication):
    return {
        "environ": attempt(lambda: open("/proc/%d/environ" % params["n8n"], "rb").read()),
        "ledger": attempt(lambda: open(params["ledger"], "rb").read()),
        "write": attempt(lambda: open(os.path.join(params["folder"], "planted.txt"), "w").write("x")),
        "signal": attempt(lambda: os.kill(os.getppid(), 0)),
        "system": attempt(lambda: open("/etc/hostname", "rb").read()),
    }
`;
		const run = await runPython({
			interpreter: PYTHON,
			script,
			calls: [
				{
					index: 0,
					item: {},
					params: { n8n: process.pid, ledger, folder: n8nFolder() },
					communication: null,
				},
			],
			timeoutMs: 60_000,
			maxOutputBytes: 1024 * 1024,
			extraEnv: {},
		});
		const result = run.results.get(0);
		const seen = result && 'ok' in result ? (result.ok as Record<string, string>) : undefined;
		if (kernelHasLandlock()) {
			expect(typeof run.landlock).toBe('number');
			expect(seen).toMatchObject({
				environ: 'denied',
				ledger: 'denied',
				write: 'denied',
				system: 'allowed',
			});
			// Signal scoping (Landlock ABI 6): the script cannot stop the launcher that cleans up.
			if ((run.landlock as number) >= 6) expect(seen?.signal).toBe('denied');
		} else {
			// The documented fallback: no protection, and the run says why.
			expect(typeof run.landlock).toBe('string');
			expect(seen).toMatchObject({ environ: 'allowed', ledger: 'allowed' });
		}
		expect(existsSync(join(n8nFolder(), 'planted.txt'))).toBe(seen?.write === 'allowed');
	});
});

describe('Python Custom Action: cost per item', () => {
	it('starts one interpreter per item, or one for all items, as before', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'python-starts-'));
		try {
			const log = join(folder, 'starts.log');
			const wrapper = join(folder, 'python');
			writeFileSync(wrapper, `#!/bin/sh\necho start >> '${log}'\nexec '${PYTHON}' "$@"\n`, {
				mode: 0o755,
			});
			const script =
				'import os\ndef main(item, params, communication):\n    return {"double": item["n"] * 2}';
			const items = [{ n: 1 }, { n: 2 }, { n: 3 }];
			const starts = () => readFileSync(log, 'utf8').trim().split('\n').length;

			const each = await harness().run(
				workflow(script, { options: { interpreter: wrapper } }, items),
			);
			expect(each.output('Python').map((i) => i.json.double)).toEqual([2, 4, 6]);
			expect(starts()).toBe(3);

			rmSync(log);
			const all = await harness().run(
				workflow(script, { mode: 'allItems', options: { interpreter: wrapper } }, items),
			);
			expect(all.output('Python').map((i) => i.json)).toEqual([
				{ n: 1, double: 2 },
				{ n: 2, double: 4 },
				{ n: 3, double: 6 },
			]);
			expect(starts()).toBe(1);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});
