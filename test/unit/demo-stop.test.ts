// Stopping `npm run demo` by any usual means (SIGINT, SIGTERM or SIGHUP to npm, npm or the demo killed
// outright) ends every process it started. The demo's own script is swapped for a fixture that runs the
// same stop handling with a dummy server instead of n8n.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');
const FIXTURE = join(REPO_ROOT, 'test', 'support', 'demo-stop-fixture.ts');
const WAIT_MS = 60_000;

interface Started {
	npm: ChildProcess;
	pids: Record<string, number>;
	output: () => string;
}

/** Gone, or a zombie nobody has reaped yet (it holds no ports and runs nothing). */
function isGone(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
	} catch {
		return true;
	}
}

async function until(condition: () => boolean, what: () => string): Promise<void> {
	for (let waited = 0; !condition(); waited += 100) {
		if (waited > WAIT_MS) throw new Error(`timed out waiting for ${what()}`);
		await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
	}
}

let folder: string;

beforeAll(() => {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	};
	const demo = manifest.scripts.demo;
	expect(demo).toContain('scripts/demo.ts');
	folder = mkdtempSync(join(tmpdir(), 'comm-actions-demo-stop-'));
	symlinkSync(join(REPO_ROOT, 'node_modules'), join(folder, 'node_modules'));
	writeFileSync(
		join(folder, 'package.json'),
		JSON.stringify({
			name: 'demo-stop',
			private: true,
			scripts: { demo: demo.replace('scripts/demo.ts', FIXTURE) },
		}),
	);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function startDemo(): Promise<Started> {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_')) delete env[key];
	delete env.NODE_OPTIONS;
	const npm = spawn('npm', ['run', '--silent', 'demo'], {
		cwd: folder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const pids: Record<string, number> = { npm: npm.pid ?? 0 };
	await until(
		() => {
			for (const line of output.split('\n')) {
				if (!line.startsWith('{')) continue;
				Object.assign(pids, JSON.parse(line) as Record<string, number>);
			}
			return ['demo', 'lifeline', 'server', 'runner'].every((name) => pids[name] > 0);
		},
		() => `the demo fixture to start; output so far:\n${output}`,
	);
	return { npm, pids, output: () => output };
}

async function expectAllGone(started: Started): Promise<void> {
	await until(
		() => Object.values(started.pids).every(isGone),
		() =>
			`every process to end: ${Object.entries(started.pids)
				.filter(([, pid]) => !isGone(pid))
				.map(([name, pid]) => `${name} ${pid}`)
				.join(', ')} still running; output:\n${started.output()}`,
	);
}

const describeOnLinux = existsSync('/proc/self/stat') ? describe : describe.skip;

describeOnLinux('stopping npm run demo', () => {
	it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
		'%s to the npm process stops the demo, the server and its runner',
		async (signal) => {
			const started = await startDemo();
			process.kill(started.pids.npm, signal);
			await expectAllGone(started);
		},
		2 * WAIT_MS + 10_000,
	);

	it(
		'npm killed outright (SIGKILL): the demo sees its parent gone and stops everything',
		async () => {
			const started = await startDemo();
			process.kill(started.pids.npm, 'SIGKILL');
			await expectAllGone(started);
			expect(started.output()).toContain('stopping: parent process ended');
		},
		2 * WAIT_MS + 10_000,
	);

	it(
		'the demo itself killed outright (SIGKILL): its lifeline ends the server and the runner',
		async () => {
			const started = await startDemo();
			process.kill(started.pids.demo, 'SIGKILL');
			await expectAllGone(started);
		},
		2 * WAIT_MS + 10_000,
	);
});
