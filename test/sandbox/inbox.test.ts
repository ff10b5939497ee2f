// The inbox page lists everything received, newest first, and never lets received content run as markup.
import nodemailer from 'nodemailer';
import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson, sandboxTwilio } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

async function inbox(): Promise<{ html: string; headers: Headers }> {
	const response = await fetch(`${sandbox.httpUrl}/`);
	expect(response.status).toBe(200);
	return { html: await response.text(), headers: response.headers };
}

describe('inbox page', () => {
	it('renders every peer newest first and escapes hostile content', async () => {
		const transport = nodemailer.createTransport({
			host: sandbox.smtp.host,
			port: sandbox.smtp.port,
			ignoreTLS: true,
		});
		await transport.sendMail({
			from: '"<b>Mallory</b>" <mallory@example.com>',
			to: 'victim@example.com',
			subject: '<script>alert("subject")</script>',
			html: '<p onclick="x()">Hi "there"</p><script>alert(2)</script>',
			text: 'text <script>alert(3)</script>',
			attachments: [{ filename: '<img src=x>.txt', content: 'x' }],
		});
		await sandboxTwilio(sandbox).messages.create({
			to: '+14155550123',
			from: '+15005550006',
			body: 'SMS <i>body</i>',
		});
		await sandboxTwilio(sandbox).calls.create({
			to: '+14155550123',
			from: '+15005550006',
			twiml: '<Response><Say>Hi</Say></Response>',
		});
		await postJson(
			`${sandbox.urls.telegram}/bot${sandbox.credentials.telegram.token}/sendMessage`,
			{ chat_id: 1, text: 'telegram </pre><script>alert(4)</script>' },
		);

		const { html, headers } = await inbox();
		expect(headers.get('content-type')).toMatch(/^text\/html/);
		expect(headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);

		// Only the page's own script element exists; every received "<script" is text.
		expect(html.match(/<script/g)).toHaveLength(1);
		expect(html).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
		expect(html).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
		expect(html).toContain('&lt;img src=x&gt;.txt');
		// The mail HTML goes into a sandboxed iframe's srcdoc, escaped once for the attribute.
		expect(html).toContain(
			'<iframe sandbox="" referrerpolicy="no-referrer" srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Hi &quot;there&quot;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;"></iframe>',
		);
		expect(html).toContain('SMS &lt;i&gt;body&lt;/i&gt;');
		expect(html).toContain('&lt;Response&gt;&lt;Say&gt;Hi&lt;/Say&gt;&lt;/Response&gt;');

		// Newest first: the Telegram message was received last.
		const order = [
			'telegram &lt;/pre&gt;',
			'class="card call"',
			'class="card sms"',
			'class="card mail"',
		].map((marker) => html.indexOf(marker));
		expect(order.every((position) => position > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	it('refreshes itself through the version counter and the fragment endpoint', async () => {
		const before = (await (await fetch(`${sandbox.httpUrl}/_sandbox/version`)).json()) as {
			version: number;
		};
		const { html } = await inbox();
		expect(html).toContain(`data-version="${before.version}"`);
		expect(html).toContain('setInterval(refresh, 2000)');
		expect(html).toContain('Nothing received yet.');

		await postJson(
			`${sandbox.urls.telegram}/bot${sandbox.credentials.telegram.token}/sendMessage`,
			{ chat_id: 1, text: 'fresh' },
		);
		const after = (await (await fetch(`${sandbox.httpUrl}/_sandbox/version`)).json()) as {
			version: number;
		};
		expect(after.version).toBeGreaterThan(before.version);
		const fragment = await (await fetch(`${sandbox.httpUrl}/_sandbox/inbox`)).text();
		expect(fragment).toContain('id="feed"');
		expect(fragment).toContain('fresh');
		expect(fragment).not.toContain('<script');
	});

	it('lists rejected and dropped requests so failures are visible too', async () => {
		await postJson(
			`${sandbox.urls.telegram}/bot${sandbox.credentials.telegram.token}/sendMessage`,
			{ chat_id: '403403', text: 'x' },
		);
		const { html } = await inbox();
		expect(html).toContain('class="card rejected"');
		expect(html).toContain('Forbidden: bot was blocked by the user');
	});
});
