// A small XML well-formedness check for TwiML: one root, balanced tags, quoted attributes, known entities.

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ATTRIBUTE = `\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`;
const START_TAG = new RegExp(`^<(${NAME})((?:${ATTRIBUTE})*)\\s*(/?)>`);
const END_TAG = new RegExp(`^</(${NAME})\\s*>`);
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

function textIsValid(text: string): boolean {
	for (let index = text.indexOf('&'); index >= 0; index = text.indexOf('&', index + 1)) {
		ENTITY.lastIndex = index;
		if (!ENTITY.test(text)) return false;
	}
	return true;
}

function attributesAreValid(attributes: string): boolean {
	const names = new Set<string>();
	for (const match of attributes.matchAll(
		new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g'),
	)) {
		if (names.has(match[1])) return false;
		names.add(match[1]);
		if (!textIsValid(match[2] ?? match[3] ?? '')) return false;
	}
	return true;
}

export function isWellFormedXml(source: string): boolean {
	let rest = source.replace(/^\uFEFF/, '').trim();
	const declaration = /^<\?xml[^?]*\?>/.exec(rest);
	if (declaration) rest = rest.slice(declaration[0].length);
	const open: string[] = [];
	let roots = 0;
	while (rest.length > 0) {
		if (rest.startsWith('<!--')) {
			const end = rest.indexOf('-->');
			if (end < 0) return false;
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('<![CDATA[')) {
			const end = rest.indexOf(']]>');
			if (end < 0 || open.length === 0) return false;
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('</')) {
			const match = END_TAG.exec(rest);
			if (!match || open.pop() !== match[1]) return false;
			rest = rest.slice(match[0].length);
		} else if (rest.startsWith('<')) {
			const match = START_TAG.exec(rest);
			if (!match || !attributesAreValid(match[2])) return false;
			if (open.length === 0) roots++;
			if (match[3] !== '/') open.push(match[1]);
			rest = rest.slice(match[0].length);
		} else {
			const next = rest.indexOf('<');
			const text = next < 0 ? rest : rest.slice(0, next);
			// Text outside the root element may only be whitespace.
			if (open.length === 0 && text.trim() !== '') return false;
			if (!textIsValid(text)) return false;
			rest = next < 0 ? '' : rest.slice(next);
		}
	}
	return roots === 1 && open.length === 0;
}
