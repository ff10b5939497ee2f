import { randomUUID } from 'node:crypto';

import type { INode } from 'n8n-workflow';

import { LogExternalCall } from '../../nodes/LogExternalCall/LogExternalCall.node';
import { getLedger } from '../../nodes/shared/ledger';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';

const harness = () =>
	new EngineHarness({
		nodes: { [PKG]: [new LogExternalCall()], test: [new TestItems()] },
		timezone: 'America/New_York',
	});

function workflow(
	items: Array<Record<string, unknown>>,
	parameters: INode['parameters'] = {},
	extra: Partial<INode> = {},
) {
	const logNode = node(
		'Log',
		`${PKG}.logExternalCall`,
		{
			participantId: '={{ $json.contact_id }}',
			direction: '={{ $json.direction }}',
			recordingUrl: '={{ $json.recording }}',
			options: { defaultCountry: 'US' },
			...parameters,
		},
		extra,
	);
	return {
		...chain(node('Source', 'test.testItems', { items: JSON.stringify(items) }), logNode),
		id: `wf-${randomUUID()}`,
	};
}

const callId = () => `ext-${randomUUID()}`;

describe('Log External Call', () => {
	it("takes the contact's number from From on inbound and To on outbound, normalised to E.164", async () => {
		const inboundId = callId();
		const outboundId = callId();
		const result = await harness().run(
			workflow([
				{
					contact_id: 'c-in',
					direction: 'Incoming',
					from: '(202) 555-0143',
					to: '+1 202 555 0100',
					date: '2025-03-01 09:30:00',
					status: 'Answered',
					duration: '2:05',
					call_id: inboundId,
					recording: 'https://dialer.example.com/r/1.mp3',
				},
				{
					contact_id: 'c-out',
					direction: 'outbound',
					from: 'ext 101',
					to: '0049 30 1234567',
					date: 1740841200,
					status: 'no answer',
					duration: 0,
					call_id: outboundId,
				},
			]),
		);
		expect(result.status).toBe('success');
		const [inbound, outbound] = result
			.output('Log')
			.map((i) => i.json.call as Record<string, unknown>);
		expect(inbound).toMatchObject({
			direction: 'inbound',
			contactNumber: '+12025550143',
			from: '+12025550143',
			to: '+12025550100',
			status: 'completed',
			durationSeconds: 125,
			recordingUrl: 'https://dialer.example.com/r/1.mp3',
			// A date without an offset is read in the workflow's time zone.
			occurredAt: '2025-03-01T14:30:00.000Z',
			externalCallId: inboundId,
			duplicate: false,
		});
		expect(outbound).toMatchObject({
			direction: 'outbound',
			contactNumber: '+49301234567',
			from: 'ext 101',
			to: '+49301234567',
			status: 'no-answer',
			durationSeconds: 0,
			occurredAt: '2025-03-01T15:00:00.000Z',
		});
		const outboundResult = result.output('Log')[1].json.communication as Record<string, unknown>;
		expect(outboundResult).toMatchObject({
			channel: 'call-log',
			status: 'sent',
			success: true,
			output: 'Call has been logged.',
			to: ['+49301234567'],
		});
		expect(outboundResult.warnings).toEqual([
			"From 'ext 101' is not a phone number; it was stored as written.",
		]);

		const ledger = await getLedger();
		expect((await ledger.listCalls('c-in')).map((c) => [c.externalCallId, c.from])).toEqual([
			[inboundId, '+12025550143'],
		]);
		expect((await ledger.listCalls('c-out')).map((c) => [c.externalCallId, c.to])).toEqual([
			[outboundId, '+49301234567'],
		]);
	});

	it('stores a repeated external call ID once and reports the repeat as a duplicate', async () => {
		const id = callId();
		const participant = `c-${randomUUID()}`;
		const call = {
			contact_id: participant,
			direction: 'inbound',
			from: '+12025550143',
			to: '+12025550100',
			date: '2025-03-01T14:30:00Z',
			status: 'completed',
			duration: 30,
			call_id: id,
		};
		const h = harness();
		const first = await h.run(workflow([call]));
		// The dialer delivers the same webhook again, and once more within one batch.
		const second = await h.run(workflow([call, { ...call, duration: 31 }]));
		expect(first.output('Log')[0].json.call).toMatchObject({ duplicate: false });
		const repeats = second.output('Log').map((i) => i.json.call as Record<string, unknown>);
		expect(repeats.map((c) => c.duplicate)).toEqual([true, true]);
		expect(repeats.map((c) => c.id)).toEqual(
			[first.output('Log')[0].json.call, first.output('Log')[0].json.call].map(
				(c) => (c as Record<string, unknown>).id,
			),
		);
		expect(
			(second.output('Log')[0].json.communication as { warnings: string[] }).warnings[0],
		).toMatch(`Call ID '${id}' was already logged`);
		const stored = await (await getLedger()).listCalls(participant);
		expect(stored).toHaveLength(1);
		expect(stored[0].durationSeconds).toBe(30);
	});

	it('files a call without a participant ID under the contact number', async () => {
		const result = await harness().run(
			workflow([
				{ direction: 'out', from: '+12025550100', to: '+1 (202) 555-0177', call_id: callId() },
			]),
		);
		const call = result.output('Log')[0].json.call as Record<string, unknown>;
		expect(call.participantId).toBe('+12025550177');
		expect((result.output('Log')[0].json.communication as { warnings: string[] }).warnings).toEqual(
			expect.arrayContaining(['Date is empty: the call was logged with the current time.']),
		);
	});

	it.each([
		[
			'a contact number that is not a phone number',
			{ direction: 'inbound', from: 'anonymous', to: '+12025550100' },
			/From \(the contact's number on an inbound call\) entry 'anonymous' contains letters/,
		],
		[
			'an unknown direction',
			{ direction: 'sideways', from: '+12025550143' },
			/Direction 'sideways' is neither inbound nor outbound/,
		],
		[
			'a bad date',
			{ direction: 'inbound', from: '+12025550143', date: 'yesterday-ish' },
			/Date 'yesterday-ish' is not a date/,
		],
		[
			'a bad duration',
			{ direction: 'inbound', from: '+12025550143', duration: 'long' },
			/Duration 'long' is not a duration/,
		],
		[
			'a recording link that is not http(s)',
			{ direction: 'inbound', from: '+12025550143', recording: 'ftp://x/y.mp3' },
			/Recording URL 'ftp:\/\/x\/y.mp3' must be an http or https link/,
		],
	])('fails only the item with %s', async (_label, bad, message) => {
		const good = {
			contact_id: 'c-ok',
			direction: 'inbound',
			from: '+12025550143',
			call_id: callId(),
		};
		const result = await harness().run(
			workflow(
				[good, { contact_id: 'c-bad', call_id: callId(), ...bad }],
				{},
				{ onError: 'continueRegularOutput' },
			),
		);
		const [ok, failed] = result.output('Log');
		expect(ok.json.call).toMatchObject({ contactNumber: '+12025550143' });
		expect(String(failed.json.error)).toMatch(message);
		expect(failed.pairedItem).toEqual({ item: 1 });
	});

	it('stops with the item error when failed items may not continue', async () => {
		const result = await harness().run(
			workflow([{ direction: 'inbound', from: '', call_id: callId() }]),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Log')?.message).toMatch(
			/From \(the contact's number on an inbound call\) is empty/,
		);
	});
});
