// Sends one prepared review request through the team messenger (SMTP or Twilio).
import type { TeamMessenger } from '../shared/team/messenger';
import type { SendSuccess } from '../shared/transport/types';

import type { ReviewPayload } from './prepare';

export async function sendReview(
	messenger: TeamMessenger,
	payload: ReviewPayload,
): Promise<SendSuccess> {
	const sent = await messenger.send(payload.to, payload.message);
	return { providerMessageId: sent.providerMessageId, accepted: [payload.to] };
}
