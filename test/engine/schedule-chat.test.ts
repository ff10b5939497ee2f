// Telegram and WhatsApp communications outside their window are planned, then sent by the dispatcher
// through the node's webhook() with the participant's current data.
import { randomUUID } from 'node:crypto';

import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { TelegramCommunication } from '../../nodes/TelegramCommunication/TelegramCommunication.node';
import { WhatsAppCommunication } from '../../nodes/WhatsAppCommunication/WhatsAppCommunication.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, scheduledWorkflow } from '../support/engine/workflow';
import { chatCredentials, communicationOf, type ChatCredentialType } from '../support/chat-engine';
import { fakeDateOnly } from '../support/engine/clock';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [new TelegramCommunication(), new WhatsAppCommunication()],
			test: [new TestItems()],
		},
		credentials: chatCredentials(sandbox),
	});
}

function workflow(
	type: string,
	credential: ChatCredentialType,
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
) {
	return scheduledWorkflow(type, items, parameters, {
		[credential]: { id: `sandbox-${credential}`, name: 'Sandbox' },
	});
}

it('Telegram: sends in-window contacts now, plans the others and sends them later with current profile data', async () => {
	clock('2026-06-10T14:00:00Z'); // New York 10:00, Los Angeles 07:00
	const people = [
		{
			id: `ny-${randomUUID()}`,
			telegram_id: '8101',
			first_name: 'Nia',
			timezone: 'America/New_York',
		},
		{
			id: `la-${randomUUID()}`,
			telegram_id: '8102',
			first_name: 'Lou',
			timezone: 'America/Los_Angeles',
		},
	];
	const h = harness();
	await h.startWaitingServer();
	try {
		const first = await h.run(
			workflow('telegramCommunication', 'communicationTelegramApi', people, {
				startPhrase: 'Good morning *{{ first_name }}*',
				parseMode: 'MarkdownV2',
				communicationName: 'TG_MORNING',
			}),
		);
		expect(first.status).toBe('waiting');
		expect(sandbox.state().telegram.map((r) => r.body.chat_id)).toEqual(['8101']);
		expect(first.output('Node').map((o) => communicationOf(o).status)).toEqual([
			'sent',
			'scheduled',
		]);

		const ledger = await getLedger();
		await ledger.updateProfile(people[1].id, { first_name: 'Lou-Ann' });
		clock('2026-06-10T16:00:05Z'); // Los Angeles 09:00:05
		await dispatchDue(ledger, new Date(), { workerId: 'd1' });

		const done = h.resultFor(first.executionId);
		expect(done.status).toBe('success');
		expect(sandbox.state().telegram.map((r) => [r.body.chat_id, r.body.text])).toEqual([
			['8101', 'Good morning *Nia*'],
			['8102', 'Good morning *Lou\\-Ann*'],
		]);
		expect(done.output('Node').map((o) => communicationOf(o))).toEqual([
			expect.objectContaining({ status: 'sent', name: 'TG_MORNING' }),
			expect.objectContaining({ status: 'sent', name: 'TG_MORNING', telegramChatId: '8102' }),
		]);
		expect(done.ranNodes()).toContain('After');
	} finally {
		await h.close();
	}
});

it('WhatsApp: a template planned for the morning is sent once the window opens', async () => {
	clock('2026-06-10T03:00:00Z'); // Berlin 05:00
	const patient = {
		id: `be-${randomUUID()}`,
		phone: '+4915112345678',
		first_name: 'Ben',
		time: '11:00',
		timezone: 'Europe/Berlin',
	};
	const h = harness();
	await h.startWaitingServer();
	try {
		const first = await h.run(
			workflow('whatsAppCommunication', 'communicationWhatsAppApi', [patient], {
				templateName: 'appointment_reminder',
				languageCode: 'en_US',
				bodyParameters: { parameter: [{ text: '{{ first_name }}' }, { text: '{{ time }}' }] },
				communicationName: 'WA_REMINDER',
			}),
		);
		expect(first.status).toBe('waiting');
		expect(sandbox.state().whatsapp).toHaveLength(0);

		clock('2026-06-10T07:00:10Z'); // Berlin 09:00:10
		await dispatchDue(await getLedger(), new Date(), { workerId: 'd1' });
		const done = h.resultFor(first.executionId);
		expect(done.status).toBe('success');
		const [sent] = sandbox.state().whatsapp;
		expect(sent.body).toMatchObject({
			to: '4915112345678',
			template: {
				name: 'appointment_reminder',
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ben' },
							{ type: 'text', text: '11:00' },
						],
					},
				],
			},
		});
		expect(communicationOf(done.output('Node')[0])).toMatchObject({
			status: 'sent',
			name: 'WA_REMINDER',
			providerMessageId: sent.messageId,
		});
	} finally {
		await h.close();
	}
});
