import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { mapBounded } from '../nodes/shared/pipeline/send-pacing';

const mode = process.env.MODE ?? 'compose';
const n = Number(process.env.N ?? 10000);
async function main() {
	const [host, port] = [process.env.SMTP_HOST!, Number(process.env.SMTP_PORT)];
	const transport = createTransport({
		getSocket: (_o: unknown, cb: any) => cb(null, { connection: connect({ host, port, noDelay: true }) }),
		pool: true, host, port, secure: false, ignoreTLS: true, maxConnections: 5, maxMessages: Infinity,
		auth: { user: process.env.SMTP_USER!, pass: process.env.SMTP_PASS! },
	} as any);
	const from = 'desk@acme.test';
	const text = 'Hello there,\n\nThis is the benchmark body. See you soon.\n';
	const html = '<p>Hello there,</p><p>This is the benchmark body. See you soon.</p>';
	const send = async (i: number) => {
		const to = `user${i}@example.com`;
		if (mode === 'compose') return await transport.sendMail({ from, to, subject: `Hi ${i}`, text, html });
		const boundary = `--_b_${randomUUID()}`;
		const raw = [
			`From: ${from}`, `To: ${to}`, `Subject: Hi ${i}`, `Message-ID: <${randomUUID()}@acme.test>`,
			`Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0',
			`Content-Type: multipart/alternative; boundary="${boundary}"`, '',
			`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', text,
			`--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', html,
			`--${boundary}--`, '',
		].join('\r\n');
		return await transport.sendMail({ raw, envelope: { from, to: [to] } });
	};
	await send(0);
	const idle = process.memoryUsage().rss; let peak = idle;
	const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const t0 = performance.now(); const cpu = process.cpuUsage();
	await mapBounded(Array.from({ length: n }, (_v, i) => i), 5, send);
	const c = process.cpuUsage(cpu);
	clearInterval(t);
	console.log(mode, `${(performance.now() - t0).toFixed(0)} ms`, `cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`, `peak above idle ${((peak - idle) / 1048576).toFixed(0)} MB`);
	transport.close();
}
main();
