// Telegram MarkdownV2 escaping of merge-field values: any text comes out literally, nothing else changes.
import fc from 'fast-check';

import { renderMergeFields } from '../../nodes/shared/merge';
import {
	escapeMarkdownV2,
	mergeEscapeFor,
} from '../../nodes/TelegramCommunication/telegram-message';

const RESERVED = '_*[]()~`>#+-=|{}.!\\';

/** What Telegram shows for MarkdownV2 plain text: a backslash makes the next character literal. */
function shownText(markdown: string): string {
	return markdown.replace(/\\(.)/gsu, '$1');
}

describe('escapeMarkdownV2', () => {
	it('shows any value literally: every reserved character is escaped and nothing else is touched', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom(...RESERVED, 'a', 'Z', '1', ' ', 'ä', '😀', '\n') }),
				(value) => {
					const escaped = escapeMarkdownV2(value);
					expect(shownText(escaped)).toBe(value);
					// No reserved character stays unescaped.
					expect(escaped.replace(/\\./gsu, '')).not.toMatch(/[_*[\]()~`>#+\-=|{}.!\\]/);
				},
			),
		);
	});

	it("escapes merged values only, never the author's markup", () => {
		const { text } = renderMergeFields(
			'*Total:* {{ amount }} _{{ name }}_',
			{ amount: -12.5, name: 'a_b' },
			{ escape: mergeEscapeFor('MarkdownV2') },
		);
		expect(text).toBe('*Total:* \\-12\\.5 _a\\_b_');
	});

	it('uses HTML escaping for HTML and none for plain text', () => {
		expect(
			renderMergeFields('<b>{{ v }}</b>', { v: '<i>&' }, { escape: mergeEscapeFor('HTML') }).text,
		).toBe('<b>&lt;i&gt;&amp;</b>');
		expect(
			renderMergeFields('{{ v }}', { v: '<i>*' }, { escape: mergeEscapeFor('none') }).text,
		).toBe('<i>*');
	});
});
