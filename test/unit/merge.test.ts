import fc from 'fast-check';
import { InputError } from '../../nodes/shared/errors';
import {
	collectMergeFields,
	renderFieldForItem,
	renderMergeFields,
	type MergeResult,
} from '../../nodes/shared/merge';

const participant: Record<string, unknown> = {
	id: 'p-1',
	first_name: 'Ada',
	last_name: 'Lovelace',
	email: 'ada@example.com',
	age: 36,
	vip: false,
	score: 0,
	nickname: '',
	nothing: null,
	appointment: { start_time: '2025-03-04 10:00', room: { name: 'Blue' } },
	items: [{ name: 'Tea' }, { name: 'Scone', tags: ['warm', 'sweet'] }],
	contact: { company: 'Analytical Engines Ltd' },
	stadt: 'Zürich',
	名前: '太郎',
	note: '<script>alert("x")</script> & co',
	signup: new Date('2024-05-06T07:08:09.000Z'),
	prefs: { lang: 'en', topics: ['math', 'poetry'] },
	quote: "It's {{ first_name }}",
};

describe('renderMergeFields', () => {
	const cases: Array<[string, string, Record<string, unknown>, MergeResult]> = [
		['a top-level field', 'Hi {{ first_name }}!', participant, { text: 'Hi Ada!', missing: [] }],
		[
			'no whitespace inside the braces',
			'Hi {{first_name}}!',
			participant,
			{ text: 'Hi Ada!', missing: [] },
		],
		[
			'extra whitespace inside the braces',
			'Hi {{   first_name\t}}!',
			participant,
			{ text: 'Hi Ada!', missing: [] },
		],
		[
			'a nested path',
			'At {{ appointment.start_time }}',
			participant,
			{ text: 'At 2025-03-04 10:00', missing: [] },
		],
		[
			'a deeply nested path',
			'Room {{ appointment.room.name }}',
			participant,
			{ text: 'Room Blue', missing: [] },
		],
		[
			'a dotted array index',
			'{{ items.0.name }} and {{ items.1.name }}',
			participant,
			{ text: 'Tea and Scone', missing: [] },
		],
		[
			'a bracket array index',
			'{{ items[1].name }}, {{ items[1].tags[0] }}',
			participant,
			{ text: 'Scone, warm', missing: [] },
		],
		['a quoted bracket key', "{{ prefs['lang'] }}", participant, { text: 'en', missing: [] }],
		[
			'an index past the end is missing',
			'x{{ items.5.name }}y',
			participant,
			{ text: 'xy', missing: ['items.5.name'] },
		],
		[
			'contact.* falls back to the participant itself',
			'Dear {{ contact.first_name }}',
			participant,
			{ text: 'Dear Ada', missing: [] },
		],
		[
			'participant.* falls back to the participant itself',
			'{{ participant.email }}',
			participant,
			{ text: 'ada@example.com', missing: [] },
		],
		[
			'contact.* prefers a real contact object',
			'{{ contact.company }}',
			participant,
			{ text: 'Analytical Engines Ltd', missing: [] },
		],
		[
			'name from first and last name',
			'Hello {{ name }}',
			participant,
			{ text: 'Hello Ada Lovelace', missing: [] },
		],
		[
			'name from full_name first',
			'{{ name }}',
			{ full_name: 'Grace Hopper', first_name: 'G' },
			{ text: 'Grace Hopper', missing: [] },
		],
		[
			'name from first name alone',
			'{{ name }}',
			{ first_name: 'Ada' },
			{ text: 'Ada', missing: [] },
		],
		[
			'name from last name alone',
			'{{ contact.name }}',
			{ last_name: 'Hopper' },
			{ text: 'Hopper', missing: [] },
		],
		[
			'name from camelCase fields',
			'{{ name }}',
			{ firstName: 'Alan', lastName: 'Turing' },
			{ text: 'Alan Turing', missing: [] },
		],
		[
			'an explicit name wins over the alias',
			'{{ name }}',
			{ name: 'Countess', first_name: 'Ada' },
			{ text: 'Countess', missing: [] },
		],
		[
			'a blank full_name falls through to first/last',
			'{{ name }}',
			{ full_name: ' ', first_name: 'Ada' },
			{ text: 'Ada', missing: [] },
		],
		[
			'name on a nested object',
			'{{ appointment.room.name }} / {{ owner.name }}',
			{ appointment: { room: { name: 'Blue' } }, owner: { first_name: 'Bo' } },
			{ text: 'Blue / Bo', missing: [] },
		],
		[
			'an alias with nothing to use is missing',
			'Hi {{ name }}',
			{ email: 'x@y.com' },
			{ text: 'Hi ', missing: ['name'] },
		],
		[
			'numbers and booleans',
			'{{ age }} {{ vip }} {{ score }}',
			participant,
			{ text: '36 false 0', missing: [] },
		],
		[
			'a Date as ISO',
			'{{ signup }}',
			participant,
			{ text: '2024-05-06T07:08:09.000Z', missing: [] },
		],
		[
			'an object as JSON',
			'{{ prefs }}',
			participant,
			{ text: '{"lang":"en","topics":["math","poetry"]}', missing: [] },
		],
		[
			'an array as JSON',
			'{{ prefs.topics }}',
			participant,
			{ text: '["math","poetry"]', missing: [] },
		],
		[
			'an object with toJSON (luxon-style)',
			'{{ when }}',
			{ when: { toJSON: () => '2025-01-01T09:00:00.000+01:00' } },
			{ text: '2025-01-01T09:00:00.000+01:00', missing: [] },
		],
		[
			'an empty string is a value, not missing',
			'[{{ nickname }}]',
			participant,
			{ text: '[]', missing: [] },
		],
		['null is missing', '[{{ nothing }}]', participant, { text: '[]', missing: ['nothing'] }],
		[
			'an absent field is missing',
			'Hi {{ middle_name }}!',
			participant,
			{ text: 'Hi !', missing: ['middle_name'] },
		],
		[
			'missing fields are unique and in order',
			'{{ b }} {{ a }} {{ b }} {{ contact.first_name }} {{ a }}',
			{},
			{ text: '    ', missing: ['b', 'a', 'contact.first_name'] },
		],
		[
			'repeated placeholders',
			'{{ first_name }}, {{first_name}}, {{ first_name }}!',
			participant,
			{ text: 'Ada, Ada, Ada!', missing: [] },
		],
		[
			'unicode keys and values',
			'{{ stadt }} {{ 名前 }}',
			participant,
			{ text: 'Zürich 太郎', missing: [] },
		],
		[
			'unicode around placeholders',
			'Grüße, {{ first_name }} 👋',
			participant,
			{ text: 'Grüße, Ada 👋', missing: [] },
		],
		[
			'values are not escaped by default',
			'{{ note }}',
			participant,
			{ text: '<script>alert("x")</script> & co', missing: [] },
		],
		[
			'inserted values are not merged again',
			'{{ quote }}',
			participant,
			{ text: "It's {{ first_name }}", missing: [] },
		],
		[
			'n8n $json expressions are left alone',
			'Hi {{ $json.first_name }} {{ first_name }}',
			participant,
			{ text: 'Hi {{ $json.first_name }} Ada', missing: [] },
		],
		[
			'n8n $ variables are left alone',
			'{{ $now }} {{$execution.id}}',
			{},
			{ text: '{{ $now }} {{$execution.id}}', missing: [] },
		],
		[
			'n8n function calls are left alone',
			'{{ first_name.toUpperCase() }}',
			participant,
			{ text: '{{ first_name.toUpperCase() }}', missing: [] },
		],
		[
			'placeholders that are not paths are left alone',
			'{{ a + b }} {{ }} {{ x..y }}',
			{},
			{ text: '{{ a + b }} {{ }} {{ x..y }}', missing: [] },
		],
		[
			'inherited properties are never read',
			'{{ constructor }}{{ __proto__ }}',
			{},
			{ text: '', missing: ['constructor', '__proto__'] },
		],
		[
			'text without placeholders',
			'Plain text, {single} braces.',
			participant,
			{ text: 'Plain text, {single} braces.', missing: [] },
		],
	];

	it.each(cases)('%s', (_title, template, data, expected) => {
		expect(renderMergeFields(template, data)).toEqual(expected);
	});

	it('HTML-escapes inserted values but not the template', () => {
		const result = renderMergeFields('<p>{{ note }}</p><b>{{ quote }}</b>', participant, {
			escape: 'html',
		});
		expect(result).toEqual({
			text: '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p><b>It&#39;s {{ first_name }}</b>',
			missing: [],
		});
	});

	it('leaves values untouched with escape "none"', () => {
		expect(renderMergeFields('{{ note }}', participant, { escape: 'none' }).text).toBe(
			participant.note,
		);
	});

	it('renders circular data as missing instead of throwing', () => {
		const loop: Record<string, unknown> = { label: 'x' };
		loop.self = loop;
		expect(renderMergeFields('[{{ loop }}] {{ loop.label }}', { loop })).toEqual({
			text: '[] x',
			missing: ['loop'],
		});
	});

	it('never throws, whatever the template and data', () => {
		fc.assert(
			fc.property(fc.string(), fc.dictionary(fc.string(), fc.anything()), (template, data) => {
				const { text, missing } = renderMergeFields(
					`${template}{{ ${Object.keys(data)[0] ?? 'x'} }}`,
					data,
				);
				expect(typeof text).toBe('string');
				expect(new Set(missing).size).toBe(missing.length);
			}),
			{ numRuns: 300 },
		);
	});

	it('never changes the data it reads', () => {
		const data = { first_name: 'Ada', contact: { last_name: 'L' } };
		const before = JSON.stringify(data);
		renderMergeFields('{{ name }} {{ contact.name }} {{ missing.deep }}', data);
		expect(JSON.stringify(data)).toBe(before);
	});
});

describe('renderFieldForItem with Fail on Missing Merge Fields', () => {
	it('returns the rendered text when nothing is missing', () => {
		expect(renderFieldForItem('Message', 'Hi {{ contact.first_name }}', participant, true)).toEqual(
			{
				text: 'Hi Ada',
				warnings: [],
			},
		);
	});

	it('fails the item naming the field, every missing merge field and the fix', () => {
		let thrown: unknown;
		try {
			renderFieldForItem(
				'Message',
				'{{ contact.first_name }} at {{ appointment.start_time }}',
				{ id: 'p-2' },
				true,
			);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(InputError);
		const error = thrown as InputError;
		expect(error.message).toBe(
			'Message: merge field {{ contact.first_name }}, {{ appointment.start_time }} has no value for this participant',
		);
		expect(error.description).toBe(
			'Add the value to the item or the stored profile, or turn off "Fail on Missing Merge Fields" to send with an empty value.',
		);
	});

	it('does not count n8n expressions as missing', () => {
		expect(renderFieldForItem('Message', '{{ $json.whatever }}', {}, true).text).toBe(
			'{{ $json.whatever }}',
		);
	});

	it('applies HTML escaping too', () => {
		expect(renderFieldForItem('HTML', '{{ v }}', { v: '<i>' }, true, { escape: 'html' }).text).toBe(
			'&lt;i&gt;',
		);
	});

	it('without it, renders the field empty with a warning', () => {
		expect(renderFieldForItem('Subject', 'Hi {{ first_name }}!', {}, false)).toEqual({
			text: 'Hi !',
			warnings: ['Subject: merge field {{ first_name }} has no value and was left empty'],
		});
	});
});

describe("the [[ path ]] spelling (left alone by n8n's editor)", () => {
	it.each([
		['Hi [[ contact.first_name ]]!', 'Hi Ada!'],
		['Hi [[first_name]]!', 'Hi Ada!'],
		['[[ items[0].name ]] and [[ items.1.name ]]', 'Tea and Scone'],
		["[[ prefs['lang'] ]]", 'en'],
		['{{ first_name }} [[ last_name ]]', 'Ada Lovelace'],
		['[[ $json.x ]] stays', '[[ $json.x ]] stays'],
		['[ first_name ] and [first_name] stay', '[ first_name ] and [first_name] stay'],
	])('%s -> %s', (template, text) => {
		expect(renderMergeFields(template, participant).text).toBe(text);
	});

	it('lists a missing field like the braces spelling does', () => {
		expect(renderMergeFields('Hi [[ middle_name ]]', participant)).toEqual({
			text: 'Hi ',
			missing: ['middle_name'],
		});
		expect(collectMergeFields('[[ a ]] {{ b }} [[ a ]]')).toEqual(['a', 'b']);
	});
});

describe('collectMergeFields', () => {
	it.each([
		['Hi {{ name }}, see you {{appointment.start_time}}', ['name', 'appointment.start_time']],
		['{{ a }} {{ a }} {{ b }}', ['a', 'b']],
		['{{ items[0].name }} {{ items.0.name }}', ['items[0].name', 'items.0.name']],
		['{{ $json.x }} {{ x.y() }} {{ a + b }} {{ ok }}', ['ok']],
		['{{ 名前 }}', ['名前']],
		['no fields at all', []],
	])('%s -> %j', (template, expected) => {
		expect(collectMergeFields(template)).toEqual(expected);
	});
});
