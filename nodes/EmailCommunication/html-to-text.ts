// Derives the plain-text part of an email from its HTML, for clients that do not show HTML.

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	'#39': "'",
};

function decodeEntities(text: string): string {
	return text.replace(/&(#x?[0-9a-f]+|[a-z]+\d*|#39);/gi, (match, entity: string) => {
		const lower = entity.toLowerCase();
		if (ENTITIES[lower] !== undefined) return ENTITIES[lower];
		if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
		if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
		return match;
	});
}

export function htmlToText(html: string): string {
	const text = html
		.replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(
			/<a\b[^>]*href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi,
			(_m, href: string, label: string) => {
				const inner = label.replace(/<[^>]+>/g, '').trim();
				return inner && inner !== href ? `${inner} (${href})` : href;
			},
		)
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<li\b[^>]*>/gi, '\n- ')
		.replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|blockquote)>/gi, '\n\n')
		.replace(/<[^>]+>/g, '');
	return decodeEntities(text)
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n[ \t]+/g, '\n')
		.replace(/[ \t]{2,}/g, ' ')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
