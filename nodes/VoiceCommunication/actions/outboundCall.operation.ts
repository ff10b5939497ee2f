// Outbound Call: dial the contact through the user's SIP server and run their TwiML (or TwiML URL).
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { parseHttpUrl } from '../../shared/http-url';
import { renderFieldForItem } from '../../shared/merge';
import type { CallInput, CallRequest, PreparedCall, VoiceOperation } from '../calls';
import { buildSipUri, parseSipParameters, parseSipServer } from '../sip';
import { checkUserTwiml } from '../twiml';
import { escapeXmlAttribute } from '../xml';

export const operation: VoiceOperation = 'outboundCall';

export const defaultOutput = 'Call has been successfully started.';

const properties: INodeProperties[] = [
	{
		displayName: 'SIP Server',
		name: 'sipServer',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sip.example.com',
		description: 'Host (and optional :port) of the SIP server that routes the call to the contact',
	},
	{
		displayName: 'SIP Parameters',
		name: 'sipParameters',
		type: 'string',
		default: '',
		placeholder: 'transport=udp;timeout=30',
		description:
			'Optional key=value pairs separated by semicolons, added to the SIP address. Transport may be udp, tcp or tls.',
	},
	{
		displayName: 'Call Instructions',
		name: 'callInstructions',
		type: 'options',
		options: [
			{ name: 'TwiML', value: 'twiml', description: 'Write what happens in the call' },
			{
				name: 'TwiML URL',
				value: 'url',
				description: 'Twilio fetches the instructions from your URL',
			},
		],
		default: 'twiml',
	},
	{
		displayName: 'TwiML',
		name: 'twiml',
		type: 'string',
		typeOptions: { rows: 5 },
		default:
			'<Response><Say>Hello {{ first_name }}, this is a call from our team.</Say></Response>',
		displayOptions: { show: { callInstructions: ['twiml'] } },
		description:
			'TwiML with a &lt;Response&gt; root. Merge fields like {{ first_name }} are filled in and escaped.',
	},
	{
		displayName: 'TwiML URL',
		name: 'twimlUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/call.xml',
		displayOptions: { show: { callInstructions: ['url'] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: [operation] } }, properties);

export function prepare({ read, item, ...call }: CallInput): PreparedCall {
	const server = parseSipServer(read('sipServer', ''));
	const sipAddress = buildSipUri(
		call.contact,
		server,
		parseSipParameters(read('sipParameters', '')),
	);
	const request: CallRequest = {
		to: sipAddress,
		from: call.from,
		timeout: call.timeout,
		statusCallback: call.statusCallback,
	};
	if (read('callInstructions', 'twiml') === 'url') {
		request.url = parseHttpUrl('TwiML URL', read('twimlUrl', ''));
	} else {
		// Values are escaped for XML text and attributes alike, so contact data cannot add markup.
		const rendered = renderFieldForItem(
			'TwiML',
			String(read('twiml', '')),
			item.participant,
			item.settings.failOnMissingMergeFields,
			{ escape: escapeXmlAttribute },
		);
		call.warnings.push(...rendered.warnings);
		request.twiml = checkUserTwiml(rendered.text);
	}
	return {
		payload: { operation, request, watch: false, hangUpOnPerson: false },
		to: [call.contact],
		warnings: call.warnings,
		details: { operation, dialed: sipAddress, from: call.from },
	};
}
