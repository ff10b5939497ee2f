// Stop on Response x voicemail detection for calls: which pickups of the contact count as a response.
import {
	callCountsAsResponse,
	twilioCallAnswer,
	type ContactAnswer,
} from '../../nodes/shared/events/stop-on-response';

const ANSWERS: ContactAnswer[] = ['human', 'machine', 'no-answer', 'unknown'];

const counts = (stopOnResponse: boolean, voicemailDetection: boolean) =>
	ANSWERS.filter((contactAnswer) =>
		callCountsAsResponse({ stopOnResponse, voicemailDetection, contactAnswer }),
	);

describe('callCountsAsResponse', () => {
	it('ON + detection disabled: any pickup stops, the contact voicemail included', () => {
		expect(counts(true, false)).toEqual(['human', 'machine', 'unknown']);
	});

	it('ON + detection enabled: a voicemail pickup does not stop, a person does', () => {
		expect(counts(true, true)).toEqual(['human']);
	});

	it('OFF: the contact continues whatever answered, with or without detection', () => {
		expect(counts(false, true)).toEqual([]);
		expect(counts(false, false)).toEqual([]);
	});

	it('a call nobody picked up is never a response', () => {
		for (const stop of [true, false])
			for (const detection of [true, false])
				expect(
					callCountsAsResponse({
						stopOnResponse: stop,
						voicemailDetection: detection,
						contactAnswer: 'no-answer',
					}),
				).toBe(false);
	});
});

describe('twilioCallAnswer', () => {
	it('reads detection and who answered from the contact leg callback', () => {
		expect(twilioCallAnswer({ CallStatus: 'in-progress', AnsweredBy: 'human' })).toEqual({
			voicemailDetection: true,
			contactAnswer: 'human',
		});
		expect(twilioCallAnswer({ CallStatus: 'completed', AnsweredBy: 'machine_end_beep' })).toEqual({
			voicemailDetection: true,
			contactAnswer: 'machine',
		});
		expect(twilioCallAnswer({ CallStatus: 'completed' })).toEqual({
			voicemailDetection: false,
			contactAnswer: 'unknown',
		});
		expect(twilioCallAnswer({ CallStatus: 'no-answer', AnsweredBy: 'unknown' })).toEqual({
			voicemailDetection: true,
			contactAnswer: 'no-answer',
		});
	});

	it('with the table: a voicemail pickup stops only when detection was off', () => {
		const stops = (params: Record<string, string>) =>
			callCountsAsResponse({ stopOnResponse: true, ...twilioCallAnswer(params) });
		expect(stops({ CallStatus: 'completed', AnsweredBy: 'machine_start' })).toBe(false);
		expect(stops({ CallStatus: 'completed' })).toBe(true);
		expect(stops({ CallStatus: 'in-progress', AnsweredBy: 'human' })).toBe(true);
		expect(stops({ CallStatus: 'busy' })).toBe(false);
	});
});
