// Stand-in for scripts/demo.ts in the stop test: the demo's stop handling and a supervised long-running
// dummy (not n8n) that starts a "task runner" of its own, then exits on SIGTERM leaving the runner behind.
import { onStopRequest } from '../../scripts/n8n/stop-request';
import { startSupervised } from '../../scripts/n8n/supervised';

const DUMMY_SERVER = `
const { spawn } = require('node:child_process');
const runner = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);"], { stdio: 'ignore' });
process.on('SIGTERM', () => setTimeout(() => process.exit(0), 100));
console.log(JSON.stringify({ server: process.pid, runner: runner.pid }));
setInterval(() => {}, 1000);
`;

const server = startSupervised({
	nodeBinary: process.execPath,
	command: process.execPath,
	args: ['-e', DUMMY_SERVER],
	cwd: __dirname,
	env: process.env,
	outputFd: 'inherit',
	graceMs: 2_000,
});
console.log(JSON.stringify({ demo: process.pid, lifeline: server.lifelinePid }));

onStopRequest((reason) => {
	console.log(`stopping: ${reason}`);
	void server.stop().then(() => process.exit(0));
});
