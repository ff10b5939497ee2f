// A tiny XML builder that escapes every text and attribute, and a well-formedness check for user TwiML.

export type XmlChild = XmlElement | string;
export type XmlAttributes = Record<string, string | number | boolean | undefined>;

export interface XmlElement {
	name: string;
	attributes: XmlAttributes;
	children: XmlChild[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Characters XML 1.0 cannot carry at all, not even escaped (controls, lone surrogates, U+FFFE/F).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
	...TEXT_ESCAPES,
	'"': '&quot;',
	"'": '&apos;',
	// Kept as references so attribute-value normalisation does not turn them into spaces.
	'\t': '&#9;',
	'\n': '&#10;',
	'\r': '&#13;',
};

export function element(
	name: string,
	attributes: XmlAttributes = {},
	children: XmlChild[] = [],
): XmlElement {
	return { name, attributes, children };
}

export function escapeXmlText(value: string): string {
	return value.replace(NOT_XML, '').replace(/[&<>]/g, (ch) => TEXT_ESCAPES[ch]);
}

export function escapeXmlAttribute(value: string): string {
	return value.replace(NOT_XML, '').replace(/[&<>"'\t\n\r]/g, (ch) => ATTRIBUTE_ESCAPES[ch]);
}

function checkName(name: string): string {
	// Names come from our code, never from users; a bad one is a programming error.
	if (!NAME.test(name)) throw new Error(`Invalid XML name '${name}'`);
	return name;
}

function render(node: XmlChild): string {
	if (typeof node === 'string') return escapeXmlText(node);
	const name = checkName(node.name);
	const attributes = Object.entries(node.attributes)
		.filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
		.map(([key, value]) => ` ${checkName(key)}="${escapeXmlAttribute(String(value))}"`)
		.join('');
	if (node.children.length === 0) return `<${name}${attributes}/>`;
	return `<${name}${attributes}>${node.children.map(render).join('')}</${name}>`;
}

/** The document with its XML declaration. */
export function toXmlDocument(root: XmlElement): string {
	return `<?xml version="1.0" encoding="UTF-8"?>${render(root)}`;
}

export type XmlCheck = { ok: true; root: string } | { ok: false; reason: string };

const TAG_NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const START_TAG = new RegExp(
	`^<(${TAG_NAME})((?:\\s+${TAG_NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`,
);
const ATTRIBUTE = new RegExp(`(${TAG_NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const END_TAG = new RegExp(`^</(${TAG_NAME})\\s*>`);
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function badEntity(text: string): boolean {
	for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
		if (!ENTITY.test(text.slice(at))) return true;
	}
	return false;
}

function attributeProblem(attributes: string, tag: string): string | undefined {
	const seen = new Set<string>();
	for (const match of attributes.matchAll(ATTRIBUTE)) {
		if (seen.has(match[1])) return `attribute '${match[1]}' appears twice on <${tag}>`;
		seen.add(match[1]);
		if (badEntity(match[2] ?? match[3] ?? ''))
			return `attribute '${match[1]}' of <${tag}> has an unescaped '&'`;
	}
	return undefined;
}

/** Checks that a document is well-formed XML with exactly one root element. */
export function checkXml(source: string): XmlCheck {
	let rest = source.replace(/^\uFEFF/, '').trim();
	const declaration = /^<\?xml\s[^?]*\?>/.exec(rest);
	if (declaration) rest = rest.slice(declaration[0].length);
	const open: string[] = [];
	let root: string | undefined;
	const fail = (reason: string): XmlCheck => ({ ok: false, reason });
	while (rest.length > 0) {
		if (rest.startsWith('<!--')) {
			const end = rest.indexOf('-->');
			if (end < 0) return fail('a comment is not closed');
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('<![CDATA[')) {
			const end = rest.indexOf(']]>');
			if (end < 0 || open.length === 0)
				return fail('a CDATA section is not closed or outside the root');
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('</')) {
			const match = END_TAG.exec(rest);
			if (!match) return fail('a closing tag is malformed');
			const expected = open.pop();
			if (match[1] !== expected)
				return fail(
					expected ? `</${match[1]}> closes <${expected}>` : `</${match[1]}> has no opening tag`,
				);
			rest = rest.slice(match[0].length);
		} else if (rest.startsWith('<')) {
			const match = START_TAG.exec(rest);
			if (!match) return fail(`a tag is malformed near '${rest.slice(0, 30)}'`);
			if (open.length === 0) {
				if (root !== undefined) return fail('there is more than one root element');
				root = match[1];
			}
			const problem = attributeProblem(match[2], match[1]);
			if (problem) return fail(problem);
			if (match[3] !== '/') open.push(match[1]);
			rest = rest.slice(match[0].length);
		} else {
			const next = rest.indexOf('<');
			const text = next < 0 ? rest : rest.slice(0, next);
			if (open.length === 0 && text.trim() !== '')
				return fail('there is text outside the root element');
			if (badEntity(text)) return fail("the text has an unescaped '&' (write &amp;)");
			rest = next < 0 ? '' : rest.slice(next);
		}
	}
	if (open.length > 0) return fail(`<${open[open.length - 1]}> is not closed`);
	return root === undefined ? fail('there is no element') : { ok: true, root };
}
