import {
	buildSipUri,
	parseSipParameters,
	parseSipServer,
} from '../../nodes/VoiceCommunication/sip';

describe('parseSipServer', () => {
	it.each([
		['sip.example.com', 'sip.example.com'],
		['  SIP.Example.com:5061 ', 'sip.example.com:5061'],
		['sip:pbx.example.org', 'pbx.example.org'],
		['10.0.0.5', '10.0.0.5'],
		['[2001:db8::1]:5060', '[2001:db8::1]:5060'],
	])('%s -> %s', (input, expected) => {
		expect(parseSipServer(input)).toBe(expected);
	});

	it.each([
		['', /^SIP Server is empty/],
		['user@sip.example.com', /must not contain '@'/],
		['sip.example .com', /must not contain spaces/],
		['sip.example.com\r\nX-Evil: 1', /must not contain line breaks/],
		['sip.example.com:99999', /port 99999 is not between 1 and 65535/],
		['bad_host!.com', /is not a valid host name/],
		['host;transport=udp', /is not a host name with an optional :port/],
	])('refuses %j', (input, message) => {
		expect(() => parseSipServer(input)).toThrow(message);
	});
});

describe('parseSipParameters', () => {
	it('reads key=value pairs separated by semicolons, flags and a lower-cased transport', () => {
		expect(parseSipParameters('transport=UDP;timeout=30;lr;')).toEqual([
			['transport', 'udp'],
			['timeout', '30'],
			['lr', undefined],
		]);
		expect(parseSipParameters('')).toEqual([]);
		expect(parseSipParameters(undefined)).toEqual([]);
	});

	it.each([
		['transport=udp; timeout=30', /must not contain spaces/],
		['user=bob@evil.com', /must not contain '@'/],
		['transport=udp\r\nVia: evil', /must not contain line breaks/],
		['transport=udp\ntimeout=1', /must not contain line breaks/],
		['transport=sctp', /SIP transport 'sctp' is not supported: use udp, tcp or tls/],
		['transport=', /SIP parameter 'transport' has nothing after '='/],
		['timeout=30;timeout=40', /'timeout' is given twice/],
		['a<b=1', /has an invalid name/],
		['x=a"b', /has an invalid value/],
		['x=a?b', /has an invalid value/],
	])('refuses %j', (input, message) => {
		expect(() => parseSipParameters(input)).toThrow(message);
	});
});

describe('buildSipUri', () => {
	it('puts the E.164 number as user part and appends the parameters', () => {
		expect(
			buildSipUri(
				'+14155550123',
				'sip.example.com',
				parseSipParameters('transport=tls;timeout=30'),
			),
		).toBe('sip:+14155550123@sip.example.com;transport=tls;timeout=30');
		expect(buildSipUri('+14155550123', 'sip.example.com:5060', [])).toBe(
			'sip:+14155550123@sip.example.com:5060',
		);
	});
});
