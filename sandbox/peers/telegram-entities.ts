// Checks text against Telegram's parse modes the way the Bot API rejects it ("can't parse entities").

const HTML_TAGS = new Set([
	'b',
	'strong',
	'i',
	'em',
	'u',
	'ins',
	's',
	'strike',
	'del',
	'span',
	'tg-spoiler',
	'a',
	'tg-emoji',
	'code',
	'pre',
	'blockquote',
]);
// MarkdownV2 characters that must always be escaped outside code (formatting characters may pair up).
const MARKDOWN_V2_RESERVED = new Set(['.', '!', '-', '=', '+', '#', '{', '}', '>']);

function byteOffset(text: string, index: number): number {
	return Buffer.byteLength(text.slice(0, index), 'utf8');
}

function checkHtml(text: string): string | null {
	const open: string[] = [];
	for (let index = text.indexOf('<'); index >= 0; index = text.indexOf('<', index + 1)) {
		const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/.exec(text.slice(index));
		if (!tag) return `Unexpected end of name token at byte offset ${byteOffset(text, index)}`;
		const [, closing, rawName] = tag;
		const name = rawName.toLowerCase();
		if (!HTML_TAGS.has(name)) {
			return `Unsupported ${closing ? 'end' : 'start'} tag "${name}" at byte offset ${byteOffset(text, index)}`;
		}
		if (!closing) open.push(name);
		else if (open.pop() !== name)
			return `Unmatched end tag at byte offset ${byteOffset(text, index)}, expected "</${open.at(-1) ?? name}>", found "</${name}>"`;
	}
	return open.length > 0 ? `Can't find end tag corresponding to start tag "${open[0]}"` : null;
}

function checkMarkdownV2(text: string): string | null {
	let inCode = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '\\') {
			index++;
			continue;
		}
		if (char === '`') inCode = !inCode;
		else if (!inCode && MARKDOWN_V2_RESERVED.has(char)) {
			// A '>' starting a line opens a block quote; anywhere else it must be escaped.
			if (char === '>' && (index === 0 || text[index - 1] === '\n')) continue;
			return `Character '${char}' is reserved and must be escaped with the preceding '\\'`;
		}
	}
	return null;
}

/** null when the text parses, else the Bot API's description after "Bad Request: ". */
export function checkParseMode(parseMode: string | undefined, text: string): string | null {
	if (parseMode === undefined || parseMode === '') return null;
	let problem: string | null;
	if (parseMode.toLowerCase() === 'html') problem = checkHtml(text);
	else if (parseMode === 'MarkdownV2') problem = checkMarkdownV2(text);
	else if (parseMode.toLowerCase() === 'markdown') problem = null;
	else return 'unsupported parse_mode';
	return problem ? `can't parse entities: ${problem}` : null;
}
