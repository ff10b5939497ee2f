// The Slack, Telegram and WhatsApp examples in the real n8n: what each one delivered to the sandbox.
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();

function communication(
	execution: Parameters<typeof nodeOutput>[0],
	nodeName: string,
): Record<string, unknown> {
	return (nodeOutput(execution, nodeName)[0]?.communication ?? {}) as Record<string, unknown>;
}

describe('chat examples in n8n', () => {
	it('new-lead-slack-alert posts Block Kit to #general and a DM to the owner found by email', async () => {
		const run = await e2e.runExample('new-lead-slack-alert');
		expect(run.execution.status).toBe('success');
		const lookups = run.delta.slack.filter((r) => r.method === 'users.lookupByEmail');
		expect(lookups.map((r) => r.args.email)).toEqual(['alice@example.com']);
		const posts = run.delta.slack.filter((r) => r.method === 'chat.postMessage');
		expect(posts.map((r) => r.args.channel)).toEqual(['C000000001', 'U0000ALICE']);
		const blocks = JSON.parse(String(posts[0].args.blocks)) as Array<{
			type: string;
			text?: { text: string };
		}>;
		expect(blocks.map((b) => b.type)).toEqual(['header', 'section']);
		expect(blocks[1].text?.text).toContain('*Dana Fox* (dana@example.com)');
		expect(posts[0].args.text).toBe('New high-priority lead: Dana Fox');
		expect(posts[1].args.text).toBe(
			'You own the new lead *Dana Fox* (dana@example.com). Please call them today.',
		);
		expect(communication(run.execution, 'Tell the Owner')).toMatchObject({
			status: 'sent',
			slackUserId: 'U0000ALICE',
		});
	});

	it('order-shipped-telegram sends the HTML start phrase with merge values escaped', async () => {
		const run = await e2e.runExample('order-shipped-telegram');
		expect(run.execution.status).toBe('success');
		expect(run.delta.telegram.map((r) => r.body)).toEqual([
			{
				chat_id: '123456789',
				text: 'Hello <b>Ann &amp; &lt;Co&gt;</b>, your order A-17 has shipped! Track it here: https://track.example.com/A-17',
				parse_mode: 'HTML',
				link_preview_options: { is_disabled: true },
			},
		]);
		expect(communication(run.execution, 'Telegram Communication')).toMatchObject({
			status: 'sent',
			channel: 'telegram',
		});
	});

	it('appointment-reminder-whatsapp sends the approved template with both body parameters in order', async () => {
		const run = await e2e.runExample('appointment-reminder-whatsapp');
		expect(run.execution.status).toBe('success');
		expect(run.delta.whatsapp.map((r) => r.body.template)).toEqual([
			{
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Maria' },
							{ type: 'text', text: 'tomorrow at 10:30' },
						],
					},
				],
			},
		]);
		expect(communication(run.execution, 'WhatsApp Communication')).toMatchObject({
			status: 'sent',
			to: ['+14155550123'],
		});
	});
});
