// Saved templates in SMS Communication through n8n's engine: Latest vs Pinned across a planned
// send, the language fallback chain, node overrides and clear per-item errors.
import { randomUUID } from 'node:crypto';

import { getLedger } from '../../nodes/shared/ledger';
import { dispatchDue } from '../../nodes/shared/schedule/dispatch';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import type { Sandbox } from '../../sandbox';
import { fakeDateOnly } from '../support/engine/clock';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, scheduledWorkflow } from '../support/engine/workflow';
import { communicationOf, itemsInto, twilioCredentials } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

// Only Date is faked: sockets and timers stay real.
const clock = (iso: string) => jest.setSystemTime(new Date(iso));
fakeDateOnly();

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new SmsCommunication()], test: [new TestItems()] },
		credentials: { communicationTwilioApi: twilioCredentials(sandbox) },
	});
}

const templateRef = (id: string) => ({ __rl: true, mode: 'list', value: id });

async function smsTemplate(variants: Record<string, { text: string }>, defaultLanguage = 'en') {
	const ledger = await getLedger();
	const id = `tpl-${randomUUID()}`;
	await ledger.createTemplate({ id, channel: 'sms', name: id, defaultLanguage, variants });
	return id;
}

const bodies = () => sandbox.state().sms.map((m) => [m.to, m.body]);

it('Latest sends the version of send time, Pinned the chosen one, for a communication planned earlier', async () => {
	clock('2026-06-10T14:00:00Z'); // Los Angeles 07:00: before the 09:00 window
	const id = await smsTemplate({ en: { text: 'v1: Hi {{ first_name }}' } });
	const lou = { id: `la-${randomUUID()}`, phone: '+14155550811', first_name: 'Lou' };
	const pia = { id: `la-${randomUUID()}`, phone: '+14155550812', first_name: 'Pia' };
	const zone = { timezone: 'America/Los_Angeles' };
	const credentials = { communicationTwilioApi: { id: 'sandbox-twilio', name: 'Sandbox Twilio' } };
	const h = harness();
	await h.startWaitingServer();
	try {
		const latest = await h.run(
			scheduledWorkflow(
				'smsCommunication',
				[{ ...lou, ...zone }],
				{ messageTemplate: templateRef(id), templateVersion: 'latest' },
				credentials,
			),
		);
		const pinned = await h.run(
			scheduledWorkflow(
				'smsCommunication',
				[{ ...pia, ...zone }],
				{ messageTemplate: templateRef(id), templateVersion: 'pinned', pinnedVersion: 1 },
				credentials,
			),
		);
		expect([latest.status, pinned.status]).toEqual(['waiting', 'waiting']);
		expect(sandbox.state().sms).toHaveLength(0);

		// The template is edited while both communications wait for their window.
		const ledger = await getLedger();
		await ledger.saveTemplateVersion(id, {
			defaultLanguage: 'en',
			variants: { en: { text: 'v2: Hello {{ first_name }}' } },
		});
		clock('2026-06-10T16:00:05Z'); // Los Angeles 09:00:05
		await dispatchDue(ledger, new Date(), { workerId: 'd1' });

		expect(bodies().sort()).toEqual([
			['+14155550811', 'v2: Hello Lou'],
			['+14155550812', 'v1: Hi Pia'],
		]);
		expect(communicationOf(h.resultFor(latest.executionId).output('Node')[0])).toMatchObject({
			status: 'sent',
			template: { id, name: id, version: 2, language: 'en' },
		});
		expect(communicationOf(h.resultFor(pinned.executionId).output('Node')[0])).toMatchObject({
			status: 'sent',
			template: { id, version: 1, language: 'en' },
		});
		const stats = await ledger.statsByTemplate(id);
		expect(stats.map((s) => [s.version, s.status, s.count])).toEqual([
			[1, 'sent', 1],
			[2, 'sent', 1],
		]);
	} finally {
		await h.close();
	}
});

it('picks the language: exact tag, then the base language, then the default', async () => {
	clock('2026-06-10T14:00:00Z');
	const id = await smsTemplate({
		en: { text: 'Hello {{ name }}' },
		es: { text: 'Hola {{ name }}' },
		'es-MX': { text: 'Quiubo {{ name }}' },
		de: { text: 'Hallo {{ name }}' },
	});
	const people = [
		{ id: 'mx', name: 'Ana', locale: 'es-MX' },
		{ id: 'mx-underscore', name: 'Luis', locale: 'es_mx' },
		{ id: 'ar', name: 'Sol', language: 'es-AR' },
		{ id: 'de', name: 'Jan', language: 'DE', locale: 'es-MX' },
		{ id: 'fr', name: 'Zoé', language: 'fr' },
		{ id: 'none', name: 'Kim' },
		{ id: 'garbage', name: 'Max', language: 'English' },
	].map((p, i) => ({ ...p, phone: `+1415555082${i}` }));
	const result = await harness().run(
		itemsInto(people, 'smsCommunication', { messageTemplate: templateRef(id) }),
	);
	expect(result.status).toBe('success');
	const byPhone = new Map(bodies().map(([to, body]) => [to, body]));
	expect(people.map((p) => byPhone.get(p.phone))).toEqual([
		'Quiubo Ana',
		'Quiubo Luis',
		'Hola Sol',
		'Hallo Jan',
		'Hello Zoé',
		'Hello Kim',
		'Hello Max',
	]);
	expect(result.output('Node').map((o) => communicationOf(o).template)).toEqual(
		['es-MX', 'es-MX', 'es', 'de', 'en', 'en', 'en'].map((language) =>
			expect.objectContaining({ id, version: 1, language }),
		),
	);
});

it('a Message set on the node overrides the template text, and the segments are counted on what is sent', async () => {
	const id = await smsTemplate({ en: { text: 'From the template' } });
	const result = await harness().run(
		itemsInto([{ id: 'p1', phone: '+14155550831', first_name: 'Ivy' }], 'smsCommunication', {
			messageTemplate: templateRef(id),
			message: 'Own text for {{ first_name }} ✓',
		}),
	);
	expect(bodies()).toEqual([['+14155550831', 'Own text for Ivy ✓']]);
	expect(communicationOf(result.output('Node')[0])).toMatchObject({
		encoding: 'UCS-2',
		template: { id, version: 1 },
	});
});

it('a missing template, version or channel is a clear error for that item only', async () => {
	const ledger = await getLedger();
	const id = await smsTemplate({ en: { text: 'Fine' } });
	const email = `mail-${randomUUID()}`;
	await ledger.createTemplate({
		id: email,
		channel: 'email',
		name: `Mail ${email}`,
		defaultLanguage: 'en',
		variants: { en: { subject: 'S', text: 'T' } },
	});
	const deleted = await smsTemplate({ en: { text: 'Gone' } });
	await ledger.deleteTemplate(deleted, 'soft');
	const people = [
		{ id: 'ok', tpl: id, version: 'latest' },
		{ id: 'unknown', tpl: 'no-such-template', version: 'latest' },
		{ id: 'deleted', tpl: deleted, version: 'latest' },
		{ id: 'pinned-missing', tpl: id, version: 'pinned' },
		{ id: 'wrong-channel', tpl: email, version: 'latest' },
	].map((p, i) => ({ ...p, phone: `+1415555084${i}` }));
	const result = await harness().run(
		itemsInto(
			people,
			'smsCommunication',
			{
				messageTemplate: { __rl: true, mode: 'id', value: '={{ $json.tpl }}' },
				templateVersion: '={{ $json.version }}',
				pinnedVersion: 4,
			},
			{ onError: 'continueRegularOutput' },
		),
	);
	expect(result.status).toBe('success');
	expect(bodies()).toEqual([['+14155550840', 'Fine']]);
	const errors = result.output('Node').map((o) => o.json.error ?? null);
	expect(errors).toEqual([
		null,
		"Template 'no-such-template' does not exist (or was deleted) (Pick a template from the list, or save one with the Communication Templates node.)",
		expect.stringMatching(new RegExp(`^Template '${deleted}' does not exist \\(or was deleted\\)`)),
		`Template '${id}' has no version 4 (its latest is 1) (Pin a version that exists, or set Version to Latest.)`,
		`Template 'Mail ${email}' is for email, not SMS (Choose one of the SMS templates.)`,
	]);
});
