// Bridge Call: ring the contact's assigned user, whisper who is calling, then connect the contact.
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { renderFieldForItem } from '../../shared/merge';
import { requirePhoneNumber } from '../../shared/recipients/phone-fields';
import { contactOwnerReference, describeReference, findMember } from '../../shared/team/directory';
import {
	optionalText,
	type CallInput,
	type CallRequest,
	type PreparedCall,
	type VoiceOperation,
} from '../calls';
import { bridgeCallTwiml } from '../twiml';

export const operation: VoiceOperation = 'bridgeCall';

export const defaultOutput = 'Bridge call has been successfully started.';

const properties: INodeProperties[] = [
	{
		displayName: 'Assigned User Phone',
		name: 'assignedUserPhone',
		type: 'string',
		default: '={{ $json.assigned_user_phone }}',
		description:
			'Number of the user the contact is assigned to; rung first. Empty: the contact owner (owner / assigned_user attribute) from the Team Directory credential if the node has one, else the Company Phone.',
	},
	{
		displayName: 'Company Phone',
		name: 'companyPhone',
		type: 'string',
		default: '',
		placeholder: '+15550100100',
		description:
			"Rung when the contact has no assigned user. Empty: the Team Directory's company phone.",
	},
	{
		displayName: 'Call Whisper',
		name: 'whisper',
		type: 'string',
		typeOptions: { rows: 2 },
		default: 'You have a new lead, {{ name }}. Press any key to connect.',
		description:
			'Said to the user who answers, before the contact is connected. Supports merge fields.',
	},
	{
		displayName: 'Repeat Whisper',
		name: 'whisperRepeat',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3 },
		default: 2,
		description: 'How many times the whisper is said (1 to 3)',
	},
	{
		displayName: 'Connect Call After Keypress',
		name: 'connectAfterKeypress',
		type: 'boolean',
		default: true,
		description:
			'Whether the contact is dialled only after the user presses a key, confirming a person answered',
	},
	{
		displayName: 'Disable Voicemail Detect',
		name: 'disableVoicemailDetect',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip answering-machine detection: connects faster, but the output cannot tell a person from a voicemail',
	},
];

export const description = updateDisplayOptions({ show: { operation: [operation] } }, properties);

/**
 * Who a bridge call rings: the Assigned User Phone; else the contact's owner in the Team Directory
 * (when the node has one); else the Company Phone (the node's, then the directory's).
 */
function phoneToRing({ read, item, defaultCountry, warnings, directory }: CallInput): string {
	const assigned = optionalText(read, 'assignedUserPhone');
	if (assigned) return requirePhoneNumber('Assigned User Phone', assigned, defaultCountry);
	if (directory) {
		const reference = contactOwnerReference(item.participant);
		const owner = findMember(directory, reference);
		if (owner?.phone) return owner.phone;
		if (reference !== undefined) {
			warnings.push(
				owner
					? `The assigned user ${owner.name} has no phone number in the Team Directory.`
					: `The assigned user '${describeReference(reference)}' is not in the Team Directory.`,
			);
		}
	}
	const company = optionalText(read, 'companyPhone') || directory?.companyPhone || '';
	if (!company) {
		throw new InputError(
			'Nobody to ring: the contact has no Assigned User Phone and Company Phone is empty',
			'Fill in Company Phone as the fallback.',
		);
	}
	const ring = requirePhoneNumber('Company Phone', company, defaultCountry);
	warnings.push(`The contact has no assigned user to ring: rang the company phone ${ring}.`);
	return ring;
}

export function prepare(call: CallInput): PreparedCall {
	const { read, item, options } = call;
	const ring = phoneToRing(call);
	const whisper = renderFieldForItem(
		'Call Whisper',
		String(read('whisper', '')),
		item.participant,
		item.settings.failOnMissingMergeFields,
	);
	call.warnings.push(...whisper.warnings);
	const repeat = Math.min(3, Math.max(1, Math.round(Number(read('whisperRepeat', 2)) || 1)));
	const detect = read('disableVoicemailDetect', false) !== true;
	const twiml = bridgeCallTwiml({
		whisper: whisper.text,
		repeat,
		keypress: read('connectAfterKeypress', true) === true,
		contact: call.contact,
		callerId: call.from,
		dialTimeout: call.timeout,
		language:
			typeof options.language === 'string' && options.language.trim()
				? options.language.trim()
				: undefined,
	});
	const request: CallRequest = {
		to: ring,
		from: call.from,
		twiml,
		timeout: call.timeout,
		statusCallback: call.statusCallback,
		machineDetection: detect ? 'Enable' : undefined,
	};
	return {
		payload: { operation, request, watch: options.waitForAnswer !== false, hangUpOnPerson: false },
		to: [call.contact],
		warnings: call.warnings,
		details: { operation, dialed: ring, from: call.from, voicemailDetection: detect },
	};
}
