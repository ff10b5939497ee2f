// Places one prepared call through Twilio and, when asked, follows it until it is known who
// answered; a voicemail drop then ends the call when a person picked up.
import type { SendSuccess } from '../shared/transport/types';
import { describeTwilioError, type TwilioClient } from '../shared/transport/twilio';

import { classifyAnswer, watchCall, type WatchOptions } from './call-outcome';
import type { CallPayload } from './calls';

export async function placeCall(
	client: TwilioClient,
	payload: CallPayload,
	options: WatchOptions = {},
): Promise<SendSuccess> {
	const { request } = payload;
	let sid: string;
	let status: string;
	try {
		const call = await client.calls.create({
			to: request.to,
			from: request.from,
			twiml: request.twiml,
			url: request.url,
			timeout: request.timeout,
			statusCallback: request.statusCallback,
			machineDetection: request.machineDetection,
		});
		sid = call.sid;
		status = call.status;
	} catch (error) {
		throw describeTwilioError(error);
	}

	const warnings: string[] = [];
	const details: Record<string, string | boolean | null> = {
		callSid: sid,
		callStatus: status,
		answeredBy: 'unknown',
		answeredByDetail: null,
	};
	if (payload.watch) {
		const snapshot = await watchCall(client, sid, payload, options, warnings);
		Object.assign(details, {
			callStatus: snapshot.status,
			answeredBy: classifyAnswer(snapshot),
			answeredByDetail: snapshot.answeredBy,
		});
	}
	if (payload.hangUpOnPerson && details.answeredBy === 'human') {
		try {
			await client.calls(sid).update({ status: 'completed' });
			details.hungUpOnPerson = true;
		} catch (error) {
			details.hungUpOnPerson = false;
			warnings.push(
				`A person answered, but the call could not be ended before the recording: ${describeTwilioError(error).message}`,
			);
		}
	}
	return { providerMessageId: sid, warnings, details };
}
