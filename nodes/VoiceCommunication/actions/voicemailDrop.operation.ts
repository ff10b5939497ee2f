// Voicemail Drop: leave a recording after the contact's voicemail greeting; a person hears nothing.
import { updateDisplayOptions } from 'n8n-workflow';

import { parseHttpUrl } from '../../shared/http-url';
import type { CallInput, CallRequest, PreparedCall, VoiceOperation } from '../calls';
import { voicemailDropTwiml } from '../twiml';

export const operation: VoiceOperation = 'voicemailDrop';

export const defaultOutput = 'Voicemail drop has been successfully started.';

export const description = updateDisplayOptions({ show: { operation: [operation] } }, [
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/voicemail.mp3',
		description: 'Public link to the audio file (MP3 or WAV) left on the voicemail',
	},
]);

export function prepare({ read, ...call }: CallInput): PreparedCall {
	const recordingUrl = parseHttpUrl('Recording URL', read('recordingUrl', ''));
	const watch = call.options.waitForAnswer !== false;
	if (!watch)
		call.warnings.push('Wait for Answer is off: a person who answers will hear the recording too.');
	const request: CallRequest = {
		to: call.contact,
		from: call.from,
		twiml: voicemailDropTwiml(recordingUrl),
		timeout: call.timeout,
		statusCallback: call.statusCallback,
		// Waits for the greeting to end, so the recording starts after the beep.
		machineDetection: 'DetectMessageEnd',
	};
	return {
		payload: { operation, request, watch, hangUpOnPerson: watch },
		to: [call.contact],
		warnings: call.warnings,
		details: { operation, dialed: call.contact, from: call.from, recordingUrl },
	};
}
