// Bugs of the shared send pipeline, each proven through a real workflow: consent for every
// channel, Customer Context without other schedule settings, best time from the call history,
// and the runner closed once when a resume sends nothing.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { conversationHandlers } from '../../nodes/shared/pipeline/conversation-node';
import { getLedger } from '../../nodes/shared/ledger';
import {
	scheduleProperties,
	communicationNameProperty,
} from '../../nodes/shared/schedule/description';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { resumeWebhooks } from '../../nodes/shared/schedule/webhooks';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { fakeDateOnly } from '../support/engine/clock';
import { sandboxSmtp } from '../support/engine/smtp';
import { useSandbox } from '../support/engine/sandbox';

const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function emailWorkflow(items: object[], parameters: Record<string, unknown>) {
	return chain(
		node('Source', 'test.testItems', { items: JSON.stringify(items) }),
		node(
			'Email',
			`${PKG}.emailCommunication`,
			{ emailFormat: 'text', subject: 'Hi', text: 'See you', ...parameters },
			{ credentials: { communicationSmtpApi: { id: '1', name: 'SMTP' } } },
		),
	);
}

function emailHarness() {
	return new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems()] },
		credentials: {
			communicationSmtpApi: sandboxSmtp(sandbox, { fromEmail: 'desk@acme.test' }),
		},
	});
}

const communication = (item: INodeExecutionData) =>
	item.json.communication as { status: string; warnings: string[]; scheduledFor: string | null };

describe('Consent: opt-out flags for every channel', () => {
	it('does not email a participant marked dnd or email_opt_out; the item is skipped with the reason', async () => {
		clock('2026-06-10T14:00:00Z');
		const items = [
			{ id: 'c-dnd', email: 'dnd@example.com', dnd: true },
			{ id: 'c-out', email: 'out@example.com', email_opt_out: 'yes' },
			{ id: 'c-sms', email: 'sms@example.com', sms_opt_out: true },
		];
		const result = await emailHarness().run(emailWorkflow(items, {}));
		expect(result.status).toBe('success');
		expect(sandbox.state().mails.map((m) => m.envelope.to[0])).toEqual(['sms@example.com']);
		const [dnd, out, sms] = result.output('Email');
		expect(communication(dnd)).toMatchObject({ status: 'skipped', success: false });
		expect(communication(dnd).warnings).toEqual([
			"Skipped: the participant does not want email ('dnd' is true), so nothing was sent.",
		]);
		expect(communication(out).warnings).toEqual([
			"Skipped: the participant does not want email ('email_opt_out' is true), so nothing was sent.",
		]);
		expect(communication(sms).status).toBe('sent');
	});
});

describe('Schedule section', () => {
	it('applies Customer Context when it is the only schedule setting', async () => {
		clock('2026-06-10T14:00:00Z');
		const result = await emailHarness().run(
			emailWorkflow([{ id: 'cc1', email: 'cc@example.com' }], {
				subject: 'Plan {{ plan }}',
				schedule: { customerContext: '{"plan": "gold"}' },
			}),
		);
		expect(result.status).toBe('success');
		expect(sandbox.state().mails.map((m) => m.subject)).toEqual(['Plan gold']);
	});

	it("picks Best Time to Contact from the participant's answered calls", async () => {
		clock('2026-06-10T06:00:00Z'); // 08:00 in Berlin
		const ledger = await getLedger();
		for (const day of ['01', '02', '03']) {
			await ledger.logCall({
				participantId: 'bt1',
				externalCallId: `bt1-${day}`,
				direction: 'outbound',
				from: null,
				to: null,
				status: 'completed',
				durationSeconds: 60,
				recordingUrl: null,
				occurredAt: `2026-06-${day}T13:20:00.000Z`, // 15:20 in Berlin
				data: {},
			});
		}
		const h = emailHarness();
		await h.startWaitingServer();
		try {
			const result = await h.run(
				emailWorkflow([{ id: 'bt1', email: 'bt@example.com', timezone: 'Europe/Berlin' }], {
					schedule: { from: '09:00', to: '18:00', bestTime: true },
				}),
			);
			const scheduled = communication(result.output('Email')[0]);
			expect(scheduled.status).toBe('scheduled');
			// 15:xx Berlin is 13:xx UTC.
			expect(scheduled.scheduledFor).toMatch(/^2026-06-10T13:/);
		} finally {
			await h.close();
		}
	});
});

// A conversation node whose runner fails at resume time and counts its close() calls.
const closes: string[] = [];
let failPrepare = false;
class CountingNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Counting',
		name: 'countingConversation',
		group: ['output'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Counting' },
		inputs: ['main'],
		outputs: ['main'],
		webhooks: resumeWebhooks,
		credentials: [{ name: 'communicationSmtpApi', required: true }],
		properties: [communicationNameProperty, ...scheduleProperties],
	};
	static handlers = conversationHandlers('communicationSmtpApi', () => ({
		channel: 'email' as const,
		defaultOutput: 'ok',
		schedulable: true,
		secrets: [],
		classify: () => ({ retry: false }),
		prepare: () => {
			if (failPrepare) throw new Error('the mailbox is gone');
			return { payload: 'p', to: ['x@example.com'], warnings: [] };
		},
		send: async () => ({ status: 'sent' as const }),
		close: () => {
			closes.push('close');
		},
	}));
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await CountingNode.handlers.execute.call(this);
	}
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await CountingNode.handlers.webhook.call(this);
	}
}

describe('Runner lifecycle', () => {
	it('closes the runner exactly once when every due item fails in prepare on resume', async () => {
		clock('2026-06-10T14:00:00Z');
		const h = new EngineHarness({
			nodes: { [PKG]: [new CountingNode()], test: [new TestItems()] },
			credentials: { communicationSmtpApi: { host: 'unused' } },
		});
		await h.startWaitingServer();
		try {
			const wf = chain(
				node('Source', 'test.testItems', {
					items: JSON.stringify([{ id: 'lc1', timezone: 'America/Los_Angeles' }]),
				}),
				node(
					'Counting',
					`${PKG}.countingConversation`,
					{ schedule: { from: '09:00', to: '18:00' } },
					{ credentials: { communicationSmtpApi: { id: '1', name: 'SMTP' } } },
				),
			);
			const first = await h.run(wf);
			expect(first.nodeError('Counting')?.message).toBeUndefined();
			expect(first.status).toBe('waiting');
			expect(closes).toEqual(['close']);
			closes.length = 0;
			failPrepare = true;
			clock('2026-06-10T16:00:05Z');
			await dispatchDue(await getLedger(), new Date(), { workerId: 'd1' });
			const done = h.resultFor(first.executionId);
			expect(done.status).toBe('success');
			expect(communication(done.output('Counting')[0]).status).toBe('failed');
			expect(closes).toEqual(['close']);
		} finally {
			await h.close();
		}
	});
});
