// Update Field's pure parts: dot paths, type conversions (and their messages), assignment order.
import { DateTime } from 'luxon';

import { applyAssignments, readAssignments } from '../../nodes/UpdateField/assignments';
import {
	deepOverlay,
	parentSeeds,
	parseAttributePath,
	readPath,
	writePath,
} from '../../nodes/UpdateField/attribute-path';
import { convertValue, toIsoDate } from '../../nodes/UpdateField/convert';
import { applyProfileWrites } from '../../nodes/shared/ledger/profile-paths';

const convert = (
	value: unknown,
	type: Parameters<typeof convertValue>[1],
	zone = 'Europe/Berlin',
) => convertValue(value, type, { zone, label: 'Assignment 1 (x)' });

describe('attribute paths', () => {
	it('parses dot paths and rejects empty parts and prototype keys', () => {
		expect(parseAttributePath(' address.city ', 'Attribute')).toEqual(['address', 'city']);
		expect(parseAttributePath('score', 'Attribute')).toEqual(['score']);
		expect(() => parseAttributePath('', 'Attribute')).toThrow('Attribute is empty');
		expect(() => parseAttributePath('a..b', 'Attribute')).toThrow(
			"Attribute 'a..b' has an empty part",
		);
		expect(() => parseAttributePath('a.__proto__', 'Attribute')).toThrow(
			/'__proto__', which cannot be an attribute name/,
		);
	});

	it('reads nested values and list entries', () => {
		const data = { a: { b: [{ c: 1 }, { c: 2 }] }, n: null };
		expect(readPath(data, ['a', 'b', '1', 'c'])).toBe(2);
		expect(readPath(data, ['a', 'x'])).toBeUndefined();
		expect(readPath(data, ['n', 'x'])).toBeUndefined();
		expect(readPath(data, ['toString'])).toBeUndefined();
	});

	it('writes without mutating the input and keeps siblings', () => {
		const input = { address: { city: 'Berlin', zip: '10115' }, name: 'Ada' };
		const copy = { ...input };
		writePath(copy, ['address', 'city'], 'Hamburg', 'Attribute');
		writePath(copy, ['deal', 'stage'], 'won', 'Attribute');
		expect(copy).toEqual({
			address: { city: 'Hamburg', zip: '10115' },
			name: 'Ada',
			deal: { stage: 'won' },
		});
		expect(input.address.city).toBe('Berlin');
	});

	it('refuses to write through a value that is not an object, naming the blocking part', () => {
		expect(() =>
			writePath({ address: 'Main St 1' }, ['address', 'city'], 'x', 'Assignment 1: attribute'),
		).toThrow(
			"Assignment 1: attribute 'address.city' cannot be written: 'address' holds a string, not an object",
		);
		expect(() => writePath({ tags: ['a'] }, ['tags', 'first'], 'x', 'A')).toThrow(
			/'tags' holds a list/,
		);
	});

	it('overlays deeply: objects merge, other values replace', () => {
		expect(
			deepOverlay(
				{ a: { x: 1, y: 2 }, l: [1, 2], k: 'item' },
				{ a: { y: 3 }, l: [9], k: { o: 1 } },
			),
		).toEqual({
			a: { x: 1, y: 3 },
			l: [9],
			k: { o: 1 },
		});
	});

	it('seeds every object parent from the item, only where the profile has nothing', () => {
		const item = { address: { city: 'Berlin', zip: '10115', geo: { lat: 1 } } };
		const seeds = parentSeeds(item, ['address', 'geo', 'lng']);
		expect(seeds.map((s) => s.path)).toEqual([['address'], ['address', 'geo']]);
		const stored = applyProfileWrites({ address: { city: 'Munich' } }, [
			...seeds,
			{ path: ['address', 'geo', 'lng'], value: 2 },
		]);
		expect(stored).toEqual({ address: { city: 'Munich', geo: { lat: 1, lng: 2 } } });
		expect(parentSeeds({ address: 'text' }, ['address', 'city'])).toEqual([]);
	});
});

describe('type conversions', () => {
	it('converts strings', () => {
		expect(convert('  keep spaces ', 'string')).toBe('  keep spaces ');
		expect(convert(42, 'string')).toBe('42');
		expect(convert(false, 'string')).toBe('false');
		expect(convert({ a: 1 }, 'string')).toBe('{"a":1}');
		expect(convert(null, 'string')).toBe('');
	});

	it('converts numbers and explains bad ones', () => {
		expect(convert('42', 'number')).toBe(42);
		expect(convert(' -3.5 ', 'number')).toBe(-3.5);
		expect(convert(7, 'number')).toBe(7);
		expect(() => convert('12,5', 'number')).toThrow("Assignment 1 (x): '12,5' is not a number");
		expect(() => convert('', 'number')).toThrow(/'' is not a number/);
		expect(() => convert(Number.NaN, 'number')).toThrow(/is not a number/);
		expect(() => convert(true, 'number')).toThrow(/true is not a number/);
	});

	it('converts booleans from words and 1/0', () => {
		for (const yes of [true, 'true', 'YES', 'on', '1', 1])
			expect(convert(yes, 'boolean')).toBe(true);
		for (const no of [false, 'false', 'No', 'off', '0', 0])
			expect(convert(no, 'boolean')).toBe(false);
		expect(() => convert('maybe', 'boolean')).toThrow("Assignment 1 (x): 'maybe' is not a boolean");
	});

	it('converts dates to ISO 8601 in the right zone', () => {
		expect(convert('2024-05-31', 'date')).toBe('2024-05-31');
		expect(convert('2024-05-31T14:30:00', 'date')).toBe('2024-05-31T14:30:00+02:00');
		expect(convert('2024-01-15 09:00:00', 'date')).toBe('2024-01-15T09:00:00+01:00');
		expect(convert('2024-05-31T14:30:00Z', 'date')).toBe('2024-05-31T14:30:00Z');
		expect(convert('Fri, 31 May 2024 14:30:00 +0000', 'date')).toBe('2024-05-31T14:30:00Z');
		expect(convert(Date.UTC(2024, 4, 31, 12), 'date')).toBe('2024-05-31T14:00:00+02:00');
		expect(convert(new Date(Date.UTC(2024, 0, 1)), 'date', 'UTC')).toBe('2024-01-01T00:00:00Z');
		expect(
			convert(DateTime.fromISO('2024-03-01T08:00:00', { zone: 'America/New_York' }), 'date'),
		).toBe('2024-03-01T08:00:00-05:00');
		expect(convert('today', 'date', 'Pacific/Kiritimati')).toBe(
			DateTime.now().setZone('Pacific/Kiritimati').toISODate(),
		);
		expect(() => convert('2024-02-31', 'date')).toThrow(
			"Assignment 1 (x): '2024-02-31' is not a date",
		);
		expect(() => convert('31/05/2024', 'date')).toThrow(/is not a date/);
		expect(() => toIsoDate(true, 'UTC', 'Date')).toThrow('Date: true is not a date');
	});

	it('parses JSON text and keeps structured values', () => {
		expect(convert('{"plan":"pro","seats":5}', 'json')).toEqual({ plan: 'pro', seats: 5 });
		expect(convert('[1, "a"]', 'json')).toEqual([1, 'a']);
		expect(convert('null', 'json')).toBeNull();
		expect(convert({ nested: { ok: true } }, 'json')).toEqual({ nested: { ok: true } });
		expect(() => convert("{plan: 'pro'}", 'json')).toThrow(/is not valid JSON \(/);
	});

	it('keeps values as they are, but only storable ones', () => {
		expect(convert({ a: [1, { b: null }] }, 'any')).toEqual({ a: [1, { b: null }] });
		expect(() => convert(() => 1, 'any')).toThrow(/a function value cannot be stored/);
		expect(() => convert(undefined, 'any')).toThrow('Assignment 1 (x): there is no value to write');
	});
});

describe('applying assignments', () => {
	const rows = (...list: Array<Record<string, unknown>>) => readAssignments(list);

	it('applies in order, references see earlier writes, and produces seeds plus writes', () => {
		const item = { id: 'p1', status: 'new', address: { city: 'Berlin', zip: '10115' } };
		const applied = applyAssignments(
			rows(
				{
					attribute: 'previous_status',
					valueFrom: 'attribute',
					sourceAttribute: 'status',
					type: 'string',
				},
				{ attribute: 'status', value: 'lead', type: 'string' },
				{ attribute: 'address.city', value: 'Hamburg' },
				{
					attribute: 'shipping.city',
					valueFrom: 'attribute',
					sourceAttribute: 'address.city',
					type: 'any',
				},
				{
					attribute: 'score',
					valueFrom: 'attribute',
					sourceAttribute: 'stored_score',
					type: 'number',
				},
			),
			{
				target: item,
				view: { ...item, stored_score: '17' },
				viewPrefix: [],
				seedSource: item,
				zone: 'UTC',
			},
		);
		expect(applied.target).toEqual({
			id: 'p1',
			status: 'lead',
			previous_status: 'new',
			address: { city: 'Hamburg', zip: '10115' },
			shipping: { city: 'Hamburg' },
			score: 17,
		});
		expect(item.address.city).toBe('Berlin');
		expect(applied.writes).toContainEqual({
			path: ['address'],
			value: item.address,
			onlyIfMissing: true,
		});
		expect(applied.writes.filter((w) => !w.onlyIfMissing).map((w) => w.path.join('.'))).toEqual([
			'previous_status',
			'status',
			'address.city',
			'shipping.city',
			'score',
		]);
	});

	it('names the assignment and the missing source attribute', () => {
		expect(() =>
			applyAssignments(
				rows(
					{ attribute: 'a', value: 'x' },
					{ attribute: 'b', valueFrom: 'attribute', sourceAttribute: 'lead.score' },
				),
				{
					target: {},
					view: {},
					viewPrefix: [],
					seedSource: {},
					zone: 'UTC',
				},
			),
		).toThrow(
			"Assignment 2 (b): the source attribute 'lead.score' has no value for this participant",
		);
		expect(() =>
			applyAssignments([], { target: {}, view: {}, viewPrefix: [], seedSource: {}, zone: 'UTC' }),
		).toThrow('No assignments to apply');
		expect(() => readAssignments([{ attribute: 'a', type: 'uuid' }])).toThrow(
			"Assignment 1: unknown type 'uuid'",
		);
	});

	it('writes a customer attribute into the customer object of the view', () => {
		const applied = applyAssignments(
			rows(
				{ attribute: 'plan', value: 'pro' },
				{ attribute: 'plan_copy', valueFrom: 'attribute', sourceAttribute: 'customer.plan' },
			),
			{
				target: { seats: 3 },
				view: { id: 'p1', customer: { seats: 3 } },
				viewPrefix: ['customer'],
				seedSource: {},
				zone: 'UTC',
			},
		);
		expect(applied.target).toEqual({ seats: 3, plan: 'pro', plan_copy: 'pro' });
	});
});
