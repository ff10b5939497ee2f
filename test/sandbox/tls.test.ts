// The sandbox's throw-away certificates: serial numbers are valid DER INTEGERs whatever the random bytes.
import { X509Certificate } from 'node:crypto';

import { generateSandboxTls, serialNumber } from '../../sandbox/tls';

describe('sandbox certificate serial numbers', () => {
	it('never start with a zero byte (a leading 00 before a byte < 0x80 is illegal DER padding)', () => {
		for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
			const bytes = Buffer.alloc(16, 0);
			bytes[0] = first;
			const serial = serialNumber(() => Buffer.from(bytes));
			expect(serial).toHaveLength(32);
			expect(serial.slice(0, 2)).not.toBe('00');
			expect(parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80);
		}
	});

	it('gives certificates that OpenSSL parses, also when the random bytes start with zero', () => {
		const tls = generateSandboxTls(() => Buffer.alloc(16, 0));
		const [server] = tls.cert.split(/(?=-----BEGIN CERTIFICATE-----)/);
		expect(new X509Certificate(server).subjectAltName).toContain('127.0.0.1');
		expect(new X509Certificate(tls.ca).ca).toBe(true);
	});
});
