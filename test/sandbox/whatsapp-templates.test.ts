// The WhatsApp peer's message templates: Graph's paged template list for the business account,
// and template sends refused like Graph does (disabled template, missing URL button value).
import { startSandbox, type Sandbox } from '../../sandbox';
import { postJson } from './support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const version = () => sandbox.credentials.whatsapp.apiVersion;
const auth = () => ({ Authorization: `Bearer ${sandbox.credentials.whatsapp.token}` });
const list = (query = '', account = sandbox.credentials.whatsapp.businessAccountId) =>
	`${sandbox.urls.whatsapp}/${version()}/${account}/message_templates${query}`;

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(url, { headers: auth() });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /{waba-id}/message_templates', () => {
	it('pages through every template with Graph cursors; `next` only while more follow', async () => {
		const names: string[] = [];
		const statuses: string[] = [];
		let url = list('?fields=name,language,status,category,components&limit=100');
		for (let pages = 1; ; pages++) {
			const { status, body } = await getJson(url);
			expect(status).toBe(200);
			const data = body.data as Array<Record<string, unknown>>;
			expect(data.length).toBeLessThanOrEqual(3);
			names.push(...data.map((t) => String(t.name)));
			statuses.push(...data.map((t) => String(t.status)));
			const paging = body.paging as { cursors: { after: string }; next?: string };
			expect(paging.cursors.after).toEqual(expect.any(String));
			if (!paging.next) {
				expect(pages).toBe(3);
				break;
			}
			url = paging.next;
		}
		expect(names).toEqual([
			'hello_world',
			'appointment_reminder',
			'order_update',
			'spring_promo',
			'winter_promo',
			'delivery_tracking',
			'summer_sale',
		]);
		expect(new Set(statuses)).toEqual(new Set(['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED']));
	});

	it('describes each template with components and {{n}} placeholders, only the fields asked for', async () => {
		const { body } = await getJson(list('?name=delivery&fields=name,language,components'));
		expect(body.data).toEqual([
			{
				id: expect.any(String),
				name: 'delivery_tracking',
				language: 'de',
				components: [
					expect.objectContaining({ type: 'BODY', text: 'Message delivery tracking {{1}}' }),
					{ type: 'FOOTER', text: 'Sandbox Business' },
					{
						type: 'BUTTONS',
						buttons: [
							expect.objectContaining({ type: 'URL', url: 'https://example.com/track/{{1}}' }),
							{ type: 'QUICK_REPLY', text: 'Reply 1' },
						],
					},
				],
			},
		]);
		expect(body.paging).not.toHaveProperty('next');
	});

	it('refuses an unknown account and a cursor it did not issue, with Graph errors', async () => {
		const unknown = await getJson(list('', '999'));
		expect(unknown.status).toBe(400);
		expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 33 });
		const cursor = await getJson(list('?after=bm9wZQ'));
		expect(cursor.body.error).toMatchObject({ code: 100 });
	});
});

describe('template sends the peer refuses', () => {
	const messages = () =>
		`${sandbox.urls.whatsapp}/${version()}/${sandbox.credentials.whatsapp.phoneNumberId}/messages`;
	const send = async (template: Record<string, unknown>) =>
		await postJson(
			messages(),
			{ messaging_product: 'whatsapp', to: '15550100200', type: 'template', template },
			auth(),
		);

	it('132016 for a disabled template, 131008 for a URL button without its value', async () => {
		const disabled = await send({ name: 'summer_sale', language: { code: 'en_US' } });
		expect(disabled.body.error).toMatchObject({
			code: 132016,
			message: '(#132016) Template is disabled',
		});

		const body = { type: 'body', parameters: [{ type: 'text', text: 'Ann' }] };
		const tracking = { name: 'delivery_tracking', language: { code: 'de' } };
		const missing = await send({ ...tracking, components: [body] });
		expect(missing.body.error).toMatchObject({
			code: 131008,
			error_data: { details: 'buttons: Button at index 0 of type Url requires a parameter' },
		});
		const button = {
			type: 'button',
			sub_type: 'url',
			index: '0',
			parameters: [{ type: 'text', text: 'A-17' }],
		};
		expect((await send({ ...tracking, components: [body, button] })).status).toBe(200);
	});

	it('132000 with Graph details when the body count does not match', async () => {
		const response = await send({ name: 'delivery_tracking', language: { code: 'de' } });
		expect(response.body.error).toMatchObject({
			code: 132000,
			message: '(#132000) Number of parameters does not match the expected number of params',
			error_data: {
				details:
					'body: number of localizable_params (0) does not match the expected number of params (1)',
			},
		});
	});
});
