// The booking confirmation example in real n8n: what the sandbox's SMTP peer received.
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();

describe('booking-confirmation-email', () => {
	it('sends the merged HTML confirmation with the terms attached', async () => {
		const run = await e2e.runExample('booking-confirmation-email');
		expect({ status: run.execution.status, error: run.execution.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(run.delta.mails).toHaveLength(1);
		const [mail] = run.delta.mails;
		expect(mail.envelope.to).toEqual(['ann.lee@example.com']);
		expect(mail.from).toEqual([{ name: 'Acme Clinic', address: 'campaigns@sandbox.example' }]);
		expect(mail.subject).toBe('Your booking on 2026-12-03 at 10:30');
		expect(mail.html).toContain('Hello Ann,');
		expect(mail.html).toContain('Dr. Ortiz');
		expect(mail.text).toContain('confirmed for 2026-12-03 at 10:30');
		expect(mail.attachments.map((a) => a.filename)).toEqual(['booking-terms.txt']);
		expect(Buffer.from(mail.attachments[0].content, 'base64').toString()).toBe(
			'Cancellation is free up to 24 hours before your appointment.',
		);
		const [out] = nodeOutput(run.execution, 'Email Communication');
		expect(out.communication).toMatchObject({
			status: 'sent',
			output: 'Booking confirmation sent.',
			participantId: 'bk-1042',
			name: 'BOOKING_CONFIRMATION',
		});
	});
});
