// The Slack, Telegram and WhatsApp example workflows, run through the engine against the sandbox:
// their nodes exactly as in examples/*.json, fed with the example's own webhook body.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { SlackMessage } from '../../nodes/SlackMessage/SlackMessage.node';
import { TelegramCommunication } from '../../nodes/TelegramCommunication/TelegramCommunication.node';
import { WhatsAppCommunication } from '../../nodes/WhatsAppCommunication/WhatsAppCommunication.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { EngineHarness, type WorkflowJson } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { chain, node, PKG } from '../support/engine/workflow';
import { chatCredentials, communicationOf } from '../support/chat-engine';

interface ExampleFile {
	nodes: INode[];
	meta: { exampleRun: { request: { body: Record<string, unknown> } } };
}

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

/** Our package's nodes from the example, in order, after a source that emits the webhook body (what the Set node passes on). */
function exampleWorkflow(file: string): { workflow: WorkflowJson; names: string[] } {
	const example = JSON.parse(
		readFileSync(join(__dirname, '../../examples', file), 'utf8'),
	) as ExampleFile;
	const ours = example.nodes.filter((n) => n.type.startsWith(`${PKG}.`));
	const source = node('Source', 'test.testItems', {
		items: JSON.stringify([example.meta.exampleRun.request.body]),
	});
	return {
		workflow: { ...chain(source, ...ours), id: `example-${file}` },
		names: ours.map((n) => n.name),
	};
}

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [new SlackMessage(), new TelegramCommunication(), new WhatsAppCommunication()],
			test: [new TestItems()],
		},
		credentials: chatCredentials(sandbox),
	});
}

it('new-lead-slack-alert: blocks to #general, then a DM to the owner found by email', async () => {
	const { workflow, names } = exampleWorkflow('new-lead-slack-alert.json');
	const result = await harness().run(workflow);
	expect(result.status).toBe('success');
	const posts = sandbox.state().slack.filter((r) => r.method === 'chat.postMessage');
	expect(posts.map((p) => p.result.channel)).toEqual(['C000000001', 'D000000001']);
	expect(JSON.parse(String(posts[0].args.blocks))[1].text.text).toBe(
		'*Dana Fox* (dana@example.com) came in from the website form. Please check the details.',
	);
	expect(posts[1].args).toMatchObject({
		channel: 'U0000ALICE',
		text: 'You own the new lead *Dana Fox* (dana@example.com). Please call them today.',
	});
	expect(names.map((name) => communicationOf(result.output(name)[0]).status)).toEqual([
		'sent',
		'sent',
	]);
});

it('order-shipped-telegram: HTML start phrase with the customer name escaped', async () => {
	const { workflow } = exampleWorkflow('order-shipped-telegram.json');
	const result = await harness().run(workflow);
	expect(result.status).toBe('success');
	expect(sandbox.state().telegram.map((r) => r.body)).toEqual([
		{
			chat_id: '123456789',
			text: 'Hello <b>Ann &amp; &lt;Co&gt;</b>, your order A-17 has shipped! Track it here: https://track.example.com/A-17',
			parse_mode: 'HTML',
			link_preview_options: { is_disabled: true },
		},
	]);
});

it('appointment-reminder-whatsapp: approved template with the two body parameters', async () => {
	const { workflow } = exampleWorkflow('appointment-reminder-whatsapp.json');
	const result = await harness().run(workflow);
	expect(result.status).toBe('success');
	expect(sandbox.state().whatsapp.map((r) => r.body)).toEqual([
		{
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '14155550123',
			type: 'template',
			template: {
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
		},
	]);
});
