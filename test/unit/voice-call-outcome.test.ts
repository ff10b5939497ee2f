import { ProviderError } from '../../nodes/shared/errors';
import { TwilioApiError, type TwilioClient } from '../../nodes/shared/transport/twilio';
import { classifyAnswer } from '../../nodes/VoiceCommunication/call-outcome';
import { placeCall } from '../../nodes/VoiceCommunication/send';
import type { CallPayload } from '../../nodes/VoiceCommunication/calls';

type Snapshot = { status: string; answeredBy: string | null } | Error;

/** A stand-in for the Twilio client: the call resource goes through the given snapshots. */
function fakeClient(
	snapshots: Snapshot[],
	options: { createError?: Error; updateError?: Error } = {},
) {
	const log: string[] = [];
	const call = (sid: string) => ({
		fetch: async () => {
			log.push(`GET ${sid}`);
			const next = snapshots.length > 1 ? snapshots.shift()! : snapshots[0];
			if (next instanceof Error) throw next;
			return next;
		},
		update: async (params: { status: string }) => {
			log.push(`UPDATE ${sid} ${params.status}`);
			if (options.updateError) throw options.updateError;
			return {};
		},
	});
	const calls = Object.assign(call, {
		create: async () => {
			log.push('CREATE');
			if (options.createError) throw options.createError;
			return { sid: 'CA1', status: 'queued' };
		},
	});
	return { client: { calls } as unknown as TwilioClient, log };
}

const payload = (overrides: Partial<CallPayload> = {}): CallPayload => ({
	operation: 'bridgeCall',
	request: {
		to: '+14155550100',
		from: '+15005550006',
		twiml: '<Response/>',
		timeout: 20,
		machineDetection: 'Enable',
	},
	watch: true,
	hangUpOnPerson: false,
	...overrides,
});
const noWait = { sleep: async () => undefined, pollIntervalMs: 0 };

describe('classifyAnswer', () => {
	it.each([
		[{ status: 'in-progress', answeredBy: 'human' }, 'human'],
		[{ status: 'completed', answeredBy: 'machine_end_beep' }, 'machine'],
		[{ status: 'completed', answeredBy: 'machine_start' }, 'machine'],
		[{ status: 'completed', answeredBy: 'fax' }, 'machine'],
		[{ status: 'completed', answeredBy: 'unknown' }, 'unknown'],
		[{ status: 'no-answer', answeredBy: null }, 'no-answer'],
		[{ status: 'busy', answeredBy: null }, 'no-answer'],
		[{ status: 'failed', answeredBy: null }, 'no-answer'],
		[{ status: 'completed', answeredBy: null }, 'unknown'],
	])('%j -> %s', (snapshot, expected) => {
		expect(classifyAnswer(snapshot)).toBe(expected);
	});
});

describe('placeCall', () => {
	it('polls through ringing until Twilio says who answered', async () => {
		const { client, log } = fakeClient([
			{ status: 'queued', answeredBy: null },
			{ status: 'ringing', answeredBy: null },
			{ status: 'in-progress', answeredBy: 'machine_end_silence' },
		]);
		const result = await placeCall(client, payload(), noWait);
		expect(log).toEqual(['CREATE', 'GET CA1', 'GET CA1', 'GET CA1']);
		expect(result).toMatchObject({
			providerMessageId: 'CA1',
			warnings: [],
			details: {
				answeredBy: 'machine',
				answeredByDetail: 'machine_end_silence',
				callStatus: 'in-progress',
			},
		});
	});

	it('without detection, stops at in-progress: answered, by whom unknown', async () => {
		const { client } = fakeClient([
			{ status: 'ringing', answeredBy: null },
			{ status: 'in-progress', answeredBy: null },
		]);
		const result = await placeCall(
			client,
			payload({ request: { ...payload().request, machineDetection: undefined } }),
			noWait,
		);
		expect(result.details).toMatchObject({ answeredBy: 'unknown', callStatus: 'in-progress' });
	});

	it('reports no-answer when the phone was never picked up', async () => {
		const { client } = fakeClient([
			{ status: 'ringing', answeredBy: null },
			{ status: 'no-answer', answeredBy: null },
		]);
		expect((await placeCall(client, payload(), noWait)).details).toMatchObject({
			answeredBy: 'no-answer',
		});
	});

	it('never throws once the call exists: read errors become a warning', async () => {
		const { client, log } = fakeClient([
			new TwilioApiError('Service Unavailable', 503, 20503, undefined, undefined),
		]);
		const result = await placeCall(client, payload(), noWait);
		expect(log.filter((l) => l.startsWith('GET'))).toHaveLength(3);
		expect(result.warnings).toEqual([
			expect.stringMatching(
				/^Could not follow the call to see who answered: Twilio is temporarily unavailable/,
			),
		]);
		expect(result.details).toMatchObject({ answeredBy: 'unknown' });
	});

	it('stops waiting at the deadline with a warning', async () => {
		const { client } = fakeClient([{ status: 'ringing', answeredBy: null }]);
		const result = await placeCall(
			client,
			payload({ request: { ...payload().request, timeout: 0 } }),
			{ ...noWait, graceMs: 0 },
		);
		expect(result.warnings).toEqual(['Stopped waiting before it was known who answered the call.']);
	});

	it('voicemail drop: hangs up when a person answers, not when a machine does', async () => {
		const person = fakeClient([{ status: 'in-progress', answeredBy: 'human' }]);
		const dropped = await placeCall(
			person.client,
			payload({ operation: 'voicemailDrop', hangUpOnPerson: true }),
			noWait,
		);
		expect(person.log).toEqual(['CREATE', 'GET CA1', 'UPDATE CA1 completed']);
		expect(dropped.details).toMatchObject({ answeredBy: 'human', hungUpOnPerson: true });

		const machine = fakeClient([{ status: 'in-progress', answeredBy: 'machine_end_beep' }]);
		await placeCall(
			machine.client,
			payload({ operation: 'voicemailDrop', hangUpOnPerson: true }),
			noWait,
		);
		expect(machine.log).toEqual(['CREATE', 'GET CA1']);
	});

	it('a refused create is a ProviderError the send loop can classify', async () => {
		const { client } = fakeClient([], {
			createError: new TwilioApiError('Too Many Requests', 429, 20429, undefined, 1000),
		});
		const error = await placeCall(client, payload(), noWait).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect((error as ProviderError).options).toMatchObject({ transient: true, retryAfterMs: 1000 });
	});
});
