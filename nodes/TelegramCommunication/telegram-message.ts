// What is unique to Telegram: the participant's chat ID, Start Phrase / Welcome Text, escaping per parse mode.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem, type MergeOptions } from '../shared/merge';
import { applyTemplate, type TemplateSource } from '../shared/templates';
import { type TelegramOutgoing } from '../shared/transport/telegram';

export type ParseMode = 'none' | 'MarkdownV2' | 'HTML';

const MAX_TEXT_LENGTH = 4096;
const CHAT_ID = /^-?\d{1,20}$/;
const CHANNEL_USERNAME = /^@[A-Za-z][A-Za-z0-9_]{4,31}$/;
// Every character MarkdownV2 reserves, plus the backslash itself.
const MARKDOWN_V2_SPECIAL = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** A value shown literally inside MarkdownV2 text. */
export function escapeMarkdownV2(value: string): string {
	return value.replace(MARKDOWN_V2_SPECIAL, '\\$&');
}

/** How merge-field values are escaped so they never change the formatting of the author's text. */
export function mergeEscapeFor(mode: ParseMode): MergeOptions['escape'] {
	if (mode === 'MarkdownV2') return escapeMarkdownV2;
	if (mode === 'HTML') return 'html';
	return 'none';
}

function chatIdOf(parameter: unknown, participant: IDataObject): string {
	const explicit =
		typeof parameter === 'number'
			? String(parameter)
			: typeof parameter === 'string'
				? parameter.trim()
				: '';
	const fromParticipant = participant.telegram_id;
	const value =
		explicit ||
		(typeof fromParticipant === 'number' || typeof fromParticipant === 'string'
			? String(fromParticipant).trim()
			: '');
	if (!value) {
		throw new InputError(
			'The participant has no telegram_id: they must open your bot in Telegram and press Start before it can message them',
			'Store the chat ID the bot receives from them as the participant attribute telegram_id (or set Telegram ID).',
		);
	}
	if (!CHAT_ID.test(value) && !CHANNEL_USERNAME.test(value)) {
		throw new InputError(
			`Telegram ID '${value}' is not a chat ID (a number such as 123456789) or a channel @username`,
		);
	}
	return value;
}

/** Reads parameters only through `item.param`, so a planned message is prepared again at send time. */
export async function prepareMessage(
	input: ItemContext,
	templates: TemplateSource,
): Promise<PreparedSend<TelegramOutgoing>> {
	const { item, details } = await applyTemplate(input, templates, 'telegram');
	const { participant, settings } = item;
	const chatId = chatIdOf(item.param('telegramId', ''), participant);
	const parseMode = item.param('parseMode', 'none') as ParseMode;
	const startPhrase = String(item.param('startPhrase', '') ?? '');
	const useStart = startPhrase.trim() !== '';
	const template = useStart ? startPhrase : String(item.param('welcomeText', '') ?? '');
	if (template.trim() === '') {
		throw new InputError('Nothing to send: Start Phrase and Welcome Text are both empty');
	}
	const rendered = renderFieldForItem(
		useStart ? 'Start Phrase' : 'Welcome Text',
		template,
		participant,
		settings.failOnMissingMergeFields,
		{
			escape: mergeEscapeFor(parseMode),
		},
	);
	if (rendered.text.trim() === '')
		throw new InputError('The message is empty once its merge fields are filled in');
	if (parseMode === 'none' && rendered.text.length > MAX_TEXT_LENGTH) {
		throw new InputError(
			`The message has ${rendered.text.length} characters; Telegram accepts at most ${MAX_TEXT_LENGTH}`,
		);
	}
	const options = (item.param('options', {}) ?? {}) as IDataObject;
	const payload: TelegramOutgoing = { chat_id: chatId, text: rendered.text };
	if (parseMode !== 'none') payload.parse_mode = parseMode;
	if (options.disableLinkPreview === true) payload.link_preview_options = { is_disabled: true };
	if (options.disableNotification === true) payload.disable_notification = true;
	if (options.protectContent === true) payload.protect_content = true;
	return { payload, to: [chatId], warnings: rendered.warnings, details };
}
