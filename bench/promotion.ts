// How much garbage V8 promotes while 10,000 emails are sent four ways, in a process whose heap holds
// 2 million live objects (so, as in n8n, its old-generation limit is high and no full collection
// runs while sending): nodemailer's pooled transport with sendMail, the same pool with a finished
// text (`raw`), nodemailer's mail composer then its SMTP connection, and a finished string over its
// SMTP connection (what the SMTP transport does). Each way runs in its own Node process with
// --trace-gc-nvp against a minimal SMTP server in another; the young collections between the start
// and end marks are summed. Run: `node_modules/.bin/node --import tsx bench/promotion.ts`.
import { spawn, spawnSync } from 'node:child_process';

import { startMinimalSmtp } from '../sandbox/minimal-smtp';

const WAYS = ['pool-sendMail', 'pool-raw', 'composer-connection', 'string-connection'] as const;
type Way = (typeof WAYS)[number];

/** The sender, as one CommonJS program for `node -e`. */
const SENDER = `
const nodemailer = require('nodemailer');
const SMTPConnection = require('nodemailer/lib/smtp-connection');
const MailComposer = require('nodemailer/lib/mail-composer');
const net = require('node:net');
const [port, way, count] = [Number(process.argv[1]), process.argv[2], Number(process.argv[3])];
const ballast = [];
for (let i = 0; i < 2e6; i++) ballast.push({ a: 'x' + i, b: [i, i + 1] });
// Short-lived garbage until the ballast is in the old generation, so it is not counted as promoted below.
let junk;
for (let i = 0; i < 5e6; i++) junk = [i, 'y' + i];
const fields = (i) => ({ from: 'bench@sandbox.example', to: 'u' + i + '@example.com', subject: 'Your weekly update', text: 'Hello, this is a short plain-text message.' });
const text = (i) => 'From: bench@sandbox.example\\r\\nTo: u' + i + '@example.com\\r\\nSubject: Your weekly update\\r\\n\\r\\nHello, this is a short plain-text message.\\r\\n';
const envelope = (i) => ({ from: 'bench@sandbox.example', to: ['u' + i + '@example.com'] });
const socket = () => net.connect({ host: '127.0.0.1', port, noDelay: true });
async function main() {
  let send;
  let close;
  if (way.startsWith('pool')) {
    const transport = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, ignoreTLS: true, maxConnections: 5, maxMessages: Infinity, getSocket: (o, cb) => cb(null, { connection: socket() }) });
    send = (i) => transport.sendMail(way === 'pool-raw' ? { envelope: envelope(i), raw: text(i) } : fields(i));
    close = () => transport.close();
  } else {
    const free = await Promise.all(Array.from({ length: 5 }, () => new Promise((resolve, reject) => {
      const c = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, connection: socket() });
      c.on('error', reject);
      c.connect((e) => (e ? reject(e) : resolve(c)));
    })));
    const build = (i) => way === 'string-connection' ? Promise.resolve(text(i)) : new Promise((resolve, reject) => new MailComposer(fields(i)).compile().build((e, b) => (e ? reject(e) : resolve(b))));
    send = async (i) => { const message = await build(i); const c = free.pop(); try { return await new Promise((resolve, reject) => c.send(envelope(i), message, (e, info) => (e ? reject(e) : resolve(info)))); } finally { free.push(c); } };
    close = () => free.forEach((c) => c.quit());
  }
  await send(-1);
  console.log('PROMOTION-START');
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 5 }, async () => { while (next < count) await send(next++); }));
  const ms = Date.now() - started;
  console.log('PROMOTION-END');
  close();
  console.log('RESULT ' + JSON.stringify({ ms, ballast: ballast.length, junk: junk.length }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

/** Sums the young collections between the marks of one sender's --trace-gc-nvp output. */
function summarize(output: string): { promotedMb: number; allocatedGb: number } {
	let on = false;
	let promoted = 0;
	let allocated = 0;
	for (const line of output.split('\n')) {
		if (line.includes('PROMOTION-START')) on = true;
		else if (line.includes('PROMOTION-END')) on = false;
		else if (on && line.includes(' gc=s ')) {
			promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
			allocated += Number(/ allocated=(\d+)/.exec(line)?.[1] ?? 0);
		}
	}
	return { promotedMb: promoted / 1e6, allocatedGb: allocated / 1e9 };
}

function runWay(node: string, port: number, way: Way, count: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, ['--trace-gc-nvp', '-e', SENDER, String(port), way, String(count)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`${way} exited with ${code}`)),
		);
	});
}

async function main(): Promise<void> {
	const count = Number(process.env.PROMOTION_EMAILS ?? 10_000);
	const node = process.execPath;
	const version = spawnSync(node, ['--version']).stdout.toString().trim();
	const sink = await startMinimalSmtp();
	try {
		console.log(
			`${count} emails, 5 in flight, Node ${version}, 2 million live objects as ballast\n`,
		);
		console.log('| How the sender sends | Promoted | Allocated | Time |');
		console.log('| --- | ---: | ---: | ---: |');
		for (const way of WAYS) {
			const out = await runWay(node, sink.port, way, count);
			const { promotedMb, allocatedGb } = summarize(out);
			const { ms } = JSON.parse(/RESULT (.+)/.exec(out)?.[1] ?? '{}') as { ms: number };
			console.log(
				`| ${way} | ${promotedMb.toFixed(0)} MB | ${allocatedGb.toFixed(2)} GB | ${(ms / 1000).toFixed(1)} s |`,
			);
		}
	} finally {
		await sink.stop();
	}
}

void main();
