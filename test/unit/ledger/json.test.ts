import { toJsonObject } from '../../../nodes/shared/ledger/json';

describe('toJsonObject', () => {
	it('drops undefined fields and functions, keeps null, and copies deeply', () => {
		const nested = { kept: 1 };
		const copy = toJsonObject({
			a: undefined,
			b: null,
			c: 'text',
			d: () => 1,
			nested,
		});
		expect(copy).toEqual({ b: null, c: 'text', nested: { kept: 1 } });
		expect(Object.keys(copy)).toEqual(['b', 'c', 'nested']);
		expect(copy.nested).not.toBe(nested);
	});

	it('turns dates into ISO strings, also inside arrays and objects', () => {
		const when = new Date('2030-01-01T09:00:00.000Z');
		expect(toJsonObject({ when, list: [when], deep: { when } })).toEqual({
			when: '2030-01-01T09:00:00.000Z',
			list: ['2030-01-01T09:00:00.000Z'],
			deep: { when: '2030-01-01T09:00:00.000Z' },
		});
	});

	it('copies nested arrays, with undefined entries as null', () => {
		const copy = toJsonObject({ grid: [[1, 2], [undefined, [{ x: undefined, y: 'y' }]], []] });
		expect(copy).toEqual({ grid: [[1, 2], [null, [{ y: 'y' }]], []] });
	});

	it('refuses values that are not objects once converted, and values JSON cannot hold', () => {
		for (const value of [undefined, null, 1, 'text', [1, 2], new Date(0)]) {
			expect(() => toJsonObject(value)).toThrow(/only an object/);
		}
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		expect(() => toJsonObject(cyclic)).toThrow();
		expect(() => toJsonObject({ big: BigInt(1) })).toThrow();
	});
});
