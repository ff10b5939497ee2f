// Ledger records as item JSON: their fields are JSON values already, so they copy over field by field.
import type { IDataObject } from 'n8n-workflow';

import type { LedgerEvents } from '../../shared/ledger/parts';
import type { CommunicationRecord, JsonValue } from '../../shared/ledger/types';

/** Any record whose fields are all JSON values (optional ones may be missing). */
type JsonRecord<T> = { [K in keyof T]: JsonValue | undefined };

export function toDataObject<T extends JsonRecord<T>>(record: T): IDataObject {
	const data: IDataObject = {};
	for (const key in record) data[key] = record[key];
	return data;
}

/** Communications as a lookup shows them: no payload or resume link. */
export function communicationRows(rows: CommunicationRecord[]): IDataObject[] {
	return rows.map(({ payload: _payload, resumeUrl: _url, ...row }) => toDataObject(row));
}

/** Communications with their delivery status and their events (reports, replies, opt-outs). */
export async function communicationRowsWithEvents(
	ledger: LedgerEvents,
	rows: CommunicationRecord[],
): Promise<IDataObject[]> {
	const plain = communicationRows(rows);
	return await Promise.all(
		rows.map(async (row, index) => ({
			...plain[index],
			deliveryStatus: row.providerMessageId
				? await ledger.deliveryStatus(row.providerMessageId)
				: null,
			events: (await ledger.listCommunicationEvents(row.id)).map((event) => toDataObject(event)),
		})),
	);
}
