// The send pipeline's public phases: what nodes and the scheduled (webhook) path may use.
export { consentRefusal, CONSENT_FLAGS, type ConsentChannel } from './consent';
export { defaultIdempotencyKey } from './decide';
export { outputItems, type OutputEntry } from './output';
export { readyItem, type ReadiedItem } from './prepare';
export { runCommunicationItems } from './run';
export { sendWhatIsDue } from './send';
export {
	runnerLifecycle,
	WORKER_ID,
	type ChannelRunner,
	type DueSend,
	type ItemOutcome,
} from './types';
export type { ItemContext } from '../item-context';
export type { PreparedSend } from '../outcome-results';
