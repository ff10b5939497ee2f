// The Telegram Bot API and WhatsApp Cloud API peers answer fetch with the providers' bodies and error codes.
import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

describe('Telegram peer', () => {
	const bot = (method: string, token = sandbox.credentials.telegram.token): string =>
		`${sandbox.urls.telegram}/bot${token}/${method}`;

	it('answers getMe and sendMessage (JSON and form)', async () => {
		const me = (await (await fetch(bot('getMe'))).json()) as {
			ok: boolean;
			result: Record<string, unknown>;
		};
		expect(me).toMatchObject({
			ok: true,
			result: {
				is_bot: true,
				id: sandbox.credentials.telegram.botId,
				username: sandbox.credentials.telegram.botUsername,
			},
		});

		const sent = await postJson(bot('sendMessage'), {
			chat_id: 4242,
			text: '<b>Hi</b> Ada',
			parse_mode: 'HTML',
		});
		expect(sent.status).toBe(200);
		expect(sent.body).toMatchObject({
			ok: true,
			result: {
				message_id: expect.any(Number),
				chat: { id: 4242, type: 'private' },
				text: '<b>Hi</b> Ada',
			},
		});

		const form = await fetch(bot('sendMessage'), {
			method: 'POST',
			body: new URLSearchParams({ chat_id: '-1001234', text: 'group hello' }),
		});
		expect(((await form.json()) as { result: { chat: { type: string } } }).result.chat.type).toBe(
			'supergroup',
		);

		const messages = sandbox.state().telegram.filter((record) => record.method === 'sendMessage');
		expect(messages.map((record) => record.body.chat_id)).toEqual([4242, '-1001234']);
		expect(messages[0].body).toMatchObject({ parse_mode: 'HTML' });
	});

	it('answers 401 for a wrong token, 403 for a blocked chat, 400 for an unknown chat and bad markup', async () => {
		const wrongToken = await postJson(bot('sendMessage', '1:wrong'), { chat_id: 1, text: 'x' });
		expect(wrongToken).toMatchObject({
			status: 401,
			body: { ok: false, error_code: 401, description: 'Unauthorized' },
		});
		const blocked = await postJson(bot('sendMessage'), { chat_id: '403403', text: 'x' });
		expect(blocked).toMatchObject({
			status: 403,
			body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
		});
		const unknown = await postJson(bot('sendMessage'), { chat_id: 404404, text: 'x' });
		expect(unknown).toMatchObject({
			status: 400,
			body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
		});
		const markup = await postJson(bot('sendMessage'), {
			chat_id: 1,
			text: 'a < b',
			parse_mode: 'HTML',
		});
		expect(markup.body.description).toMatch(/^Bad Request: can't parse entities/);
		const markdown = await postJson(bot('sendMessage'), {
			chat_id: 1,
			text: 'Dr. Ada',
			parse_mode: 'MarkdownV2',
		});
		expect(markdown.body.description).toMatch(/Character '\.' is reserved/);
		expect(sandbox.state().telegram).toHaveLength(0);
	});

	it('answers an injected 429 with parameters.retry_after', async () => {
		sandbox.faults.set('telegram', { failNext: { count: 1, status: 429, retryAfter: 3 } });
		const limited = await postJson(bot('sendMessage'), { chat_id: 1, text: 'x' });
		expect(limited).toMatchObject({
			status: 429,
			body: {
				ok: false,
				error_code: 429,
				description: 'Too Many Requests: retry after 3',
				parameters: { retry_after: 3 },
			},
		});
		const retried = await postJson(bot('sendMessage'), { chat_id: 1, text: 'x' });
		expect(retried.status).toBe(200);
	});
});

describe('WhatsApp peer', () => {
	const base = (): string =>
		`${sandbox.urls.whatsapp}/${sandbox.credentials.whatsapp.apiVersion}/${sandbox.credentials.whatsapp.phoneNumberId}`;
	const auth = (): Record<string, string> => ({
		Authorization: `Bearer ${sandbox.credentials.whatsapp.token}`,
	});
	const template = (
		name: string,
		body: string[] = [],
		language = 'en_US',
	): Record<string, unknown> => ({
		messaging_product: 'whatsapp',
		to: '+1 555 010 0200',
		type: 'template',
		template: {
			name,
			language: { code: language },
			components:
				body.length > 0
					? [{ type: 'body', parameters: body.map((text) => ({ type: 'text', text })) }]
					: [],
		},
	});

	it('fetches the phone number and sends a template message', async () => {
		const phone = await fetch(base(), { headers: auth() });
		expect(await phone.json()).toMatchObject({
			id: sandbox.credentials.whatsapp.phoneNumberId,
			display_phone_number: expect.any(String),
			verified_name: 'Sandbox Business',
		});

		const sent = await postJson(
			`${base()}/messages`,
			template('appointment_reminder', ['Ada', 'tomorrow 10:00']),
			auth(),
		);
		expect(sent.status).toBe(200);
		expect(sent.body).toMatchObject({
			messaging_product: 'whatsapp',
			contacts: [{ input: '+1 555 010 0200', wa_id: '15550100200' }],
			messages: [{ id: expect.stringMatching(/^wamid\./) }],
		});
		const records = sandbox.state().whatsapp;
		expect(records[1]).toMatchObject({
			method: 'POST',
			path: `/v21.0/${sandbox.credentials.whatsapp.phoneNumberId}/messages`,
			messageId: (sent.body.messages as Array<{ id: string }>)[0].id,
		});
		expect(records[1].body.template).toMatchObject({ name: 'appointment_reminder' });
	});

	it('answers a wrong token with a Graph OAuthException 190', async () => {
		const response = await postJson(`${base()}/messages`, template('hello_world'), {
			Authorization: 'Bearer nope',
		});
		expect(response.status).toBe(401);
		expect(response.body).toMatchObject({
			error: { type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) },
		});
	});

	it.each([
		['132001 for an unknown template', template('no_such_template'), 132001],
		['132001 for a rejected template', template('spring_promo'), 132001],
		['132001 for a language the template lacks', template('hello_world', [], 'de'), 132001],
		[
			'132000 for a parameter count mismatch',
			template('appointment_reminder', ['only one']),
			132000,
		],
		[
			'131026 for a number without WhatsApp',
			{ ...template('hello_world'), to: '15550100404' },
			131026,
		],
		[
			'131047 for free-form text outside the 24-hour window',
			{ messaging_product: 'whatsapp', to: '15550109999', type: 'text', text: { body: 'hi' } },
			131047,
		],
	])('answers %s', async (_label, body, code) => {
		const response = await postJson(`${base()}/messages`, body, auth());
		expect(response.status).toBeGreaterThanOrEqual(400);
		const error = response.body.error as Record<string, unknown>;
		expect(error).toMatchObject({
			code,
			type: 'OAuthException',
			message: expect.stringContaining(`(#${code})`),
			error_data: { messaging_product: 'whatsapp' },
		});
		expect(sandbox.state().whatsapp).toHaveLength(0);
	});

	it('answers 131056 once the pair rate limit is hit, and 130429 for an injected 429', async () => {
		sandbox.setSeed({ whatsappPairRateLimit: { max: 1, windowMs: 60_000 } });
		try {
			expect((await postJson(`${base()}/messages`, template('hello_world'), auth())).status).toBe(
				200,
			);
			const pair = await postJson(`${base()}/messages`, template('hello_world'), auth());
			expect((pair.body.error as Record<string, unknown>).code).toBe(131056);
		} finally {
			sandbox.setSeed({ whatsappPairRateLimit: null });
		}
		sandbox.faults.set('whatsapp', { failNext: { count: 1, status: 429, retryAfter: 5 } });
		const limited = await postJson(`${base()}/messages`, template('hello_world'), auth());
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('5');
		expect((limited.body.error as Record<string, unknown>).code).toBe(130429);
	});
});
