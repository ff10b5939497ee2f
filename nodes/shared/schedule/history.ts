// The participant's contact history that Best Time to Contact learns from: the calls they answered
// (the call log, which Log External Call writes).
import type { CommunicationLedger } from '../ledger/types';

/** Call statuses that mean the participant picked up. */
const ANSWERED = new Set(['completed', 'in-progress']);

/** ISO instants of the participant's answered calls, oldest first ([] without an ID). */
export async function answeredCallTimes(
	ledger: Pick<CommunicationLedger, 'listCalls'>,
	participantId: string,
): Promise<string[]> {
	if (!participantId) return [];
	const calls = await ledger.listCalls(participantId);
	return calls.filter((call) => ANSWERED.has(call.status ?? '')).map((call) => call.occurredAt);
}
