// Stop on Response x voicemail detection for calls: which pickups of the contact count as a response.
import {
	callCountsAsResponse,
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
