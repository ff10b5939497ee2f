// Sends one prepared SMS through Twilio and reports what Twilio accepted.
import type { TwilioRest } from '../shared/transport/twilio-rest';
import { sendTwilioSms } from '../shared/transport/twilio-sms';
import type { SendSuccess } from '../shared/transport/types';

import type { SmsPayload } from './prepare';

export async function sendSms(rest: TwilioRest, payload: SmsPayload): Promise<SendSuccess> {
	const sent = await sendTwilioSms(rest, payload);
	return {
		providerMessageId: sent.sid,
		accepted: [payload.to],
		details: { providerStatus: sent.status, numSegments: sent.numSegments },
	};
}
