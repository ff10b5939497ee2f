// Counts the SMS segments a text costs, the way carriers split it (GSM-7 or UCS-2).

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
	encoding: SmsEncoding;
	segments: number;
	/** GSM-7 septets or UCS-2 code units the text takes. */
	units: number;
	/** Unicode characters (code points) in the text. */
	characters: number;
	/** Units that fit one segment of a multi-part message (153 or 67), or of a single one. */
	unitsPerSegment: number;
}

// GSM 03.38 default alphabet (one septet each) and its extension table (escape + char: two).
const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
	// A multi-part message spends 7 septets (GSM) or 3 code units (UCS-2) of each part on the header.
	'GSM-7': { single: 160, part: 153 },
	'UCS-2': { single: 70, part: 67 },
};

function gsmUnits(char: string): number | undefined {
	if (GSM_BASIC.has(char)) return 1;
	if (GSM_EXTENSION.has(char)) return 2;
	return undefined;
}

/** Units per character; undefined when the text does not fit GSM-7. */
function unitsPerCharacter(characters: string[], encoding: SmsEncoding): number[] | undefined {
	const units: number[] = [];
	for (const char of characters) {
		if (encoding === 'UCS-2') {
			// Characters beyond the BMP (most emoji) are a surrogate pair: two code units.
			units.push(char.length);
			continue;
		}
		const gsm = gsmUnits(char);
		if (gsm === undefined) return undefined;
		units.push(gsm);
	}
	return units;
}

/**
 * Packs characters into parts without splitting one across two parts: an escaped GSM character
 * or a surrogate pair that does not fit the rest of a part moves whole to the next one.
 */
function packParts(units: number[], perPart: number): number {
	let parts = 1;
	let used = 0;
	for (const unit of units) {
		if (used + unit > perPart) {
			parts++;
			used = 0;
		}
		used += unit;
	}
	return parts;
}

export function countSmsSegments(text: string): SegmentCount {
	const characters = Array.from(text);
	let encoding: SmsEncoding = 'GSM-7';
	let units = unitsPerCharacter(characters, encoding);
	if (!units) {
		encoding = 'UCS-2';
		units = unitsPerCharacter(characters, encoding) as number[];
	}
	const total = units.reduce((sum, unit) => sum + unit, 0);
	const limits = LIMITS[encoding];
	const single = total <= limits.single;
	return {
		encoding,
		segments: total === 0 ? 0 : single ? 1 : packParts(units, limits.part),
		units: total,
		characters: characters.length,
		unitsPerSegment: single ? limits.single : limits.part,
	};
}
