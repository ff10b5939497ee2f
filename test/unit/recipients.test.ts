import fc from 'fast-check';
import {
	describeRecipientProblem,
	formatEmailAddress,
	parseEmailAddress,
	parseEmailList,
	parsePhoneList,
	parsePhoneNumber,
	type EmailAddress,
	type RecipientProblem,
} from '../../nodes/shared/recipients';

const longLocal = 'a'.repeat(65);
const maxLocal = 'b'.repeat(64);
const longLabel = 'c'.repeat(64);
const longDomain = `${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`;
// Local part and domain are each within their limits; only the whole is too long.
const tooLongAddress = `${maxLocal}@${Array.from({ length: 3 }, () => 'e'.repeat(60)).join('.')}.${'f'.repeat(10)}.com`;

describe('parseEmailList', () => {
	type EmailCase = [string, unknown, EmailAddress[], RecipientProblem[]];
	const cases: EmailCase[] = [
		['a bare address', 'a@b.com', [{ address: 'a@b.com' }], []],
		['Name <addr>', 'Name <a@b.com>', [{ name: 'Name', address: 'a@b.com' }], []],
		[
			'a quoted name with a comma, then a bare address',
			'"Doe, John" <john@x.com>, b@y.com',
			[{ name: 'Doe, John', address: 'john@x.com' }, { address: 'b@y.com' }],
			[],
		],
		[
			'a quoted name with a semicolon',
			'"Sales; EU" <eu@x.com>;us@x.com',
			[{ name: 'Sales; EU', address: 'eu@x.com' }, { address: 'us@x.com' }],
			[],
		],
		[
			'semicolons',
			'a@x.com;b@y.com; c@z.com',
			[{ address: 'a@x.com' }, { address: 'b@y.com' }, { address: 'c@z.com' }],
			[],
		],
		[
			'mixed separators and blank entries',
			' a@x.com , ; b@y.com;, c@z.com ,',
			[{ address: 'a@x.com' }, { address: 'b@y.com' }, { address: 'c@z.com' }],
			[],
		],
		[
			'an array of strings',
			['a@x.com', 'b@y.com'],
			[{ address: 'a@x.com' }, { address: 'b@y.com' }],
			[],
		],
		[
			'an array whose strings are lists themselves',
			['a@x.com, b@y.com', 'C <c@z.com>'],
			[{ address: 'a@x.com' }, { address: 'b@y.com' }, { name: 'C', address: 'c@z.com' }],
			[],
		],
		[
			'nested arrays and objects',
			[['a@x.com', [{ name: 'Bee', address: 'b@y.com' }]], { email: 'c@z.com' }],
			[{ address: 'a@x.com' }, { name: 'Bee', address: 'b@y.com' }, { address: 'c@z.com' }],
			[],
		],
		[
			'a single { name, address } object',
			{ name: 'Ann', address: 'ann@x.com' },
			[{ name: 'Ann', address: 'ann@x.com' }],
			[],
		],
		[
			'an object with an empty name',
			{ name: '  ', email: 'ann@x.com' },
			[{ address: 'ann@x.com' }],
			[],
		],
		[
			'JSON array text from an expression',
			'["k@x.com", "l@y.com"]',
			[{ address: 'k@x.com' }, { address: 'l@y.com' }],
			[],
		],
		[
			'duplicates differing in case keep the first occurrence and its name',
			'First <Ann@X.com>, ann@x.com, ANN@x.COM',
			[{ name: 'First', address: 'Ann@X.com' }],
			[],
		],
		[
			'duplicates across array entries',
			['a@x.com', { address: 'A@x.com', name: 'Later' }],
			[{ address: 'a@x.com' }],
			[],
		],
		['null', null, [], []],
		['undefined', undefined, [], []],
		['an empty string', '', [], []],
		['only separators and spaces', ' , ; ', [], []],
		['an empty array', [], [], []],
		['<addr> alone', '<a@b.com>', [{ address: 'a@b.com' }], []],
		['an empty quoted name', '"" <a@b.com>', [{ address: 'a@b.com' }], []],
		[
			'an escaped quote in the name',
			'"Ann \\"AJ\\" Lee" <aj@x.com>',
			[{ name: 'Ann "AJ" Lee', address: 'aj@x.com' }],
			[],
		],
		[
			'an escaped backslash ending a quoted name, then a comma',
			'"Ann \\\\" <ann@x.com>, b@y.com',
			[{ name: 'Ann \\', address: 'ann@x.com' }, { address: 'b@y.com' }],
			[],
		],
		[
			'a name mixing quoted and plain words',
			'John "JJ" Doe <jj@x.com>',
			[{ name: 'John JJ Doe', address: 'jj@x.com' }],
			[],
		],
		[
			'a unicode display name',
			'Jürgen Groß <jg@x.de>',
			[{ name: 'Jürgen Groß', address: 'jg@x.de' }],
			[],
		],
		[
			'a quoted unicode display name',
			'"山田, 太郎" <taro@x.jp>',
			[{ name: '山田, 太郎', address: 'taro@x.jp' }],
			[],
		],
		['an internationalised domain', 'anna@bücher.de', [{ address: 'anna@bücher.de' }], []],
		[
			'plus tags and subdomains',
			'a.b+tag@mail.sub.example.co.uk',
			[{ address: 'a.b+tag@mail.sub.example.co.uk' }],
			[],
		],
		[
			'rare atext characters',
			"o'neil!#$%&*=?^_`{|}~-@x.com",
			[{ address: "o'neil!#$%&*=?^_`{|}~-@x.com" }],
			[],
		],
		['a quoted local part with a space', '"john doe"@x.com', [{ address: '"john doe"@x.com' }], []],
		[
			'a quoted local part with a comma',
			'"a,b"@x.com, c@y.com',
			[{ address: '"a,b"@x.com' }, { address: 'c@y.com' }],
			[],
		],
		['a 64-character local part', `${maxLocal}@x.com`, [{ address: `${maxLocal}@x.com` }], []],
		[
			'a hyphen inside a domain label',
			'a@my-host.example.org',
			[{ address: 'a@my-host.example.org' }],
			[],
		],
		['a@ (no domain)', 'a@', [], [{ input: 'a@', reason: 'is not an email address' }]],
		[
			'bob@ next to a good one',
			'good@x.com, bob@',
			[{ address: 'good@x.com' }],
			[{ input: 'bob@', reason: 'is not an email address' }],
		],
		[
			'@b.com (no local part)',
			'@b.com',
			[],
			[{ input: '@b.com', reason: 'is not an email address' }],
		],
		[
			'no @ at all',
			'not-an-address',
			[],
			[{ input: 'not-an-address', reason: 'is not an email address' }],
		],
		['a@@b.com', 'a@@b.com', [], [{ input: 'a@@b.com', reason: 'has more than one @' }]],
		['a@b (no dot)', 'a@b', [], [{ input: 'a@b', reason: 'has no dot in its domain' }]],
		[
			'a space in the local part',
			'a b@c.com',
			[],
			[{ input: 'a b@c.com', reason: 'contains a space' }],
		],
		[
			'a leading dot',
			'.a@b.com',
			[],
			[{ input: '.a@b.com', reason: 'has a dot at the start or end of its local part' }],
		],
		[
			'a trailing dot',
			'a.@b.com',
			[],
			[{ input: 'a.@b.com', reason: 'has a dot at the start or end of its local part' }],
		],
		[
			'consecutive dots in the local part',
			'a..b@c.com',
			[],
			[{ input: 'a..b@c.com', reason: 'has consecutive dots' }],
		],
		[
			'consecutive dots in the domain',
			'a@b..com',
			[],
			[{ input: 'a@b..com', reason: 'has consecutive dots' }],
		],
		[
			'a leading dot in the domain',
			'a@.b.com',
			[],
			[{ input: 'a@.b.com', reason: 'has a dot at the start or end of its domain' }],
		],
		[
			'a trailing dot in the domain',
			'a@b.com.',
			[],
			[{ input: 'a@b.com.', reason: 'has a dot at the start or end of its domain' }],
		],
		[
			'a numeric top-level domain',
			'a@1.2.3.4',
			[],
			[{ input: 'a@1.2.3.4', reason: 'has a numeric top-level domain' }],
		],
		[
			'an IP literal',
			'a@[10.0.0.1]',
			[],
			[{ input: 'a@[10.0.0.1]', reason: 'has an IP address instead of a domain' }],
		],
		[
			'a label ending with a hyphen',
			'a@b-.com',
			[],
			[{ input: 'a@b-.com', reason: 'has an invalid domain' }],
		],
		[
			'an underscore in the domain',
			'a@my_host.com',
			[],
			[{ input: 'a@my_host.com', reason: 'has an invalid domain' }],
		],
		[
			'a 65-character local part',
			`${longLocal}@x.com`,
			[],
			[{ input: `${longLocal}@x.com`, reason: 'has a local part longer than 64 characters' }],
		],
		[
			'a 64-character domain label',
			`a@${longLabel}.com`,
			[],
			[{ input: `a@${longLabel}.com`, reason: 'has a domain label longer than 63 characters' }],
		],
		[
			'an over-long domain',
			`a@${longDomain}`,
			[],
			[{ input: `a@${longDomain}`, reason: 'has a domain longer than 253 characters' }],
		],
		[
			'an address over 254 characters',
			tooLongAddress,
			[],
			[{ input: tooLongAddress, reason: 'is longer than 254 characters' }],
		],
		[
			'a non-ASCII local part',
			'jürgen@x.de',
			[],
			[{ input: 'jürgen@x.de', reason: 'has characters that are not allowed in its local part' }],
		],
		[
			'a comma-less pair of addresses',
			'a@x.com b@y.com',
			[],
			[{ input: 'a@x.com b@y.com', reason: 'has more than one @' }],
		],
		[
			'CRLF inside an address (header injection)',
			'a@b.com\r\nBcc: victim@y.com',
			[],
			[{ input: 'a@b.com\r\nBcc: victim@y.com', reason: 'contains a line break' }],
		],
		[
			'CRLF inside a quoted name',
			'"Bob\r\nBcc: victim@y.com" <bob@x.com>, ok@x.com',
			[{ address: 'ok@x.com' }],
			[{ input: '"Bob\r\nBcc: victim@y.com" <bob@x.com>', reason: 'contains a line break' }],
		],
		[
			'a bare LF inside a name',
			'Bob\nSmith <bob@x.com>',
			[],
			[{ input: 'Bob\nSmith <bob@x.com>', reason: 'contains a line break' }],
		],
		[
			'a Unicode line separator',
			'a@b.com\u2028x',
			[],
			[{ input: 'a@b.com\u2028x', reason: 'contains a line break' }],
		],
		[
			'a NUL character',
			'a\u0000@b.com',
			[],
			[{ input: 'a\u0000@b.com', reason: 'contains a control character' }],
		],
		[
			'a line break in an object name',
			{ name: 'Eve\r\nBcc: x@y.com', address: 'eve@x.com' },
			[],
			[{ input: 'eve@x.com', reason: 'contains a line break' }],
		],
		[
			'an unclosed angle bracket',
			'Ann <ann@x.com',
			[],
			[{ input: 'Ann <ann@x.com', reason: 'is not an email address' }],
		],
		[
			'an unterminated quoted name',
			'"Ann <ann@x.com>',
			[],
			[{ input: '"Ann <ann@x.com>', reason: 'has an unterminated quote' }],
		],
		[
			'a stray closing bracket',
			'ann@x.com>',
			[],
			[{ input: 'ann@x.com>', reason: 'is not an email address' }],
		],
		[
			'text after the angle brackets',
			'Ann <ann@x.com> extra',
			[],
			[{ input: 'Ann <ann@x.com> extra', reason: 'is not an email address' }],
		],
		[
			'an object without an address',
			{ name: 'Nobody' },
			[],
			[{ input: '{"name":"Nobody"}', reason: 'has no email address' }],
		],
		[
			'an object holding a list',
			{ address: 'a@x.com, b@y.com' },
			[],
			[{ input: 'a@x.com, b@y.com', reason: 'contains more than one address' }],
		],
		['a number', 42, [], [{ input: '42', reason: 'is not an email address' }]],
		['a boolean', true, [], [{ input: 'true', reason: 'is not an email address' }]],
		[
			'the same bad entry twice is reported once',
			'bob@, bob@',
			[],
			[{ input: 'bob@', reason: 'is not an email address' }],
		],
	];

	it.each(cases)('%s', (_title, input, valid, invalid) => {
		expect(parseEmailList(input)).toEqual({ valid, invalid });
	});

	it('never passes a two-address string on as one address', () => {
		const { valid } = parseEmailList('a@x.com, b@y.com');
		expect(valid.map((a) => a.address)).toEqual(['a@x.com', 'b@y.com']);
	});
});

describe('parseEmailAddress', () => {
	it.each([
		['a bare address', 'a@b.com', { address: 'a@b.com' }],
		['a named address', '"Support, EU" <eu@x.com>', { name: 'Support, EU', address: 'eu@x.com' }],
		['an object', { email: 'x@y.com', name: 'X' }, { name: 'X', address: 'x@y.com' }],
		['surrounding whitespace', '  a@b.com \n', { address: 'a@b.com' }],
	])('accepts %s', (_title, input, value) => {
		expect(parseEmailAddress(input)).toEqual({ ok: true, value });
	});

	it.each([
		[
			'two addresses',
			'a@x.com, b@y.com',
			{ input: 'a@x.com, b@y.com', reason: 'contains more than one address' },
		],
		[
			'the same address twice',
			'a@x.com; A@x.com',
			{ input: 'a@x.com; A@x.com', reason: 'contains more than one address' },
		],
		[
			'an array of two',
			['a@x.com', 'b@y.com'],
			{ input: '["a@x.com","b@y.com"]', reason: 'contains more than one address' },
		],
		['an empty string', '', { input: '', reason: 'is empty' }],
		['null', null, { input: '', reason: 'is empty' }],
		['an invalid address', 'bob@', { input: 'bob@', reason: 'is not an email address' }],
		[
			'an injected header',
			'a@b.com\r\nBcc: c@d.com',
			{ input: 'a@b.com\r\nBcc: c@d.com', reason: 'contains a line break' },
		],
	])('refuses %s', (_title, input, problem) => {
		expect(parseEmailAddress(input)).toEqual({ ok: false, problem });
	});
});

describe('describeRecipientProblem', () => {
	it('composes the label, the entry and the reason', () => {
		expect(
			describeRecipientProblem('CC', { input: 'bob@', reason: 'is not an email address' }),
		).toBe("CC entry 'bob@' is not an email address");
	});

	it('keeps the message on one line and short', () => {
		const message = describeRecipientProblem('To', {
			input: `a@b.com\r\nBcc: ${'x'.repeat(300)}`,
			reason: 'contains a line break',
		});
		expect(message).not.toMatch(/[\r\n]/);
		expect(message).toContain("'a@b.com\\r\\nBcc: x");
		expect(message.length).toBeLessThan(180);
	});
});

describe('formatEmailAddress', () => {
	it.each([
		[{ address: 'a@b.com' }, 'a@b.com'],
		[{ name: '', address: 'a@b.com' }, 'a@b.com'],
		[{ name: 'John Doe', address: 'a@b.com' }, 'John Doe <a@b.com>'],
		[{ name: 'Doe, John', address: 'a@b.com' }, '"Doe, John" <a@b.com>'],
		[{ name: 'John Q. Public', address: 'a@b.com' }, '"John Q. Public" <a@b.com>'],
		[{ name: 'Say "hi" \\ bye', address: 'a@b.com' }, '"Say \\"hi\\" \\\\ bye" <a@b.com>'],
		[{ name: 'Jürgen', address: 'a@b.com' }, '"Jürgen" <a@b.com>'],
		[{ name: 'Eve\r\nBcc: x@y.com', address: 'a@b.com' }, '"Eve Bcc: x@y.com" <a@b.com>'],
	])('formats %j as %s', (address, expected) => {
		expect(formatEmailAddress(address)).toBe(expected);
	});

	it('refuses an address containing a line break instead of reshaping it', () => {
		expect(() => formatEmailAddress({ address: 'a@b.com\r\nBcc: x@y.com' })).toThrow(/line break/);
	});
});

describe('email properties', () => {
	const nameArbitrary = fc
		.oneof(
			fc.constant(undefined),
			fc.string({ unit: 'grapheme', maxLength: 20 }),
			fc.string({
				unit: fc.constantFrom('a', ' ', '"', '\\', ',', ';', '<', '>', '@', '.', '(', 'é', '漢'),
				maxLength: 12,
			}),
		)
		.filter((name) => name === undefined || !/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(name));
	const addressArbitrary = fc.record({ name: nameArbitrary, address: fc.emailAddress() });

	it('parse(format(list)) round-trips any valid list (first of each address kept, names trimmed)', () => {
		fc.assert(
			fc.property(
				fc.array(addressArbitrary, { maxLength: 6 }),
				fc.constantFrom(', ', ';', ' ; '),
				(list, separator) => {
					const seen = new Set<string>();
					const expected: EmailAddress[] = [];
					for (const entry of list) {
						const key = entry.address.toLowerCase();
						if (seen.has(key)) continue;
						seen.add(key);
						const name = entry.name?.trim();
						expected.push(name ? { name, address: entry.address } : { address: entry.address });
					}
					const text = list.map((entry) => formatEmailAddress(entry)).join(separator);
					expect(parseEmailList(text)).toEqual({ valid: expected, invalid: [] });
				},
			),
		);
	});

	it('never throws, whatever the input', () => {
		fc.assert(
			fc.property(fc.anything(), (input) => {
				const list = parseEmailList(input);
				expect(Array.isArray(list.valid) && Array.isArray(list.invalid)).toBe(true);
				expect(typeof parseEmailAddress(input).ok).toBe('boolean');
			}),
			{ numRuns: 500 },
		);
	});

	it('never outputs a line break, whatever the input', () => {
		const noisyText = fc.string({
			unit: fc.constantFrom(
				'a',
				'b',
				'@',
				'.',
				'x.com',
				' ',
				',',
				';',
				'"',
				'<',
				'>',
				'\r',
				'\n',
				'\r\n',
				'\u2028',
			),
			maxLength: 40,
		});
		const noisyInput = fc.oneof(
			noisyText,
			fc.array(noisyText, { maxLength: 4 }),
			fc.array(fc.record({ name: noisyText, address: noisyText }), { maxLength: 3 }),
		);
		fc.assert(
			fc.property(noisyInput, (input) => {
				for (const value of parseEmailList(input).valid) {
					expect(value.address).not.toMatch(/[\r\n\u2028]/);
					expect(value.name ?? '').not.toMatch(/[\r\n\u2028]/);
					expect(formatEmailAddress(value)).not.toMatch(/[\r\n\u2028]/);
				}
			}),
			{ numRuns: 500 },
		);
	});
});

describe('parsePhoneNumber', () => {
	type PhoneCase = [string, unknown, string | undefined, string];
	const valid: PhoneCase[] = [
		['an E.164 mobile number', '+4917612345678', undefined, '+4917612345678'],
		['international with spaces', '+49 30 1234567', undefined, '+49301234567'],
		['the 00 international prefix', '0049 30 1234567', undefined, '+49301234567'],
		['the 00 prefix even with another default country', '0049 30 1234567', 'US', '+49301234567'],
		['a national number with its default country', '030 1234567', 'DE', '+49301234567'],
		['a US national number with parentheses and a dash', '(415) 555-0132', 'US', '+14155550132'],
		['a lower-case default country', '(415) 555-0132', 'us', '+14155550132'],
		['dots as separators', '+1.415.555.0132', undefined, '+14155550132'],
		['dashes and a slash', '+49-30/123-4567', undefined, '+49301234567'],
		[
			'the US 011 international prefix with US as default',
			'011 44 20 7946 0958',
			'US',
			'+442079460958',
		],
		['a UK number', '+44 20 7946 0958', undefined, '+442079460958'],
		['a toll-free number', '+1 800 356 9377', undefined, '+18003569377'],
		[
			'an international number ignores the default country',
			'+33 1 23 45 67 89',
			'DE',
			'+33123456789',
		],
		['surrounding whitespace', '  +49 30 1234567\n', undefined, '+49301234567'],
	];

	it.each(valid)('accepts %s', (_title, input, country, e164) => {
		expect(parsePhoneNumber(input, country)).toEqual({ ok: true, e164 });
	});

	const invalid: PhoneCase[] = [
		[
			'a national number without a default country',
			'030 1234567',
			undefined,
			'has no country code (start it with + or set a Default Country)',
		],
		[
			'a US national number without a default country',
			'(415) 555-0132',
			undefined,
			'has no country code (start it with + or set a Default Country)',
		],
		['a number outside any real range', '+1 555 0100', undefined, 'is not a valid phone number'],
		[
			'a number of the right length in an unassigned range',
			'+1 099 555 0132',
			undefined,
			'is not a valid phone number',
		],
		['letters (vanity numbers are not converted)', '+1 800 FLOWERS', undefined, 'contains letters'],
		['an extension in words', '+1 415 555 0132 ext 12', undefined, 'contains letters'],
		[
			'symbols',
			'+49 30 1234567#',
			undefined,
			'has characters that are not allowed in a phone number',
		],
		[
			'a plus sign in the middle',
			'49+30 1234567',
			'DE',
			'has characters that are not allowed in a phone number',
		],
		['a line break', '+49 30\r\n1234567', undefined, 'contains a line break'],
		['too few digits', '+49 1', undefined, 'is too short to be a phone number'],
		[
			'an unknown default country',
			'030 1234567',
			'XX',
			"cannot be checked: Default Country 'XX' is not a known ISO 3166 country code",
		],
		[
			'a default country that is not alpha-2',
			'030 1234567',
			'DEU',
			"cannot be checked: Default Country 'DEU' is not a known ISO 3166 country code",
		],
	];

	it.each(invalid)('refuses %s', (_title, input, country, reason) => {
		expect(parsePhoneNumber(input, country)).toEqual({
			ok: false,
			problem: { input: String(input).trim(), reason },
		});
	});

	it.each([
		['an empty string', ''],
		['null', null],
		['undefined', undefined],
	])('reports %s as empty', (_title, input) => {
		expect(parsePhoneNumber(input, 'DE')).toEqual({
			ok: false,
			problem: { input: '', reason: 'is empty' },
		});
	});

	it('refuses two numbers in a single field', () => {
		expect(parsePhoneNumber('+49 30 1234567, +44 20 7946 0958')).toEqual({
			ok: false,
			problem: {
				input: '+49 30 1234567, +44 20 7946 0958',
				reason: 'contains more than one phone number',
			},
		});
	});
});

describe('parsePhoneList', () => {
	it.each([
		[
			'comma and semicolon separated',
			'+49 30 1234567, +44 20 7946 0958; +1 415 555 0132',
			undefined,
			['+49301234567', '+442079460958', '+14155550132'],
			[],
		],
		[
			'the same number in three spellings is kept once',
			'+49 30 1234567, 030 1234567; 0049301234567',
			'DE',
			['+49301234567'],
			[],
		],
		[
			'arrays, nested arrays and { phone } / { number } objects',
			[['+49 30 1234567', { phone: '+44 20 7946 0958' }], { number: '(415) 555-0132' }],
			'US',
			['+49301234567', '+442079460958', '+14155550132'],
			[],
		],
		[
			'valid numbers survive next to invalid ones',
			'+49 30 1234567, +1 800 FLOWERS, 12',
			undefined,
			['+49301234567'],
			[
				{ input: '+1 800 FLOWERS', reason: 'contains letters' },
				{ input: '12', reason: 'has no country code (start it with + or set a Default Country)' },
			],
		],
		['empty input', '', 'DE', [], []],
		['null', null, undefined, [], []],
		[
			'an unknown default country is reported for every entry',
			'+49 30 1234567; 030 1234567',
			'ZZ',
			[],
			[
				{
					input: '+49 30 1234567',
					reason: "cannot be checked: Default Country 'ZZ' is not a known ISO 3166 country code",
				},
				{
					input: '030 1234567',
					reason: "cannot be checked: Default Country 'ZZ' is not a known ISO 3166 country code",
				},
			],
		],
		[
			'an object without a number',
			[{ name: 'x' }],
			undefined,
			[],
			[{ input: '{"name":"x"}', reason: 'has no phone number' }],
		],
	])('%s', (_title, input, country, valid, invalid) => {
		expect(parsePhoneList(input, country)).toEqual({ valid, invalid });
	});

	it('never outputs anything but E.164', () => {
		const noisy = fc.string({
			unit: fc.constantFrom(
				'+',
				'0',
				'1',
				'4',
				'9',
				'3',
				'7',
				' ',
				'-',
				'(',
				')',
				',',
				';',
				'a',
				'\n',
			),
			maxLength: 30,
		});
		fc.assert(
			fc.property(noisy, fc.constantFrom(undefined, 'DE', 'US', 'GB'), (input, country) => {
				for (const e164 of parsePhoneList(input, country).valid)
					expect(e164).toMatch(/^\+[1-9][0-9]{6,14}$/);
			}),
			{ numRuns: 300 },
		);
	});
});
