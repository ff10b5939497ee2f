// The message composer: what it writes is read back by mailparser (the parser the sandbox uses),
// so every field a user fills in arrives as written, whatever its characters and length.
import { simpleParser, type AddressObject } from 'mailparser';

import { composeMime, type MimeMessage } from '../../nodes/shared/transport/mime';
import { envelopeAddress, newMessageId } from '../../nodes/shared/transport/smtp-address';

const base: MimeMessage = {
	from: { name: 'Acme Team', address: 'team@acme.test' },
	to: [{ address: 'alice@example.com' }],
	subject: 'Hello',
	text: 'Hi Alice',
	messageId: '<m-1@acme.test>',
	date: new Date('2026-12-04T10:00:00Z'),
};

const parse = async (message: MimeMessage) => await simpleParser(composeMime(message));
const addresses = (field: AddressObject | AddressObject[] | undefined) =>
	(Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value);

describe('composeMime', () => {
	it('writes a plain ASCII message as one 7bit text part with the standard headers', async () => {
		const raw = composeMime(base);
		expect(raw).toContain('Content-Transfer-Encoding: 7bit');
		expect(raw).toContain('MIME-Version: 1.0');
		expect(raw.split('\r\n\r\n')[0]).not.toMatch(/(^|\r\n)Bcc:/i);
		const mail = await simpleParser(raw);
		expect(mail.subject).toBe('Hello');
		expect(mail.text?.trim()).toBe('Hi Alice');
		expect(mail.messageId).toBe('<m-1@acme.test>');
		expect(mail.date?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
		expect(addresses(mail.from)).toEqual([{ name: 'Acme Team', address: 'team@acme.test' }]);
		expect(addresses(mail.to)).toEqual([{ name: '', address: 'alice@example.com' }]);
	});

	it('encodes non-ASCII subjects, names and header values so they arrive as written', async () => {
		const mail = await parse({
			...base,
			subject:
				'Grüße aus Köln, 東京 and 🎉 — a subject long enough to be folded over more than one header line',
			from: { name: 'Jürgen Müller', address: 'team@acme.test' },
			to: [
				{ name: 'Zoë "Z" O\'Brien, Esq.', address: 'zoe@example.com' },
				{ name: '山田 太郎', address: 'taro@example.jp' },
			],
			cc: [{ name: 'Ops', address: 'ops@example.com' }],
			replyTo: [{ name: 'Support', address: 'help@acme.test' }],
			headers: { 'X-Campaign': 'Frühling 2027' },
		});
		expect(mail.subject).toBe(
			'Grüße aus Köln, 東京 and 🎉 — a subject long enough to be folded over more than one header line',
		);
		expect(addresses(mail.from)[0].name).toBe('Jürgen Müller');
		expect(addresses(mail.to)).toEqual([
			{ name: 'Zoë "Z" O\'Brien, Esq.', address: 'zoe@example.com' },
			{ name: '山田 太郎', address: 'taro@example.jp' },
		]);
		expect(addresses(mail.cc)).toEqual([{ name: 'Ops', address: 'ops@example.com' }]);
		expect(addresses(mail.replyTo)).toEqual([{ name: 'Support', address: 'help@acme.test' }]);
		// mailparser leaves headers it does not know encoded: the RFC 2047 form of "Frühling 2027".
		expect(mail.headers.get('x-campaign')).toBe('=?UTF-8?Q?Fr=C3=BChling?= 2027');
	});

	it('quotes ASCII names with specials instead of letting them split the address list', async () => {
		const raw = composeMime({ ...base, to: [{ name: 'Doe, John', address: 'john@example.com' }] });
		expect(raw).toContain('To: "Doe, John" <john@example.com>');
	});

	it('writes internationalised domains in punycode, in headers and in the envelope', async () => {
		const raw = composeMime({ ...base, to: [{ address: 'anna@bücher.example' }] });
		expect(raw).toContain('To: anna@xn--bcher-kva.example');
		expect(envelopeAddress('anna@bücher.example')).toBe('anna@xn--bcher-kva.example');
		expect(envelopeAddress('anna@example.com')).toBe('anna@example.com');
		expect(newMessageId('team@bücher.example')).toMatch(/^<[0-9a-f-]{36}@xn--bcher-kva\.example>$/);
	});

	it('keeps bodies intact: long lines, non-ASCII, lone LF and lines that start with a dot', async () => {
		const text = `${'word '.repeat(60)}end\nzweite Zeile: Grüße\n.leading dot\n\nlast`;
		const raw = composeMime({ ...base, text });
		expect(raw).toContain('Content-Transfer-Encoding: quoted-printable');
		for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
		const mail = await simpleParser(raw);
		expect(mail.text).toBe(text);
	});

	it('sends text and HTML as alternatives, the HTML as written', async () => {
		const html = '<p>Hello <b>Zoë</b> &amp; friends</p>';
		const raw = composeMime({ ...base, text: 'Hello Zoë & friends', html });
		expect(raw).toMatch(/Content-Type: multipart\/alternative; boundary="[^"]+"/);
		const mail = await simpleParser(raw);
		expect(mail.text?.trim()).toBe('Hello Zoë & friends');
		expect(mail.html).toBe(html);
	});

	it('attaches files byte for byte, with their names (also non-ASCII) and types', async () => {
		const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x0d, 0x0a, 0x2e]);
		const big = Buffer.alloc(200_000, 7);
		const mail = await parse({
			...base,
			html: '<p>See attached</p>',
			attachments: [
				{ filename: 'invoice.pdf', content: pdf },
				{
					filename: 'Übersicht März.csv',
					content: Buffer.from('a;b\n1;2\n'),
					contentType: 'text/csv',
				},
				{ filename: 'blob', content: big },
			],
		});
		expect(mail.html).toBe('<p>See attached</p>');
		expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
			['invoice.pdf', 'application/pdf'],
			['Übersicht März.csv', 'text/csv'],
			['blob', 'application/octet-stream'],
		]);
		expect(mail.attachments[0].content.equals(pdf)).toBe(true);
		expect(mail.attachments[1].content.toString()).toBe('a;b\n1;2\n');
		expect(mail.attachments[2].content.equals(big)).toBe(true);
	});

	it('threads replies: In-Reply-To and References', async () => {
		const mail = await parse({
			...base,
			inReplyTo: '<a-1@example.com>',
			references: ['<a-0@example.com>', '<a-1@example.com>'],
		});
		expect(mail.inReplyTo).toBe('<a-1@example.com>');
		expect(mail.references).toEqual(['<a-0@example.com>', '<a-1@example.com>']);
	});

	it('never lets a line break in a header value start a header of its own', async () => {
		const raw = composeMime({
			...base,
			subject: 'Hi\r\nBcc: victim@example.com',
			headers: { 'X-Note': 'a\nX-Injected: yes' },
		});
		const head = raw.split('\r\n\r\n')[0];
		expect(head).not.toMatch(/(^|\r\n)Bcc:/i);
		expect(head).not.toMatch(/(^|\r\n)X-Injected:/i);
		const mail = await simpleParser(raw);
		expect(mail.subject).toBe('Hi Bcc: victim@example.com');
	});
});
