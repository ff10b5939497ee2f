// The ledger's status rules, shared by both backends: which states are final, which end a claim,
// and how attempts add up across leases.
import type { ClaimOutcome, CommunicationRecord, CommunicationStatus } from './communications';
import { TERMINAL_STATUSES } from './communications';
import type { TaskStatus } from './records';

export const COMMUNICATION_STATUSES: readonly CommunicationStatus[] = [
	'planned',
	'active',
	'queued',
	...TERMINAL_STATUSES,
];

export const TASK_STATUSES: readonly TaskStatus[] = [
	'open',
	'completed',
	'deleted',
	'timed_out',
	'canceled',
];

/** Statuses claimSend answers with `done`: the message went out or must never go out. */
export const DONE_STATUSES: readonly CommunicationStatus[] = [
	'sent',
	'queued',
	'skipped',
	'canceled',
	'expired',
];

/** The final statuses as an SQL list, for `status NOT IN ...` in both backends. */
export const TERMINAL_SQL_LIST = `(${TERMINAL_STATUSES.map((status) => `'${status}'`).join(', ')})`;

export function isTerminalStatus(status: CommunicationStatus): boolean {
	return TERMINAL_STATUSES.includes(status);
}

export function assertTerminal(status: CommunicationStatus): void {
	if (!isTerminalStatus(status)) {
		throw new Error(
			`Communication ledger: '${status}' is not a final status (use one of ${TERMINAL_STATUSES.join(', ')})`,
		);
	}
}

/**
 * What claimSend answers for a stored row: `done` when it must not be sent again, `busy` while
 * another lease on it is live; undefined when the caller should take the lease.
 */
export function claimOutcomeOf(
	existing: CommunicationRecord,
	leaseLive: boolean,
): ClaimOutcome | undefined {
	if (DONE_STATUSES.includes(existing.status)) return { state: 'done', record: existing };
	if (leaseLive) return { state: 'busy', record: existing };
	return undefined;
}

/**
 * The total after completeSend reports `leaseAttempts` tries: a leased (active) row already
 * counted one for its claim, which the reported tries replace.
 */
export function attemptsAfter(
	current: Pick<CommunicationRecord, 'status' | 'attempts'>,
	leaseAttempts: number | undefined,
): number {
	if (leaseAttempts === undefined) return current.attempts;
	const counted =
		current.status === 'active' ? Math.max(current.attempts - 1, 0) : current.attempts;
	return counted + leaseAttempts;
}
