// Update Field through n8n's engine: nested writes to item and ledger, conversion errors per item,
// customer profiles, concurrent executions, and a later send reading the saved value.
import type { INode } from 'n8n-workflow';

import { CommunicationLedger } from '../../nodes/CommunicationLedger/CommunicationLedger.node';
import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { UpdateField } from '../../nodes/UpdateField/UpdateField.node';
import { customerProfileKey } from '../../nodes/UpdateField/update-field';
import { getLedger } from '../../nodes/shared/ledger';
import { startSandbox, type Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { sandboxSmtp } from '../support/engine/smtp';

const UPDATE = `${PKG}.updateField`;

function harness(credentials = {}) {
	return new EngineHarness({
		nodes: {
			[PKG]: [new UpdateField(), new EmailCommunication(), new CommunicationLedger()],
			test: [new TestItems()],
		},
		credentials,
	});
}

function source(items: Array<Record<string, unknown>>): INode {
	return node('Source', 'test.testItems', { items: JSON.stringify(items) });
}

type Row = {
	attribute: string;
	value?: unknown;
	valueFrom?: string;
	sourceAttribute?: string;
	type?: string;
};

function update(
	rows: Row[],
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
): INode {
	return node(
		'Update',
		UPDATE,
		{ assignments: { assignment: rows }, ...parameters } as INode['parameters'],
		extra,
	);
}

let counter = 0;
/** A participant ID no other test touches (the ledger file lives for the whole test file). */
const freshId = (label: string) => `${label}-${++counter}-${Date.now()}`;

describe('Update Field', () => {
	it('writes nested attributes of every type to the item and the stored profile', async () => {
		const id = freshId('p');
		const result = await harness().run(
			chain(
				source([
					{
						id,
						status: 'new',
						address: { city: 'Berlin', zip: '10115' },
						timezone: 'America/New_York',
					},
				]),
				update([
					{ attribute: 'address.city', value: 'Hamburg' },
					{ attribute: 'lead.score', value: '87.5', type: 'number' },
					{ attribute: 'lead.qualified', value: 'yes', type: 'boolean' },
					{ attribute: 'lead.next_call', value: '2030-03-01T09:30', type: 'date' },
					{ attribute: 'lead.tags', value: '["vip", "spring"]', type: 'json' },
					{ attribute: 'previous_status', valueFrom: 'attribute', sourceAttribute: 'status' },
					{ attribute: 'status', value: '={{ "qualified_" + $json.address.zip }}' },
				]),
			),
		);
		expect(result.status).toBe('success');
		const [out] = result.output('Update');
		const expected = {
			address: { city: 'Hamburg', zip: '10115' },
			lead: {
				score: 87.5,
				qualified: true,
				next_call: '2030-03-01T09:30:00-05:00',
				tags: ['vip', 'spring'],
			},
			previous_status: 'new',
			status: 'qualified_10115',
		};
		expect(out.json).toEqual({ id, timezone: 'America/New_York', ...expected });
		expect(out.pairedItem).toEqual({ item: 0 });
		const ledger = await getLedger();
		// The item's zip was seeded with the city, so a later overlay keeps the whole address.
		expect((await ledger.getProfile(id)).attributes).toEqual(expected);
	});

	it('keeps attributes stored earlier and reads references from the stored profile', async () => {
		const id = freshId('p');
		const ledger = await getLedger();
		await ledger.updateProfile(id, { address: { city: 'Munich', country: 'DE' }, score: '40' });
		const result = await harness().run(
			chain(
				source([{ id, address: { city: 'Berlin' } }]),
				update([
					{ attribute: 'address.street', value: 'Main St 1' },
					{
						attribute: 'score_number',
						valueFrom: 'attribute',
						sourceAttribute: 'score',
						type: 'number',
					},
				]),
			),
		);
		expect(result.output('Update')[0].json).toEqual({
			id,
			address: { city: 'Berlin', street: 'Main St 1' },
			score_number: 40,
		});
		expect((await ledger.getProfile(id)).attributes).toEqual({
			address: { city: 'Munich', country: 'DE', street: 'Main St 1' },
			score: '40',
			score_number: 40,
		});
	});

	it('reports each bad conversion on its own item and updates the others', async () => {
		const [good, bad, alsoGood] = [freshId('g'), freshId('b'), freshId('g')];
		const result = await harness().run(
			chain(
				source([
					{ id: good, age: '31' },
					{ id: bad, age: 'thirty' },
					{ id: alsoGood, age: '45' },
				]),
				update(
					[
						{
							attribute: 'age_years',
							valueFrom: 'attribute',
							sourceAttribute: 'age',
							type: 'number',
						},
					],
					{},
					{
						onError: 'continueErrorOutput',
					},
				),
			),
		);
		expect(result.output('Update', 0).map((i) => i.json.age_years)).toEqual([31, 45]);
		const errors = result.output('Update', 1);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(String(errors[0].json.error)).toContain(
			"Assignment 1 (age_years): 'thirty' is not a number",
		);
		const ledger = await getLedger();
		expect((await ledger.getProfile(bad)).attributes).toEqual({});
		expect((await ledger.getProfile(alsoGood)).attributes).toEqual({ age_years: 45 });
	});

	it.each([
		['number', 'abc', /'abc' is not a number/],
		['boolean', 'perhaps', /'perhaps' is not a boolean/],
		['date', '2030-13-45', /'2030-13-45' is not a date/],
		['json', '{broken', /is not valid JSON/],
	])('stops the execution with a clear message for a bad %s', async (type, value, message) => {
		const result = await harness().run(
			chain(source([{ id: freshId('e') }]), update([{ attribute: 'x', value, type }])),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Update')?.message).toMatch(message);
	});

	it('fails an item without participant ID only when it must be saved', async () => {
		const failing = await harness().run(
			chain(source([{ name: 'no id' }]), update([{ attribute: 'x', value: '1' }])),
		);
		expect(failing.nodeError('Update')?.message).toContain('Participant ID is empty');
		const itemOnly = await harness().run(
			chain(
				source([{ name: 'no id' }]),
				update([{ attribute: 'x', value: '1' }], { options: { persist: false } }),
			),
		);
		expect(itemOnly.output('Update')[0].json).toEqual({ name: 'no id', x: '1' });
	});

	it('updates a customer profile shared by every contact of the account', async () => {
		const customer = freshId('acme');
		const ledger = await getLedger();
		await ledger.updateProfile(customerProfileKey(customer), { seats: 10 });
		const wf = chain(
			source([
				{ id: freshId('c'), customer_id: customer, customer: { name: 'Acme' } },
				{ id: freshId('c'), customer_id: customer },
			]),
			update(
				[
					{ attribute: 'plan', value: 'pro' },
					{ attribute: 'billing.renewal', value: '2031-01-01', type: 'date' },
					{
						attribute: 'seat_count',
						valueFrom: 'attribute',
						sourceAttribute: 'customer.seats',
						type: 'number',
					},
				],
				{ scope: 'customerProfile' },
			),
		);
		const result = await harness().run(wf);
		const out = result.output('Update');
		expect(out[0].json.customer).toEqual({
			name: 'Acme',
			seats: 10,
			plan: 'pro',
			billing: { renewal: '2031-01-01' },
			seat_count: 10,
		});
		// Only assigned attributes are stored: the first item's own customer fields stay on that item.
		expect(out[1].json.customer).toEqual({
			seats: 10,
			plan: 'pro',
			billing: { renewal: '2031-01-01' },
			seat_count: 10,
		});
		expect(out[1].json.customer_id).toBe(customer);
		expect((await ledger.getProfile(customerProfileKey(customer))).attributes).toEqual({
			seats: 10,
			plan: 'pro',
			billing: { renewal: '2031-01-01' },
			seat_count: 10,
		});
	});

	it('is what the Communication Ledger node reads next, for participants and customer profiles', async () => {
		const id = freshId('l');
		const customer = freshId('cust');
		const ledgerNode = (name: string, participantId: string) =>
			node(name, `${PKG}.communicationLedger`, { operation: 'profile', participantId });
		const wf = chain(
			source([{ id, customer_id: customer }]),
			update([{ attribute: 'lifecycle.stage', value: 'customer' }]),
			node('Update Customer', UPDATE, {
				scope: 'customerProfile',
				assignments: { assignment: [{ attribute: 'plan', value: 'pro' }] },
			}),
			ledgerNode('Read Participant', '={{ $json.id }}'),
			ledgerNode('Read Customer', `={{ "customer:" + $('Source').item.json.customer_id }}`),
		);
		const result = await harness().run(wf);
		expect(result.status).toBe('success');
		expect(result.output('Read Participant')[0].json.profile).toMatchObject({
			participantId: id,
			attributes: { lifecycle: { stage: 'customer' } },
		});
		expect(result.output('Read Customer')[0].json.profile).toMatchObject({
			attributes: { plan: 'pro' },
		});
	});

	it('never loses either write when executions update different nested attributes at the same time', async () => {
		const id = freshId('race');
		const h = harness();
		const runs = Array.from({ length: 12 }, (_, i) =>
			h.run(
				chain(
					source([{ id }]),
					update([{ attribute: `prefs.channel_${i}`, value: String(i), type: 'number' }]),
				),
			),
		);
		const results = await Promise.all(runs);
		expect(results.every((r) => r.status === 'success')).toBe(true);
		const prefs = (await (await getLedger()).getProfile(id)).attributes.prefs as Record<
			string,
			number
		>;
		expect(Object.keys(prefs).sort()).toEqual(
			Array.from({ length: 12 }, (_, i) => `channel_${i}`).sort(),
		);
		expect(prefs.channel_7).toBe(7);
	});
});

describe('Update Field and a later send', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => await sandbox.stop());

	it('a later execution sends with the saved value, even though its item does not carry it', async () => {
		const id = freshId('send');
		const h = harness({
			communicationSmtpApi: sandboxSmtp(sandbox, {
				allowSelfSigned: false,
				poolSize: 1,
				fromEmail: 'crm@acme.test',
				fromName: 'Acme',
			}),
		});
		await h.run(
			chain(
				source([{ id, first_name: 'Ann' }]),
				update([{ attribute: 'offer.code', value: 'SPRING-42' }]),
			),
		);
		const later = await h.run(
			chain(
				source([{ id, email: 'ann@example.com', first_name: 'Ann' }]),
				node(
					'Email',
					`${PKG}.emailCommunication`,
					{
						emailFormat: 'text',
						subject: 'Your code',
						text: 'Hi {{ first_name }}, use {{ offer.code }}.',
					},
					{
						credentials: { communicationSmtpApi: { id: 'smtp-1', name: 'Sandbox SMTP' } },
					},
				),
			),
		);
		expect(later.status).toBe('success');
		const mail = sandbox.state().mails.find((m) => m.subject === 'Your code');
		expect(mail?.text?.trim()).toBe('Hi Ann, use SPRING-42.');
	});
});
