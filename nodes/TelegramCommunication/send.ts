// Sends one prepared Telegram message through the Bot API.
import {
	sendTelegramMessage,
	type TelegramClient,
	type TelegramOutgoing,
} from '../shared/transport/telegram';
import type { SendSuccess } from '../shared/transport/types';

/** Sends one prepared message; the chat and message IDs Telegram returned go to the result. */
export async function sendTelegram(
	client: TelegramClient,
	payload: TelegramOutgoing,
): Promise<SendSuccess> {
	const sent = await sendTelegramMessage(client, payload);
	return {
		providerMessageId: String(sent.messageId),
		details: { telegramChatId: sent.chatId, telegramMessageId: sent.messageId },
	};
}
