// The one send function per provider (transport/), against the sandbox peers over real sockets.
import { InputError, ProviderError } from '../../nodes/shared/errors';
import { createSlackClient } from '../../nodes/shared/transport/slack';
import { postSlackMessage } from '../../nodes/shared/transport/slack-post';
import {
	createSmtpTransport,
	sendSmtpMessage,
	smtpSettingsFrom,
	type SmtpSettings,
} from '../../nodes/shared/transport/smtp';
import { sendTelegramMessage, TelegramClient } from '../../nodes/shared/transport/telegram';
import { twilioSettingsFrom } from '../../nodes/shared/transport/twilio';
import { createTwilioRest } from '../../nodes/shared/transport/twilio-rest';
import {
	checkFromNumber,
	credentialSender,
	requireCredentialSender,
	sendTwilioSms,
} from '../../nodes/shared/transport/twilio-sms';
import { WhatsAppClient } from '../../nodes/shared/transport/whatsapp';
import {
	whatsAppBodyComponent,
	whatsAppTemplateMessage,
	whatsAppTextMessage,
} from '../../nodes/shared/transport/whatsapp-message';
import { startSandbox, type Sandbox } from '../../sandbox';
import { chatCredentials } from '../support/chat-engine';
import { closedPort } from '../support/closed-port';
import { twilioCredentials } from '../support/twilio-engine';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('Expected the promise to reject');
}

describe('sendSmtpMessage', () => {
	const settings = (): SmtpSettings =>
		smtpSettingsFrom({
			host: sandbox.smtp.host,
			port: sandbox.smtp.port,
			security: 'none',
			user: sandbox.smtp.user ?? '',
			password: sandbox.smtp.pass ?? '',
			poolSize: 1,
		});

	it('delivers one message and reports who accepted it', async () => {
		const smtp = settings();
		const transport = await createSmtpTransport(smtp);
		try {
			const info = await sendSmtpMessage(transport, smtp, {
				from: { name: 'Acme', address: 'team@acme.test' },
				to: [{ address: 'alice@example.com' }],
				subject: 'Hello',
				text: 'Hi Alice',
				messageId: '<hello-1@acme.test>',
				envelope: { from: 'team@acme.test', to: ['alice@example.com'] },
			});
			expect(info.accepted).toEqual(['alice@example.com']);
			expect(info.messageId).toBe('<hello-1@acme.test>');
		} finally {
			transport.close();
		}
		const [mail] = sandbox.state().mails;
		expect(mail).toMatchObject({ subject: 'Hello', envelope: { to: ['alice@example.com'] } });
		expect(mail.text?.trim()).toBe('Hi Alice');
	});

	it('delivers bodies whole over SMTP: a line that starts with a dot, a lone dot, non-ASCII, an attachment', async () => {
		const smtp = settings();
		const transport = await createSmtpTransport(smtp);
		const text = 'first line\n.starts with a dot\n.\n..two dots\nGrüße, Zoë';
		const attachment = Buffer.from([0x2e, 0x0d, 0x0a, 0x2e, 0x00, 0xff]);
		try {
			await sendSmtpMessage(transport, smtp, {
				from: { name: 'Acme Über', address: 'team@acme.test' },
				to: [{ name: 'Zoë', address: 'zoe@example.com' }],
				subject: 'Grüße',
				text,
				attachments: [{ filename: 'dots.bin', content: attachment }],
				messageId: '<dots-1@acme.test>',
				envelope: { from: 'team@acme.test', to: ['zoe@example.com'] },
			});
		} finally {
			transport.close();
		}
		const [mail] = sandbox.state().mails;
		expect(mail.subject).toBe('Grüße');
		expect(mail.text?.replace(/\n$/, '')).toBe(text);
		expect(mail.attachments[0]).toMatchObject({
			filename: 'dots.bin',
			content: attachment.toString('base64'),
		});
	});

	it('turns a refused connection into a transient ProviderError naming host and port', async () => {
		const smtp = { ...settings(), port: await closedPort() };
		const transport = await createSmtpTransport(smtp);
		try {
			const error = await rejection(
				sendSmtpMessage(transport, smtp, {
					from: { address: 'a@acme.test' },
					to: [{ address: 'b@example.com' }],
					subject: 'x',
					text: 'x',
					messageId: '<x-1@acme.test>',
					envelope: { from: 'a@acme.test', to: ['b@example.com'] },
				}),
			);
			expect(error).toBeInstanceOf(ProviderError);
			expect((error as ProviderError).message).toBe(
				`Could not connect to the SMTP server at ${smtp.host}:${smtp.port} (connection refused). Check host and port.`,
			);
			expect((error as ProviderError).transient).toBe(true);
		} finally {
			transport.close();
		}
	});
});

describe('Twilio sender checks', () => {
	const mg = `MG${'a'.repeat(32)}`;

	it('prefers the From number, written as E.164', () => {
		expect(
			credentialSender({ fromNumber: '+1 500-555-0006', messagingServiceSid: mg }, undefined),
		).toEqual({ from: '+15005550006' });
		expect(
			credentialSender({ fromNumber: '(500) 555-0006', messagingServiceSid: '' }, 'US'),
		).toEqual({
			from: '+15005550006',
		});
		expect(credentialSender({ fromNumber: 'ACME', messagingServiceSid: '' }, undefined)).toEqual({
			from: 'ACME',
		});
	});

	it('answers a sender it checked before the same way, per default country, and keeps refusing a bad one', () => {
		for (let round = 0; round < 3; round++) {
			expect(checkFromNumber('From', '(500) 555-0006', 'US')).toBe('+15005550006');
			// The same digits read with another default country are another number.
			expect(checkFromNumber('From', '020 7946 0018', 'GB')).toBe('+442079460018');
			expect(() => checkFromNumber('From', '020 7946 0018', 'US')).toThrow(/From/);
			expect(() => checkFromNumber('Default From', 'not a number!', undefined)).toThrow(
				/Default From/,
			);
		}
	});

	it('falls back to the Messaging Service, checked, and to nothing', () => {
		expect(credentialSender({ fromNumber: '', messagingServiceSid: mg }, undefined)).toEqual({
			messagingServiceSid: mg,
		});
		expect(() =>
			credentialSender({ fromNumber: '', messagingServiceSid: 'MG1' }, undefined),
		).toThrow(
			"The credential's Default Messaging Service SID 'MG1' is not a Messaging Service SID (MG followed by 32 hex characters)",
		);
		expect(
			credentialSender({ fromNumber: '', messagingServiceSid: '' }, undefined),
		).toBeUndefined();
		expect(() =>
			requireCredentialSender({ fromNumber: '', messagingServiceSid: '' }, undefined),
		).toThrow(
			new InputError(
				'The Twilio credential has no Default From Number or Default Messaging Service SID to send from',
			),
		);
	});
});

describe('sendTwilioSms', () => {
	const client = async () =>
		createTwilioRest(twilioSettingsFrom(twilioCredentials(sandbox)), { timeoutMs: 5_000 });

	it('sends a text from a number and an MMS without text through a Messaging Service', async () => {
		const twilio = await client();
		const text = await sendTwilioSms(twilio, {
			to: '+14155550123',
			from: sandbox.credentials.twilio.fromNumber,
			body: 'See you at 10',
			statusCallback: 'https://example.com/status',
		});
		expect(text).toEqual({ sid: expect.stringMatching(/^SM/), status: 'queued', numSegments: 1 });
		const mms = await sendTwilioSms(twilio, {
			to: '+14155550124',
			messagingServiceSid: sandbox.credentials.twilio.messagingServiceSid,
			body: '',
			mediaUrl: ['https://example.com/a.png'],
		});
		expect(mms.status).toBe('accepted');
		const [first, second] = sandbox.state().sms;
		expect(first).toMatchObject({
			sid: text.sid,
			body: 'See you at 10',
			statusCallback: 'https://example.com/status',
		});
		expect(second).toMatchObject({ from: null, mediaUrls: ['https://example.com/a.png'] });
		expect(second.fields.Body).toBeUndefined();
	});

	it("describes Twilio's refusal as a final ProviderError", async () => {
		const error = await rejection(
			sendTwilioSms(await client(), {
				to: '+1415',
				from: sandbox.credentials.twilio.fromNumber,
				body: 'x',
			}),
		);
		expect(error).toBeInstanceOf(ProviderError);
		expect((error as ProviderError).message).toMatch(
			/^The 'To' number is not a valid phone number for Twilio \(21211\)/,
		);
		expect((error as ProviderError).transient).toBe(false);
	});
});

describe('WhatsApp messages through WhatsAppClient.sendMessage', () => {
	const client = () => {
		const data = chatCredentials(sandbox).communicationWhatsAppApi;
		return new WhatsAppClient(
			{
				accessToken: String(data.accessToken),
				phoneNumberId: String(data.phoneNumberId),
				apiVersion: String(data.apiVersion),
				baseUrl: String(data.baseUrl),
			},
			5_000,
		);
	};

	it('builds text and template messages with the number as digits', () => {
		expect(whatsAppTextMessage('+15550100200', 'Hi')).toEqual({
			recipient_type: 'individual',
			to: '15550100200',
			type: 'text',
			text: { body: 'Hi', preview_url: false },
		});
		expect(whatsAppTemplateMessage('+15550100200', 'hello_world', 'en_US')).toEqual({
			recipient_type: 'individual',
			to: '15550100200',
			type: 'template',
			template: { name: 'hello_world', language: { code: 'en_US' } },
		});
		expect(whatsAppBodyComponent([])).toBeUndefined();
	});

	it('sends free text inside the 24-hour window and a template with body parameters', async () => {
		const whatsapp = client();
		const text = await whatsapp.sendMessage(whatsAppTextMessage('+15550100200', 'Hi there'));
		expect(text.messageId).toMatch(/^wamid\./);
		const body = whatsAppBodyComponent(['Ada', 'Monday']);
		const template = await whatsapp.sendMessage(
			whatsAppTemplateMessage('+15550100300', 'appointment_reminder', 'en_US', body ? [body] : []),
		);
		expect(template.waId).toBe('15550100300');
		const sent = sandbox.state().whatsapp.filter((r) => r.messageId !== null);
		expect(sent.map((r) => r.body.type)).toEqual(['text', 'template']);
		expect(sent[1].body).toMatchObject({
			messaging_product: 'whatsapp',
			template: {
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ada' },
							{ type: 'text', text: 'Monday' },
						],
					},
				],
			},
		});
	});

	it('refuses free text outside the window with a message that says why', async () => {
		const error = await rejection(client().sendMessage(whatsAppTextMessage('+15550100301', 'Hi')));
		expect(error).toBeInstanceOf(ProviderError);
		expect((error as ProviderError).message).toMatch(/^More than 24 hours have passed/);
	});
});

describe('postSlackMessage', () => {
	const client = async () => {
		const data = chatCredentials(sandbox).communicationSlackApi;
		return await createSlackClient(
			{ botToken: String(data.botToken), baseUrl: String(data.baseUrl) },
			5_000,
		);
	};

	it('posts to a channel, to a user ID and to the user with an email address', async () => {
		const slack = await client();
		const inChannel = await postSlackMessage(
			slack,
			{ kind: 'channel', channel: '#general' },
			{ text: 'a' },
		);
		expect(inChannel.userId).toBeUndefined();
		expect(inChannel.ts).toMatch(/^\d+\.\d+$/);
		const byId = await postSlackMessage(
			slack,
			{ kind: 'user', userId: 'U0000ALICE' },
			{ text: 'b' },
		);
		expect(byId.userId).toBe('U0000ALICE');
		const byEmail = await postSlackMessage(
			slack,
			{ kind: 'email', email: 'bob@example.com' },
			{ text: 'c', unfurl_links: false },
		);
		expect(byEmail.userId).toBe('U00000BOB0');
		const posts = sandbox.state().slack.filter((r) => r.method === 'chat.postMessage');
		expect(posts.map((p) => [p.args.channel, p.args.text])).toEqual([
			['#general', 'a'],
			['U0000ALICE', 'b'],
			['U00000BOB0', 'c'],
		]);
	});

	it('names the missing user when no Slack user has the email address', async () => {
		const error = await rejection(
			postSlackMessage(
				await client(),
				{ kind: 'email', email: 'nobody@example.com' },
				{ text: 'x' },
			),
		);
		expect((error as ProviderError).message).toBe(
			"No Slack user has the email address 'nobody@example.com': check the address or invite them to the workspace",
		);
	});
});

describe('sendTelegramMessage', () => {
	const client = () => {
		const data = chatCredentials(sandbox).communicationTelegramApi;
		return new TelegramClient(
			{ botToken: String(data.botToken), baseUrl: String(data.baseUrl) },
			5_000,
		);
	};

	it('sends one message and returns the chat and message IDs Telegram answered with', async () => {
		const sent = await sendTelegramMessage(client(), {
			chat_id: '4242',
			text: '<b>Hi</b>',
			parse_mode: 'HTML',
			disable_notification: true,
		});
		expect(sent).toEqual({ chatId: '4242', messageId: expect.any(Number) });
		const [record] = sandbox.state().telegram.filter((r) => r.method === 'sendMessage');
		expect(record.body).toMatchObject({
			chat_id: '4242',
			parse_mode: 'HTML',
			disable_notification: true,
		});
	});

	it('says what to do when the contact blocked the bot', async () => {
		const error = await rejection(sendTelegramMessage(client(), { chat_id: '403403', text: 'x' }));
		expect((error as ProviderError).message).toBe(
			'The contact has blocked the bot: Telegram delivers nothing to them until they unblock it',
		);
	});
});
