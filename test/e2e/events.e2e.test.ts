// Hearing back in a real n8n: the published events workflow stored its URLs in the ledger, so an
// SMS sent through the sandbox carries it as StatusCallback; the sandbox's signed delivered callback
// arrives and the statistics count it; a STOP the contact texts (through the sandbox) makes the next
// send skipped / opted_out, and START re-enables it. An email carries the one-click unsubscribe
// headers; a GET of the link changes nothing, the sandbox's RFC 8058 POST (its inbox's Unsubscribe
// button) suppresses the address and the next email to it is skipped / opted_out.
import { join } from 'node:path';

import { getLedger, type CommunicationLedger } from '../../nodes/shared/ledger';
import { profilePaths } from '../../scripts/n8n/paths';
import { SANDBOX_EVENT_SECRETS } from '../../scripts/n8n/sandbox-credentials';
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();
const EVENTS_WEBHOOK_ID = '7d3f9a51-2c84-4e6b-9f10-00000000e001';
const PHONE = '+14155550188';
const EMAIL = 'e2e-unsubscribe@example.com';

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` holds (the sandbox posts its callbacks on its own timer). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
	for (let attempt = 0; attempt < 120; attempt++) {
		const value = await read();
		if (check(value)) return value;
		await delay(250);
	}
	return await read();
}

async function postSandbox(path: string, body: unknown): Promise<Response> {
	return await fetch(`${e2e.sandboxUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

function reminder(id: string) {
	return {
		method: 'POST',
		body: {
			id,
			phone: PHONE,
			first_name: 'Robin',
			appointment: { start_time: 'tomorrow at 9:00', location: 'Main Street Clinic' },
		},
	};
}

let ledger: CommunicationLedger;
let webhookBase: string;

beforeAll(async () => {
	// The embedded ledger n8n uses, opened next to it (WAL: both may read and write).
	ledger = await getLedger({
		backend: 'sqlite',
		path: join(profilePaths('e2e').n8nFolder, 'communication-actions.sqlite'),
	});
	const endpoints = await ledger.getSetting('communication_events.endpoints');
	webhookBase = String(endpoints?.twilioStatus ?? '').replace(/twilio\/status$/, '');
	// Where Twilio and WhatsApp would post inbound messages: the events workflow's URLs.
	const seeded = await postSandbox('/_sandbox/seed', {
		eventWebhooks: {
			twilioInbound: `${webhookBase}twilio/inbound`,
			whatsapp: `${webhookBase}whatsapp`,
			whatsappAppSecret: SANDBOX_EVENT_SECRETS.whatsappAppSecret,
		},
	});
	expect(seeded.status).toBe(200);
});

afterAll(async () => {
	await ledger.unsuppress('email', EMAIL);
	await postSandbox('/_sandbox/inbound', { channel: 'sms', from: PHONE, text: 'START' });
	await postSandbox('/_sandbox/seed', { eventWebhooks: null });
});

it('the published events workflow keeps its public URLs in the ledger', () => {
	expect(webhookBase).toMatch(new RegExp(`/webhook/${EVENTS_WEBHOOK_ID}/$`));
});

it("an SMS carries the events workflow's StatusCallback; the sandbox's signed delivered callback is recorded and counted", async () => {
	const run = await e2e.runExample('appointment-reminder-sms', reminder('e2e-events-1'));
	expect(run.execution.status).toBe('success');
	const [sms] = run.delta.sms;
	expect(sms.statusCallback).toBe(`${webhookBase}twilio/status`);

	const status = await eventually(
		async () => await ledger.deliveryStatus(sms.sid),
		(value) => value === 'delivered',
	);
	expect(status).toBe('delivered');
	const [communication] = await ledger.list({ participantId: 'e2e-events-1' });
	expect(communication.providerMessageId).toBe(sms.sid);
	const events = await ledger.listCommunicationEvents(communication.id);
	expect(events.map((event) => event.status)).toEqual(['sent', 'delivered']);
	const [stats] = await ledger.statsByName('SMS Communication');
	expect(stats.counts.delivered).toBeGreaterThanOrEqual(1);
});

it('a STOP texted through the sandbox makes the next send skipped (opted_out); START re-enables it', async () => {
	const stop = await postSandbox('/_sandbox/inbound', {
		channel: 'sms',
		from: PHONE,
		text: 'STOP',
	});
	expect(await stop.json()).toMatchObject({ status: 200 });
	const skipped = await e2e.runExample('appointment-reminder-sms', reminder('e2e-events-2'));
	expect(skipped.execution.status).toBe('success');
	expect(skipped.delta.sms).toHaveLength(0);
	expect(nodeOutput(skipped.execution, 'SMS Communication')[0].communication).toMatchObject({
		status: 'skipped',
		reason: 'opted_out',
	});

	await postSandbox('/_sandbox/inbound', { channel: 'sms', from: PHONE, text: 'START' });
	const sent = await e2e.runExample('appointment-reminder-sms', reminder('e2e-events-3'));
	expect(sent.delta.sms).toHaveLength(1);
});

function booking(id: string) {
	return {
		method: 'POST',
		body: {
			id,
			email: EMAIL,
			first_name: 'Sam',
			appointment: { date: '2026-12-03', start_time: '10:30', doctor: 'Dr. Ortiz' },
			terms: 'Cancellation is free up to 24 hours before your appointment.',
		},
	};
}

/** A header's value as sent, unfolded. */
function header(lines: string[], name: string): string | undefined {
	const line = lines.find((entry) => entry.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line
		?.slice(name.length + 1)
		.replace(/\r?\n(?=[ \t])/g, '')
		.trim();
}

it("an email carries one-click unsubscribe headers; a GET changes nothing, the sandbox's POST suppresses the address and the next email is skipped (opted_out)", async () => {
	await ledger.unsuppress('email', EMAIL); // a run stopped half-way leaves nothing behind
	const first = await e2e.runExample('booking-confirmation-email', booking('e2e-unsub-1'));
	expect(first.execution.status).toBe('success');
	const [mail] = first.delta.mails;
	const list = header(mail.headerLines, 'List-Unsubscribe') ?? '';
	const escaped = `${webhookBase}unsubscribe`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	expect(list).toMatch(new RegExp(`^<${escaped}\\?t=u1\\.[\\w-]+\\.[\\w-]+>$`));
	expect(header(mail.headerLines, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
	const url = list.slice(1, -1);

	// A link scanner (or a person) opening the link gets the confirmation form only.
	const page = await fetch(url);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('<form method="post"');
	expect((await ledger.suppressedAmong('email', [EMAIL])).size).toBe(0);

	// The inbox's Unsubscribe button: the sandbox POSTs List-Unsubscribe=One-Click to the URL.
	const clicked = await postSandbox('/_sandbox/unsubscribe', { id: mail.id });
	expect(await clicked.json()).toMatchObject({ url, status: 200 });
	expect((await ledger.suppressedAmong('email', [EMAIL])).get(EMAIL)).toMatchObject({
		reason: 'unsubscribe',
		source: 'one_click',
	});

	const skipped = await e2e.runExample('booking-confirmation-email', booking('e2e-unsub-2'));
	expect(skipped.execution.status).toBe('success');
	expect(skipped.delta.mails).toHaveLength(0);
	expect(nodeOutput(skipped.execution, 'Email Communication')[0].communication).toMatchObject({
		status: 'skipped',
		reason: 'opted_out',
	});
});
