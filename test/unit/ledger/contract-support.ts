// Shared pieces of the ledger contract suite: the per-test context and small builders.
import type {
	CommunicationLedger,
	CommunicationRecord,
	NewCommunication,
} from '../../../nodes/shared/ledger';

export interface LedgerTestContext {
	/** A new instance on the current test's storage, not yet initialised (closed after the test). */
	create(): CommunicationLedger;
	/** A new, initialised instance on the current test's storage (closed after the test). */
	open(): Promise<CommunicationLedger>;
}

export function newCommunication(
	idempotencyKey: string,
	fields: Partial<NewCommunication> = {},
): NewCommunication {
	return { idempotencyKey, participantId: 'participant-1', channel: 'email', ...fields };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims and completes a send at once: a finished communication for the tests to build on. */
export async function sendNow(
	ledger: CommunicationLedger,
	key: string,
	status: 'sent' | 'failed',
	fields: Partial<NewCommunication> & { providerMessageId?: string } = {},
): Promise<CommunicationRecord> {
	const { providerMessageId, ...input } = fields;
	const { record } = await ledger.claimSend(newCommunication(key, input), 'worker', 60_000);
	return await ledger.completeSend(record.id, { status, providerMessageId });
}
