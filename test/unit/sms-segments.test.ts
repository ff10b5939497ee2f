import { countSmsSegments } from '../../nodes/shared/sms-segments';

const repeat = (char: string, n: number) => char.repeat(n);

describe('countSmsSegments', () => {
	it.each([
		// [label, text, encoding, segments, units]
		['empty text', '', 'GSM-7', 0, 0],
		['160 GSM characters fit one segment', repeat('a', 160), 'GSM-7', 1, 160],
		['161 GSM characters need two', repeat('a', 161), 'GSM-7', 2, 161],
		['306 GSM characters fill two parts of 153', repeat('a', 306), 'GSM-7', 2, 306],
		['307 GSM characters need a third part', repeat('a', 307), 'GSM-7', 3, 307],
		['€ counts two septets: 158 + € is exactly 160', repeat('a', 158) + '€', 'GSM-7', 1, 160],
		['€ counts two septets: 159 + € is 161', repeat('a', 159) + '€', 'GSM-7', 2, 161],
		['extension characters ^{}\\[~]| count double', '^{}\\[~]|', 'GSM-7', 1, 16],
		// 306 septets would fit two parts, but the € cannot be split across the first boundary.
		[
			'an escaped € moves whole to the next part',
			repeat('a', 152) + '€' + repeat('a', 152),
			'GSM-7',
			3,
			306,
		],
		[
			'GSM accents (é, Ç, Ñ) stay GSM-7',
			repeat('é', 80) + repeat('Ç', 40) + repeat('Ñ', 40),
			'GSM-7',
			1,
			160,
		],
		['70 UCS-2 characters fit one segment', repeat('ж', 70), 'UCS-2', 1, 70],
		['71 UCS-2 characters need two', repeat('ж', 71), 'UCS-2', 2, 71],
		['134 UCS-2 characters fill two parts of 67', repeat('ж', 134), 'UCS-2', 2, 134],
		['135 UCS-2 characters need a third part', repeat('ж', 135), 'UCS-2', 3, 135],
		['one non-GSM character (ç) turns the whole text UCS-2', repeat('a', 69) + 'ç', 'UCS-2', 1, 70],
		[
			'one non-GSM character in 71 turns it into two UCS-2 segments',
			repeat('a', 70) + 'ç',
			'UCS-2',
			2,
			71,
		],
		['an emoji is a surrogate pair: 35 emoji are 70 units', repeat('😀', 35), 'UCS-2', 1, 70],
		['36 emoji are 72 units: two segments', repeat('😀', 36), 'UCS-2', 2, 72],
		// 134 units would fit two parts, but the pair cannot be split at the first boundary.
		[
			'a surrogate pair moves whole to the next part',
			repeat('a', 66) + '😀' + repeat('a', 66),
			'UCS-2',
			3,
			134,
		],
	])('%s', (_label, text, encoding, segments, units) => {
		const count = countSmsSegments(text);
		expect(count).toMatchObject({ encoding, segments, units });
	});

	it('counts characters as code points, not UTF-16 units', () => {
		expect(countSmsSegments('hi 😀').characters).toBe(4);
		expect(countSmsSegments('hi 😀').units).toBe(5);
	});

	it('reports the per-segment capacity that applies', () => {
		expect(countSmsSegments('short').unitsPerSegment).toBe(160);
		expect(countSmsSegments(repeat('a', 200)).unitsPerSegment).toBe(153);
		expect(countSmsSegments('ж').unitsPerSegment).toBe(70);
		expect(countSmsSegments(repeat('ж', 100)).unitsPerSegment).toBe(67);
	});

	it('fits floor(capacity / width) same-width characters per part, for every length', () => {
		const cases: Array<[string, number, number, number]> = [
			// [char, width in units, single capacity, part capacity]
			['a', 1, 160, 153],
			['€', 2, 160, 153],
			['ж', 1, 70, 67],
			['😀', 2, 70, 67],
		];
		for (const [char, width, single, part] of cases) {
			for (let n = 1; n <= 400; n++) {
				const units = n * width;
				const expected = units <= single ? 1 : Math.ceil(n / Math.floor(part / width));
				expect([char, n, countSmsSegments(repeat(char, n)).segments]).toEqual([char, n, expected]);
			}
		}
	});
});
