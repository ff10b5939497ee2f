import http from 'node:http';
import { startSandbox } from '../sandbox';
import { createTwilioClient, twilioSettingsFrom } from '../nodes/shared/transport/twilio';

async function main() {
	const sandbox = await startSandbox();
	const t = sandbox.credentials.twilio as any;
	console.log(Object.keys(t));
	const settings = twilioSettingsFrom({ ...t, baseUrl: (sandbox as any).urls.twilio });
	const n = 3000, conc = 20;
	const path = `/2010-04-01/Accounts/${settings.accountSid}/Messages.json`;
	const auth = 'Basic ' + Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64');
	const base = new URL(settings.baseUrl);
	const full = base.pathname.replace(/\/+$/, '') + path;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
	const form = (i: number) => new URLSearchParams({ To: `+1415555${String(i % 10000).padStart(4, '0')}`, From: settings.fromNumber || '+14155550100', Body: 'Hello there from the bench' }).toString();
	const clients: Record<string, (i: number) => Promise<unknown>> = {
		sdk: await (async () => { const c = await createTwilioClient(settings); return (i: number) => c.messages.create({ to: `+1415555${String(i % 10000).padStart(4, '0')}`, from: settings.fromNumber || '+14155550100', body: 'Hello there from the bench' }); })(),
		fetch: async (i) => { const r = await fetch(`${base.origin}${full}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form(i) }); return JSON.parse(await r.text()); },
		http: (i) => new Promise((res, rej) => { const body = form(i); const req = http.request({ host: base.hostname, port: base.port, path: full, method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (r) => { const chunks: Buffer[] = []; r.on('data', (c) => chunks.push(c)); r.on('end', () => res(JSON.parse(Buffer.concat(chunks).toString()))); r.on('error', rej); }); req.on('error', rej); req.end(body); }),
	};
	console.log(await clients.http(1), await clients.fetch(2));
	for (const round of [1, 2, 3]) for (const [name, send] of Object.entries(clients)) {
		sandbox.reset();
		let next = 0;
		const cpu = process.cpuUsage(); const t0 = performance.now();
		await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { const i = next++; await send(i); } }));
		const u = process.cpuUsage(cpu);
		console.log(round, name, `${(performance.now() - t0).toFixed(0)} ms`, `CPU ${((u.user + u.system) / 1000).toFixed(0)} ms`, sandbox.state().sms.length);
	}
	await sandbox.stop();
}
main();
