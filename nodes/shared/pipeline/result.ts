// Builds the `communication` result object every action node adds to its output items.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export type ResultStatus =
	'sent' | 'queued' | 'scheduled' | 'skipped' | 'failed' | 'canceled' | 'expired';

export type Channel =
	| 'email'
	| 'sms'
	| 'slack'
	| 'telegram'
	| 'whatsapp'
	| 'voice'
	| 'task'
	| 'notification'
	| 'review'
	| 'call-log';

export interface CommunicationResult extends IDataObject {
	id: string;
	name: string;
	channel: Channel;
	status: ResultStatus;
	success: boolean;
	output: string;
	participantId: string;
	to: string[];
	providerMessageId: string | null;
	accepted: string[];
	rejected: string[];
	warnings: string[];
	scheduledFor: string | null;
	sentAt: string | null;
	attempts: number;
}

export type CommunicationResultInput = Partial<CommunicationResult> &
	Pick<CommunicationResult, 'channel' | 'status'> & { details?: IDataObject };

const SUCCESS_STATUSES: readonly ResultStatus[] = ['sent', 'queued', 'scheduled'];

export const DEFAULT_RESULT_FIELD = 'communication';

export function isSuccessStatus(status: ResultStatus): boolean {
	return SUCCESS_STATUSES.includes(status);
}

/** Fills every field of the result so downstream nodes can rely on its shape. */
export function buildCommunicationResult(input: CommunicationResultInput): CommunicationResult {
	const result: CommunicationResult = {
		id: input.id ?? '',
		name: input.name ?? '',
		channel: input.channel,
		status: input.status,
		success: input.success ?? isSuccessStatus(input.status),
		output: input.output ?? '',
		participantId: input.participantId ?? '',
		to: input.to ?? [],
		providerMessageId: input.providerMessageId ?? null,
		accepted: input.accepted ?? [],
		rejected: input.rejected ?? [],
		warnings: input.warnings ?? [],
		scheduledFor: input.scheduledFor ?? null,
		sentAt: input.sentAt ?? null,
		attempts: input.attempts ?? 0,
	};
	// Channel details may add fields but never overwrite the shared ones.
	return input.details ? { ...input.details, ...result } : result;
}

/** Keeps the input item's fields and binary data, adds the result under `field`. */
export function withResult(
	item: INodeExecutionData,
	itemIndex: number,
	field: string,
	result: CommunicationResult,
): INodeExecutionData {
	const out: INodeExecutionData = {
		json: { ...item.json, [field]: result },
		pairedItem: { item: itemIndex },
	};
	if (item.binary) out.binary = item.binary;
	return out;
}

/** True when an incoming item reports an earlier failure (for "Only If Everything Was Successful"). */
export function carriesFailure(item: INodeExecutionData, field: string): boolean {
	if (item.json.error !== undefined && item.json.error !== null) return true;
	if (item.error) return true;
	const previous = item.json[field];
	return (
		typeof previous === 'object' && previous !== null && (previous as IDataObject).success === false
	);
}
