// WhatsApp Communication through the real n8n engine against the sandbox's Cloud API (Graph) peer over HTTP.
import { WhatsAppCommunication } from '../../nodes/WhatsAppCommunication/WhatsAppCommunication.node';
import { DEFAULT_SEED, startSandbox, type Sandbox } from '../../sandbox';
import {
	chatHarness,
	closedPortUrl,
	communicationOf,
	everythingSaid,
	itemsInto,
	timed,
} from '../support/chat-engine';

let sandbox: Sandbox;
const whatsApp = () => new WhatsAppCommunication();
const CRED = 'communicationWhatsAppApi';
const continueRegular = { onError: 'continueRegularOutput' as const };
// Valid numbers (libphonenumber's full metadata refuses the fictional 555-01xx range).
const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;
const NOT_ON_WHATSAPP = phone(404);

const bodyParams = (...texts: string[]) => ({ parameter: texts.map((text) => ({ text })) });
const reminder = (extra: Record<string, unknown> = {}) => ({
	templateName: 'appointment_reminder',
	languageCode: 'en_US',
	bodyParameters: bodyParams('{{ name }}', '{{ time }}'),
	...extra,
});

beforeAll(async () => {
	sandbox = await startSandbox({
		seed: {
			whatsappTemplates: [
				...DEFAULT_SEED.whatsappTemplates,
				{
					name: 'order_confirmation',
					language: 'en_US',
					status: 'APPROVED',
					bodyParams: 3,
					headerParams: 1,
				},
			],
			whatsappNotOnWhatsApp: [NOT_ON_WHATSAPP.slice(1)],
		},
	});
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

function messages() {
	return sandbox
		.state()
		.whatsapp.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
}

function messageRequests() {
	return sandbox
		.state()
		.requests.filter((r) => r.peer === 'whatsapp' && r.path.endsWith('/messages'));
}

describe('WhatsApp Communication: request shape', () => {
	it('sends the template with header, three body parameters in order and button parameters', async () => {
		const participant = {
			id: 'w1',
			phone: '+1 (415) 555-0123',
			first_name: 'Ann',
			order: { id: 'A-17', total: 42.5 },
			eta: 'Friday',
		};
		const wf = itemsInto([participant], 'whatsAppCommunication', CRED, {
			templateName: 'order_confirmation',
			languageCode: 'en_US',
			headerParameters: { parameter: [{ type: 'text', value: 'Order {{ order.id }}' }] },
			bodyParameters: bodyParams(
				'{{ contact.first_name }}',
				'{{ order.total }} EUR',
				'arrives\n{{ eta }}',
			),
			buttonParameters: {
				button: [
					{ subType: 'url', index: 0, value: 'track/{{ order.id }}' },
					{ subType: 'quick_reply', index: 1, value: 'STOP_{{ id }}' },
				],
			},
		});
		const result = await chatHarness(sandbox, whatsApp()).run(wf);
		expect(result.status).toBe('success');

		const [received] = messages();
		expect(messages()).toHaveLength(1);
		expect(received.path).toBe(
			`/${sandbox.credentials.whatsapp.apiVersion}/${sandbox.credentials.whatsapp.phoneNumberId}/messages`,
		);
		expect(received.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '14155550123',
			type: 'template',
			template: {
				name: 'order_confirmation',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'text', text: 'Order A-17' }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ann' },
							{ type: 'text', text: '42.5 EUR' },
							{ type: 'text', text: 'arrives Friday' },
						],
					},
					{
						type: 'button',
						sub_type: 'url',
						index: '0',
						parameters: [{ type: 'text', text: 'track/A-17' }],
					},
					{
						type: 'button',
						sub_type: 'quick_reply',
						index: '1',
						parameters: [{ type: 'payload', payload: 'STOP_w1' }],
					},
				],
			},
		});
		const [out] = result.output('Node');
		expect(communicationOf(out)).toMatchObject({
			channel: 'whatsapp',
			status: 'sent',
			success: true,
			output: 'WhatsApp message has been successfully sent.',
			participantId: 'w1',
			to: ['+14155550123'],
			providerMessageId: received.messageId,
			whatsappWaId: '14155550123',
			whatsappMessageStatus: 'accepted',
			attempts: 1,
		});
	});

	it('sends a media header as a link, and a template without parameters without components', async () => {
		const h = chatHarness(sandbox, whatsApp());
		const hello = await h.run(
			itemsInto([{ id: 'a', phone: phone(1) }], 'whatsAppCommunication', CRED, {
				templateName: 'hello_world',
				languageCode: 'en_US',
			}),
		);
		const update = await h.run(
			itemsInto([{ id: 'b', phone: phone(2) }], 'whatsAppCommunication', CRED, {
				templateName: 'order_update',
				languageCode: 'en',
				headerParameters: {
					parameter: [
						{
							type: 'document',
							value: 'https://files.example.com/invoice.pdf',
							filename: 'invoice.pdf',
						},
					],
				},
				bodyParameters: bodyParams('shipped'),
			}),
		);
		expect([hello.status, update.status]).toEqual(['success', 'success']);
		expect(messages().map((m) => m.body.template)).toEqual([
			{ name: 'hello_world', language: { code: 'en_US' } },
			{
				name: 'order_update',
				language: { code: 'en' },
				components: [
					{
						type: 'header',
						parameters: [
							{
								type: 'document',
								document: {
									link: 'https://files.example.com/invoice.pdf',
									filename: 'invoice.pdf',
								},
							},
						],
					},
					{ type: 'body', parameters: [{ type: 'text', text: 'shipped' }] },
				],
			},
		]);
	});
});

describe('WhatsApp Communication: Graph errors as messages a user understands', () => {
	it.each([
		[
			'a rejected template',
			{ templateName: 'spring_promo', bodyParameters: {} },
			phone(10),
			'The template does not exist in this language or is not approved yet',
		],
		[
			'an unknown template',
			{ templateName: 'no_such_template', bodyParameters: {} },
			phone(11),
			'The template does not exist in this language or is not approved yet',
		],
		[
			'a template in another language',
			{ languageCode: 'de' },
			phone(12),
			'The template does not exist in this language or is not approved yet',
		],
		[
			'a paused template',
			{ templateName: 'winter_promo', bodyParameters: {} },
			phone(13),
			'The template is paused because of low quality',
		],
		[
			'a parameter count mismatch',
			{ bodyParameters: bodyParams('only one') },
			phone(14),
			'The number of template parameters does not match the template',
		],
		[
			'a recipient without WhatsApp',
			{},
			NOT_ON_WHATSAPP,
			'The recipient cannot receive WhatsApp messages',
		],
	])('%s', async (_what, parameters, to, message) => {
		const wf = itemsInto(
			[{ id: 'e', phone: to, name: 'Ann', time: '10:00' }],
			'whatsAppCommunication',
			CRED,
			reminder(parameters),
			continueRegular,
		);
		const result = await chatHarness(sandbox, whatsApp()).run(wf);
		const [out] = result.output('Node');
		expect(out.json.error).toContain(message);
		expect(communicationOf(out)).toMatchObject({ status: 'failed', attempts: 1 });
	});

	it('an invalid token (190) and an unknown phone number ID, without ever showing the token', async () => {
		const wrong = 'EAAwrongWrongWrongToken0000';
		const badToken = chatHarness(sandbox, whatsApp(), {
			communicationWhatsAppApi: { accessToken: wrong },
		});
		const first = await badToken.run(
			itemsInto(
				[{ id: 't', phone: phone(20), name: 'A', time: 'B' }],
				'whatsAppCommunication',
				CRED,
				reminder(),
			),
		);
		expect(first.nodeError('Node')?.message).toContain(
			'The WhatsApp access token is invalid or has expired',
		);
		expect(everythingSaid(first.run)).not.toContain(wrong);

		const badId = chatHarness(sandbox, whatsApp(), {
			communicationWhatsAppApi: { phoneNumberId: '999' },
		});
		const second = await badId.run(
			itemsInto(
				[{ id: 't', phone: phone(21), name: 'A', time: 'B' }],
				'whatsAppCommunication',
				CRED,
				reminder(),
			),
		);
		expect(second.nodeError('Node')?.message).toContain(
			'The Phone Number ID in the WhatsApp credential does not exist',
		);
		expect(everythingSaid(second.run)).not.toContain(sandbox.credentials.whatsapp.token);
	});
});

describe('WhatsApp Communication: bad input is caught before sending', () => {
	it('refuses a missing or invalid phone, an empty parameter and a malformed template name', async () => {
		const items = [
			{ id: 'no-phone', name: 'A', time: 'B' },
			{ id: 'bad-phone', phone: '12', name: 'A', time: 'B' },
			{ id: 'empty', phone: phone(30), name: 'A' },
			{ id: 'ok', phone: phone(31), name: 'A', time: 'B' },
		];
		const wf = itemsInto(items, 'whatsAppCommunication', CRED, reminder(), continueRegular);
		const result = await chatHarness(sandbox, whatsApp()).run(wf);
		const out = result.output('Node');
		expect(out[0].json.error).toContain("The participant's phone is empty");
		expect(out[1].json.error).toContain("The participant's phone entry '12'");
		expect(out[2].json.error).toContain(
			'Body parameter 2 is empty because merge field {{ time }} has no value',
		);
		expect(communicationOf(out[3])).toMatchObject({ status: 'sent' });
		expect(messages().map((m) => m.body.to)).toEqual(['14155550031']);

		const badName = await chatHarness(sandbox, whatsApp()).run(
			itemsInto(
				[{ id: 'n', phone: phone(32) }],
				'whatsAppCommunication',
				CRED,
				{ templateName: 'Order Update', languageCode: 'en_US' },
				continueRegular,
			),
		);
		expect(badName.output('Node')[0].json.error).toContain(
			"Template Name 'Order Update' is not a WhatsApp template name",
		);
	});
});

describe('WhatsApp Communication: rate limits and dead servers', () => {
	afterEach(() => sandbox.setSeed({ whatsappPairRateLimit: null }));

	it('retries the pair rate limit (131056) with backoff until the message goes through', async () => {
		sandbox.setSeed({ whatsappPairRateLimit: { max: 1, windowMs: 600 } });
		const items = [
			{ id: 'first', phone: phone(40), name: 'A', time: '1' },
			{ id: 'second', phone: phone(40), name: 'A', time: '2' },
		];
		const wf = itemsInto(
			items,
			'whatsAppCommunication',
			CRED,
			reminder({ options: { maxConcurrentSends: 1, retryCount: 3 } }),
		);
		const result = await chatHarness(sandbox, whatsApp()).run(wf);
		expect(result.status).toBe('success');
		expect(messages()).toHaveLength(2);
		expect(messageRequests().some((r) => r.error === '131056')).toBe(true);
		expect(Number(communicationOf(result.output('Node')[1]).attempts)).toBeGreaterThanOrEqual(2);
	});

	it('honours Retry-After on a 429 (130429) and sends once', async () => {
		sandbox.faults.set('whatsapp', { failNext: { count: 1, status: 429, retryAfter: 1 } });
		const wf = itemsInto(
			[{ id: 'r', phone: phone(41), name: 'A', time: 'B' }],
			'whatsAppCommunication',
			CRED,
			reminder(),
		);
		const { value: result, ms } = await timed(
			async () => await chatHarness(sandbox, whatsApp()).run(wf),
		);
		expect(result.status).toBe('success');
		expect(messageRequests().map((r) => [r.status, r.error])).toEqual([
			[429, '130429'],
			[200, null],
		]);
		expect(messages()).toHaveLength(1);
		expect(ms).toBeGreaterThanOrEqual(1000);
		expect(ms).toBeLessThan(2500);
	});

	it('fails in bounded time on dropped connections and on a server that is gone', async () => {
		sandbox.faults.set('whatsapp', { dropNext: 3 });
		const wf = itemsInto(
			[{ id: 'd', phone: phone(42), name: 'A', time: 'B' }],
			'whatsAppCommunication',
			CRED,
			reminder(),
			continueRegular,
		);
		const dropped = await timed(async () => await chatHarness(sandbox, whatsApp()).run(wf));
		expect(dropped.value.output('Node')[0].json.error).toContain(
			'Could not reach WhatsApp Cloud API: the connection was dropped',
		);
		expect(communicationOf(dropped.value.output('Node')[0])).toMatchObject({ attempts: 3 });
		expect(dropped.ms).toBeLessThan(5000);

		const baseUrl = await closedPortUrl('/whatsapp');
		const gone = chatHarness(sandbox, whatsApp(), { communicationWhatsAppApi: { baseUrl } });
		const refused = await timed(
			async () =>
				await gone.run(
					itemsInto(
						[{ id: 'g', phone: phone(43), name: 'A', time: 'B' }],
						'whatsAppCommunication',
						CRED,
						reminder({ options: { retryCount: 0 } }),
						continueRegular,
					),
				),
		);
		expect(refused.value.output('Node')[0].json.error).toContain(
			'Could not reach WhatsApp Cloud API: the connection was refused',
		);
		expect(refused.ms).toBeLessThan(2000);
	});
});

describe('WhatsApp Communication: throughput', () => {
	it('sends 100 items once each, output in input order', async () => {
		sandbox.faults.set('whatsapp', { latencyMs: 5 });
		const items = Array.from({ length: 100 }, (_v, i) => ({
			id: `w${i}`,
			phone: phone(1000 + i),
			name: `N${i}`,
			time: `${i}:00`,
		}));
		const wf = itemsInto(
			items,
			'whatsAppCommunication',
			CRED,
			reminder({ options: { maxConcurrentSends: 10 } }),
		);
		const result = await chatHarness(sandbox, whatsApp()).run(wf);
		expect(result.status).toBe('success');
		const recipients = messages().map((m) => m.body.to);
		expect(recipients).toHaveLength(100);
		expect(new Set(recipients).size).toBe(100);
		const out = result.output('Node');
		expect(out.map((o) => o.json.id)).toEqual(items.map((i) => i.id));
		expect(out.map((o) => communicationOf(o).to)).toEqual(items.map((i) => [i.phone]));
	});
});

describe('WhatsApp credential test', () => {
	it('passes by fetching the phone number and fails with a wrong token without echoing it', async () => {
		const h = chatHarness(sandbox, whatsApp());
		const { token, phoneNumberId, apiVersion, displayPhoneNumber } = sandbox.credentials.whatsapp;
		const data = { accessToken: token, phoneNumberId, apiVersion, baseUrl: sandbox.urls.whatsapp };
		const base = { id: 'c1', name: 'WhatsApp', type: CRED };
		const ok = await h.testCredential(whatsApp(), 'communicationWhatsAppApiTest', {
			...base,
			data,
		});
		expect(ok).toEqual({
			status: 'OK',
			message: `Connected to Sandbox Business, ${displayPhoneNumber}`,
		});

		const wrong = 'EAAthisIsNotTheToken123';
		const bad = await h.testCredential(whatsApp(), 'communicationWhatsAppApiTest', {
			...base,
			data: { ...data, accessToken: wrong },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('access token is invalid or has expired');
		expect(bad.message).not.toContain(wrong);
	});
});
