// Sends one prepared WhatsApp template message through the Cloud API.
import type { SendSuccess } from '../shared/transport/types';
import type { WhatsAppClient } from '../shared/transport/whatsapp';
import type { WhatsAppMessage } from '../shared/transport/whatsapp-message';

/** Sends one prepared template message; WhatsApp's contact ID and status go to the result. */
export async function sendWhatsApp(
	client: WhatsAppClient,
	payload: WhatsAppMessage,
): Promise<SendSuccess> {
	const sent = await client.sendMessage(payload);
	return {
		providerMessageId: sent.messageId,
		details: { whatsappWaId: sent.waId, whatsappMessageStatus: sent.status },
	};
}
