// Runs one command in its own process group and ends the whole group (the command and everything it started) when the process that spawned us goes away, however it ended, or when we get SIGINT, SIGTERM or SIGHUP.
// Usage, spawned with an IPC channel: node lifeline.js <grace ms> <command> [args...]. Reports { pid } of the command over IPC.
'use strict';
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

const [graceText, command, ...args] = process.argv.slice(2);
const graceMs = Number(graceText) > 0 ? Number(graceText) : 10000;

// The IPC channel is ours alone; a Node command must not try to open it too.
const env = { ...process.env };
delete env.NODE_CHANNEL_FD;
delete env.NODE_CHANNEL_SERIALIZATION_MODE;

const child = spawn(command, args, {
	stdio: ['ignore', 'inherit', 'inherit'],
	env,
	detached: true,
});

function signalGroup(signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Nothing is left in the group.
	}
}

let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	signalGroup('SIGTERM');
	setTimeout(() => signalGroup('SIGKILL'), graceMs).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
// The channel closes when our parent exits, even on SIGKILL.
process.on('disconnect', stop);
if (!process.connected) stop();

child.on('spawn', () => {
	if (process.connected) process.send({ pid: child.pid });
});
child.on('error', (error) => {
	console.error(`lifeline: cannot start ${command}: ${error.message}`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	// Whatever the command started (n8n's task runner) does not outlive it.
	signalGroup('SIGKILL');
	process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
