// The communication ledger's contract: cross-execution state shared by every node, with an
// embedded SQLite backend and a PostgreSQL backend that must behave identically.
import type {
	LedgerBatches,
	LedgerCallLog,
	LedgerDispatch,
	LedgerEvents,
	LedgerLimits,
	LedgerProfiles,
	LedgerSends,
	LedgerSettings,
	LedgerSuppressions,
	LedgerTasks,
	LedgerTemplates,
} from './parts';

export type { JsonObject, JsonValue } from './json';
export type * from './records';
export * from './communications';
export type * from './parts';
export type { DeliveryStatus } from './delivery-status';
export type * from './templates';

/** The whole ledger: every part, plus opening and closing the storage. */
export interface CommunicationLedger
	extends
		LedgerSends,
		LedgerDispatch,
		LedgerProfiles,
		LedgerTasks,
		LedgerCallLog,
		LedgerLimits,
		LedgerEvents,
		LedgerSettings,
		LedgerBatches,
		LedgerSuppressions,
		LedgerTemplates {
	readonly backend: 'sqlite' | 'postgres';

	/** Creates or migrates the schema; safe to call many times and from many processes. */
	init(): Promise<void>;
	close(): Promise<void>;
}
