// Turns one item into a normalised call-log entry (the contact's number chosen by direction, E.164
// numbers) and stores it once per external call ID.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseOptionalHttpUrl } from '../shared/http-url';
import type { CallLogEntry, CommunicationLedger, NewCallLogEntry } from '../shared/ledger/types';
import { participantIdParameter } from '../shared/participant';
import { buildCommunicationResult, type CommunicationResult } from '../shared/pipeline/result';
import { requirePhoneNumber } from '../shared/recipients/phone-fields';
import { parsePhoneNumber } from '../shared/recipients';

import {
	normaliseCallStatus,
	parseCallDate,
	parseDirection,
	parseDurationSeconds,
} from './call-fields';
import { DEFAULT_CALL_LOG_OUTPUT } from './description';

export interface PreparedCall {
	entry: NewCallLogEntry;
	contactNumber: string;
	warnings: string[];
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The other side (your line) may be an extension or SIP address: kept as written when not a phone number. */
function lineNumber(
	label: string,
	raw: unknown,
	country: string | undefined,
	warnings: string[],
): string | null {
	const value = text(raw);
	if (!value) return null;
	const parsed = parsePhoneNumber(value, country);
	if (parsed.ok) return parsed.e164;
	warnings.push(`${label} '${value}' is not a phone number; it was stored as written.`);
	return value;
}

export function prepareCall(
	ctx: IExecuteFunctions,
	i: number,
	item: INodeExecutionData,
): PreparedCall {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const country = text(options.defaultCountry) || undefined;
	const warnings: string[] = [];
	const direction = parseDirection(ctx.getNodeParameter('direction', i, 'inbound'));
	const contactField = direction === 'inbound' ? 'from' : 'to';
	const lineField = direction === 'inbound' ? 'to' : 'from';
	const contactLabel =
		direction === 'inbound'
			? "From (the contact's number on an inbound call)"
			: "To (the contact's number on an outbound call)";
	const contactNumber = requirePhoneNumber(
		contactLabel,
		ctx.getNodeParameter(contactField, i, ''),
		country,
	);
	const line = lineNumber(
		lineField === 'to' ? 'To' : 'From',
		ctx.getNodeParameter(lineField, i, ''),
		country,
		warnings,
	);

	let occurredAt = parseCallDate(ctx.getNodeParameter('callDate', i, ''), ctx.getTimezone());
	if (!occurredAt) {
		occurredAt = new Date().toISOString();
		warnings.push('Date is empty: the call was logged with the current time.');
	}
	const rawStatus = text(ctx.getNodeParameter('callStatus', i, ''));
	const status = normaliseCallStatus(rawStatus);
	if (!status.known)
		warnings.push(
			`Call Status '${status.status}' is not a known status; it was stored as written.`,
		);
	const externalCallId = text(ctx.getNodeParameter('externalCallId', i, '')) || null;
	if (!externalCallId)
		warnings.push(
			'No External Call ID: a repeat of this call cannot be recognised and would be logged again.',
		);

	const participantId = participantIdParameter(ctx, i, item).trim() || contactNumber;
	return {
		contactNumber,
		warnings,
		entry: {
			participantId,
			externalCallId,
			direction,
			from: direction === 'inbound' ? contactNumber : line,
			to: direction === 'inbound' ? line : contactNumber,
			status: status.status,
			durationSeconds: parseDurationSeconds(ctx.getNodeParameter('duration', i, '')),
			recordingUrl:
				parseOptionalHttpUrl('Recording URL', ctx.getNodeParameter('recordingUrl', i, '')) ?? null,
			occurredAt,
			data: {
				rawStatus: rawStatus || null,
				workflowId: ctx.getWorkflow().id ?? null,
				executionId: ctx.getExecutionId() ?? null,
			},
		},
	};
}

export interface LoggedCall {
	call: IDataObject;
	result: CommunicationResult;
}

function describeEntry(
	entry: CallLogEntry,
	contactNumber: string,
	duplicate: boolean,
): IDataObject {
	return {
		id: entry.id,
		externalCallId: entry.externalCallId,
		participantId: entry.participantId,
		direction: entry.direction,
		from: entry.from,
		to: entry.to,
		contactNumber,
		status: entry.status,
		durationSeconds: entry.durationSeconds,
		recordingUrl: entry.recordingUrl,
		occurredAt: entry.occurredAt,
		loggedAt: entry.createdAt,
		duplicate,
	};
}

/** Stores the call; a repeat call ID returns the stored entry, reported as a duplicate. */
export async function logCall(
	ledger: CommunicationLedger,
	prepared: PreparedCall,
	outputMessage: string | undefined,
): Promise<LoggedCall> {
	if (!prepared.entry.participantId) throw new InputError('Participant ID is empty');
	const { inserted, entry } = await ledger.logCall(prepared.entry);
	const warnings = [...prepared.warnings];
	if (!inserted) {
		warnings.push(
			`Call ID '${entry.externalCallId}' was already logged at ${entry.createdAt}; it was not stored again.`,
		);
	}
	const result = buildCommunicationResult({
		id: entry.id,
		channel: 'call-log',
		// A repeat reports the stored call, as a repeated send reports the earlier message.
		status: 'sent',
		output: outputMessage || DEFAULT_CALL_LOG_OUTPUT,
		participantId: entry.participantId,
		to: [prepared.contactNumber],
		accepted: [prepared.contactNumber],
		warnings,
		sentAt: entry.createdAt,
		attempts: inserted ? 1 : 0,
		details: { duplicate: !inserted },
	});
	return { call: describeEntry(entry, prepared.contactNumber, !inserted), result };
}
