// The suppression list's address spelling: the same person's number or email always maps to one entry.
import { normaliseSuppressionAddress } from '../../nodes/shared/events/suppression-address';

describe('normaliseSuppressionAddress', () => {
	it('turns phone numbers into E.164 for sms and whatsapp', () => {
		expect(normaliseSuppressionAddress('sms', ' +1 (202) 555-0143 ')).toBe('+12025550143');
		expect(normaliseSuppressionAddress('sms', '0049 30 901820')).toBe('+4930901820');
		expect(normaliseSuppressionAddress('whatsapp', 'whatsapp:+12025550143')).toBe('+12025550143');
		expect(normaliseSuppressionAddress('whatsapp', '12025550143')).toBe('+12025550143');
		expect(normaliseSuppressionAddress('sms', 'tel:+12025550143')).toBe('+12025550143');
	});

	it('keeps an unparseable number as its bare digits, the same every time', () => {
		expect(normaliseSuppressionAddress('sms', '+1 555')).toBe('+1555');
		expect(normaliseSuppressionAddress('sms', '+1-555')).toBe('+1555');
	});

	it('lower-cases and trims emails, also from a display-name form', () => {
		expect(normaliseSuppressionAddress('email', '  Ann.Lee@Example.COM ')).toBe(
			'ann.lee@example.com',
		);
		expect(normaliseSuppressionAddress('email', 'Ann Lee <Ann.Lee@Example.com>')).toBe(
			'ann.lee@example.com',
		);
	});

	it('keeps telegram chat ids as text', () => {
		expect(normaliseSuppressionAddress('telegram', ' 123456789 ')).toBe('123456789');
		expect(normaliseSuppressionAddress('telegram', '-1001234')).toBe('-1001234');
	});
});
