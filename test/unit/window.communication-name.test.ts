// validateCommunicationName: UPPER_SNAKE_CASE names with messages that suggest a valid one.
import { validateCommunicationName as fromNameModule } from '../../nodes/shared/schedule/window/communication-name';
import { validateCommunicationName, WindowInputError } from '../../nodes/shared/schedule/window';

function messageOf(name: unknown): string {
	try {
		validateCommunicationName(name);
	} catch (error) {
		expect(error).toBeInstanceOf(WindowInputError);
		return (error as Error).message;
	}
	throw new Error('expected a WindowInputError');
}

describe('validateCommunicationName', () => {
	it('is exported from window.ts and its own module', () => {
		expect(validateCommunicationName).toBe(fromNameModule);
	});

	it.each([
		['APPOINTMENT_REMINDER', 'APPOINTMENT_REMINDER'],
		['  QUALIFICATION_CALL ', 'QUALIFICATION_CALL'],
		['A', 'A'],
		['STEP_2', 'STEP_2'],
		['X__Y_', 'X__Y_'],
		['A'.repeat(100), 'A'.repeat(100)],
	])('accepts %p', (input, expected) => {
		expect(validateCommunicationName(input)).toBe(expected);
	});

	it.each([
		[
			'appt reminder',
			"Communication Name 'appt reminder' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. APPT_REMINDER",
		],
		[
			'apptReminder',
			"Communication Name 'apptReminder' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. APPT_REMINDER",
		],
		[
			'Follow-up call',
			"Communication Name 'Follow-up call' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. FOLLOW_UP_CALL",
		],
		[
			'2ND_CALL',
			"Communication Name '2ND_CALL' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. APPOINTMENT_REMINDER",
		],
		[
			'_CALL',
			"Communication Name '_CALL' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. CALL",
		],
		[
			'CAFÉ',
			"Communication Name 'CAFÉ' must be UPPER_SNAKE_CASE (letters, digits and underscores), e.g. CAF",
		],
	])('rejects %p and suggests a valid name', (input, message) => {
		expect(messageOf(input)).toBe(message);
	});

	it.each([
		[
			'',
			'Communication Name is empty; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER',
		],
		[
			'   ',
			'Communication Name is empty; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER',
		],
		[
			undefined,
			'Communication Name is empty; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER',
		],
		[
			null,
			'Communication Name is empty; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER',
		],
		[
			42,
			'Communication Name must be text, not 42; enter an UPPER_SNAKE_CASE name such as APPOINTMENT_REMINDER',
		],
	])('rejects %p as missing', (input, message) => {
		expect(messageOf(input)).toBe(message);
	});

	it('rejects names over 100 characters', () => {
		expect(messageOf('A'.repeat(101))).toBe(
			'Communication Name is 101 characters long; shorten it to at most 100',
		);
	});
});
