// Python Custom Action through n8n's engine with a real python3: results, errors with tracebacks,
// prints that never corrupt results, timeouts, the output limit and the stripped environment.
import { execFileSync } from 'node:child_process';

import type { INode } from 'n8n-workflow';

import { PythonCustomAction } from '../../nodes/PythonCustomAction/PythonCustomAction.node';
import { runPython } from '../../nodes/PythonCustomAction/python-process';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new PythonCustomAction()], test: [new TestItems()] },
	});
}

function source(items: Array<Record<string, unknown>>): INode {
	return node('Source', 'test.testItems', { items: JSON.stringify(items) });
}

function python(
	script: string,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return node('Python', `${PKG}.pythonCustomAction`, { script, ...parameters }, extra);
}

async function runScript(
	script: string,
	items: Array<Record<string, unknown>>,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
) {
	return await harness().run(chain(source(items), python(script, parameters, extra)));
}

const lead = {
	id: 'p1',
	email: 'ann@bigcorp.com',
	visits: 7,
	communication: { status: 'sent', channel: 'email' },
};

describe('Python Custom Action: results', () => {
	it('merges a returned dict into the item, with params and communication passed in', async () => {
		const script = [
			'def main(item, params, communication):',
			'    score = item["visits"] * params["weight"]',
			'    return {"score": score, "seen_status": communication["status"], "segment": params["segment"]}',
		].join('\n');
		const result = await runScript(
			script,
			[lead, { ...lead, id: 'p2', visits: 2, communication: null }],
			{
				params: '={{ JSON.stringify({ weight: 3, segment: $json.id === "p1" ? "hot" : "cold" }) }}',
			},
			{ onError: 'continueRegularOutput' },
		);
		const out = result.output('Python');
		expect(out[0].json).toEqual({ ...lead, score: 21, seen_status: 'sent', segment: 'hot' });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		// communication is None for the second item, so subscripting it raises TypeError.
		expect(String(out[1].json.error)).toContain(
			"Python script raised TypeError: 'NoneType' object is not subscriptable",
		);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('turns a returned list of dicts into output items paired to their input', async () => {
		const script = [
			'import datetime, decimal',
			'def main(item, params, communication):',
			'    return [{"id": item["id"], "n": n, "at": datetime.date(2030, 1, n), "price": decimal.Decimal("1.5")} for n in range(1, item["count"] + 1)]',
		].join('\n');
		const result = await runScript(script, [
			{ id: 'a', count: 2 },
			{ id: 'b', count: 0 },
			{ id: 'c', count: 1 },
		]);
		const out = result.output('Python');
		expect(out.map((i) => [i.json.id, i.json.n, i.pairedItem])).toEqual([
			['a', 1, { item: 0 }],
			['a', 2, { item: 0 }],
			['c', 1, { item: 2 }],
		]);
		expect(out[0].json).toMatchObject({ at: '2030-01-01', price: 1.5 });
	});

	it('runs all items in one process when asked (module state is shared)', async () => {
		const script = [
			'import os',
			'calls = []',
			'def main(item, params, communication):',
			'    calls.append(item["id"])',
			'    return {"pid": os.getpid(), "seen": list(calls)}',
		].join('\n');
		const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
		const once = (await runScript(script, items, { mode: 'allItems' })).output('Python');
		expect(once.map((i) => i.json.seen)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
		expect(new Set(once.map((i) => i.json.pid)).size).toBe(1);
		const each = (await runScript(script, items, { mode: 'perItem' })).output('Python');
		expect(each.map((i) => i.json.seen)).toEqual([['a'], ['b'], ['c']]);
		expect(new Set(each.map((i) => i.json.pid)).size).toBe(3);
	});
});

describe('Python Custom Action: errors', () => {
	it('puts the exception and its traceback with line numbers into the item error', async () => {
		const script = [
			'def helper(x):',
			'    raise ValueError("score must be positive, got %d" % x)',
			'',
			'def main(item, params, communication):',
			'    print("checking", item["id"])',
			'    return helper(-1)',
		].join('\n');
		const result = await runScript(script, [lead]);
		expect(result.status).toBe('error');
		const error = result.nodeError('Python');
		expect(error?.message).toBe('Python script raised ValueError: score must be positive, got -1');
		expect(error?.description).toContain('File "script.py", line 6, in main');
		expect(error?.description).toContain('File "script.py", line 2, in helper');
		expect(error?.description).toContain('checking p1');
		expect(error?.description).not.toContain('n8n_runner');
	});

	it('never lets printed junk break the results, and explains a missing return', async () => {
		const junk = [
			'import os, sys',
			'def main(item, params, communication):',
			'    print("{not json")',
			'    os.write(1, b"@@garbage\\n")',
			'    sys.__stdout__.write("]]\\n")',
			'    return {"ok": True}',
		].join('\n');
		expect((await runScript(junk, [lead])).output('Python')[0].json.ok).toBe(true);

		const noReturn = [
			'def main(item, params, communication):',
			'    print("{\\"score\\": 5}")',
		].join('\n');
		const error = (await runScript(noReturn, [lead])).nodeError('Python');
		expect(error?.message).toContain('main() returned None; return a dict');
		expect(error?.description).toContain('{"score": 5}');
	});

	it.each([
		['a string', 'return "high"', /main\(\) returned a str/],
		['a list of numbers', 'return [1, 2]', /entry 0 is a int/],
		['NaN', 'return {"x": float("nan")}', /not JSON: Out of range float values/],
		[
			'an object',
			'return {"x": object()}',
			/not JSON: a value of type object cannot be turned into JSON/,
		],
	])('rejects %s as a result with a clear message', async (_label, body, message) => {
		const error = (
			await runScript(`def main(item, params, communication):\n    ${body}`, [lead])
		).nodeError('Python');
		expect(error?.message).toMatch(message);
	});

	it('reports a script that cannot load for every item, naming the problem', async () => {
		const result = await runScript(
			'def main(item, params, communication)\n    return {}',
			[lead, lead],
			{ mode: 'allItems' },
			{
				onError: 'continueRegularOutput',
			},
		);
		const errors = result.output('Python').map((i) => String(i.json.error));
		expect(errors).toHaveLength(2);
		for (const error of errors)
			expect(error).toMatch(/The Python script could not run: SyntaxError/);
		const noMain = await runScript('x = 1', [lead]);
		expect(noMain.nodeError('Python')?.message).toContain('does not define main()');
	});

	it('validates Params as a JSON object per item', async () => {
		const result = await runScript(
			'def main(item, params, communication):\n    return params',
			[lead, lead],
			{
				params: '={{ $itemIndex === 0 ? "[1, 2]" : "{\\"ok\\": 1}" }}',
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(result.output('Python', 0).map((i) => i.json.ok)).toEqual([1]);
		expect(result.output('Python', 1)[0].json.error).toMatch(
			/Params must be a JSON object, but it is a list/,
		);
		const broken = await runScript(
			'def main(item, params, communication):\n    return {}',
			[lead],
			{ params: '{threshold: 5}' },
		);
		expect(broken.nodeError('Python')?.message).toMatch(/^Params is not valid JSON/);
	});

	it('names a missing interpreter at the first item', async () => {
		const result = await runScript(
			'def main(item, params, communication):\n    return {}',
			[lead, lead],
			{
				options: { interpreter: '/nonexistent/python3.99' },
			},
		);
		const error = result.nodeError('Python');
		expect(error?.message).toBe("Python interpreter '/nonexistent/python3.99' was not found");
		expect(error?.description).toMatch(/Interpreter Path/);
		expect(error?.context.itemIndex).toBe(0);
	});
});

describe('Python Custom Action: limits and environment', () => {
	it('stops a script that sleeps past the timeout, in bounded time', async () => {
		const started = Date.now();
		const result = await runScript(
			'import time\ndef main(item, params, communication):\n    time.sleep(60)\n    return {}',
			[lead],
			{
				options: { timeoutSeconds: 1 },
			},
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.nodeError('Python')?.message).toBe(
			'The Python script did not finish within 1 s and was stopped',
		);
	});

	it('kills a script that ignores SIGTERM and leaves a child process behind', async () => {
		const script = [
			'import signal, subprocess, time',
			'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
			'def main(item, params, communication):',
			'    subprocess.Popen(["sleep", "60"])',
			'    while True:',
			'        time.sleep(0.1)',
		].join('\n');
		const started = Date.now();
		const run = await runPython({
			interpreter: 'python3',
			script,
			calls: [{ index: 0, item: {}, params: {}, communication: null }],
			timeoutMs: 500,
			maxOutputBytes: 1024 * 1024,
			extraEnv: {},
			killGraceMs: 500,
		});
		expect(Date.now() - started).toBeLessThan(4_000);
		expect(run.failure).toEqual({ kind: 'timeout', timeoutMs: 500 });
	});

	it('cuts a script that prints 50 MB with a clear error, keeping only a small tail in memory', async () => {
		const script =
			'import sys\ndef main(item, params, communication):\n    chunk = "x" * 1048576\n    for _ in range(50):\n        sys.stdout.write(chunk)\n    return {}';
		const started = Date.now();
		const result = await runScript(script, [lead], { options: { maxOutputMb: 10 } });
		expect(Date.now() - started).toBeLessThan(10_000);
		const error = result.nodeError('Python');
		expect(error?.message).toBe(
			'The Python script wrote more than 10.00 MB of output and was stopped',
		);
		expect((error?.description ?? '').length).toBeLessThan(10_000);

		const direct = await runPython({
			interpreter: 'python3',
			script,
			calls: [{ index: 0, item: {}, params: {}, communication: null }],
			timeoutMs: 20_000,
			maxOutputBytes: 10 * 1024 * 1024,
			extraEnv: {},
		});
		expect(direct.failure?.kind).toBe('outputLimit');
		expect(direct.printed.length).toBeLessThanOrEqual(8 * 1024);
	});

	it('cuts a huge result the same way', async () => {
		const script =
			'def main(item, params, communication):\n    return {"blob": "y" * (3 * 1048576)}';
		const error = (await runScript(script, [lead], { options: { maxOutputMb: 1 } })).nodeError(
			'Python',
		);
		expect(error?.message).toBe(
			'The Python script wrote more than 1.00 MB of output and was stopped',
		);
	});

	it("passes only the allowlisted environment: n8n's secrets are absent", async () => {
		const secret = 'n8n-secret-value-0123456789';
		const saved = { ...process.env };
		Object.assign(process.env, {
			N8N_ENCRYPTION_KEY: secret,
			DB_POSTGRESDB_PASSWORD: secret,
			MY_API_TOKEN: secret,
			LC_ALL: 'C.UTF-8',
			TZ: 'Europe/Berlin',
		});
		try {
			const script =
				'import os\ndef main(item, params, communication):\n    return {"env": dict(os.environ), "token": os.environ.get("MY_API_TOKEN"), "cwd": os.getcwd()}';
			// The real executable: a version-manager shim (pyenv) on PATH adds variables of its own.
			const interpreter = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
				encoding: 'utf8',
			}).trim();
			const environment = { variable: [{ name: 'SCORING_MODE', value: 'strict' }] };
			const out = (
				await runScript(script, [lead], { options: { interpreter, environment } })
			).output('Python')[0].json;
			const env = out.env as Record<string, string>;
			expect(out.token).toBeNull();
			expect(JSON.stringify(out)).not.toContain(secret);
			expect(Object.keys(env).filter((k) => k.startsWith('N8N_'))).toEqual([]);
			const allowed = [
				'PATH',
				'LANG',
				'TZ',
				'HOME',
				'TMPDIR',
				'PYTHONIOENCODING',
				'PYTHONDONTWRITEBYTECODE',
				'PYTHONUNBUFFERED',
				'SCORING_MODE',
			];
			// Python may add LC_CTYPE itself when it coerces the C locale.
			expect(Object.keys(env).filter((k) => !allowed.includes(k) && !k.startsWith('LC_'))).toEqual(
				[],
			);
			expect(env).toMatchObject({
				SCORING_MODE: 'strict',
				TZ: 'Europe/Berlin',
				LC_ALL: 'C.UTF-8',
				PYTHONIOENCODING: 'utf-8',
			});
			expect(env.HOME).toBe(out.cwd);
			expect(env.HOME).not.toBe(saved.HOME);
		} finally {
			for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
			Object.assign(process.env, saved);
		}
	});
});
