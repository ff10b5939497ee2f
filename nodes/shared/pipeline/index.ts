// The send pipeline's public phases: what nodes and the scheduled (webhook) path may use.
export { consentRefusal, CONSENT_FLAGS, type ConsentChannel } from './consent';
export { defaultIdempotencyKey } from './prepare-and-decide';
export { outputItems, type OutputEntry } from './output-items';
export { readyItem, type ReadiedItem } from './ready-item';
export { runCommunicationItems } from './run';
export { sendWhatIsDue } from './send-due';
export {
	runnerLifecycle,
	WORKER_ID,
	type ChannelRunner,
	type DueSend,
	type ItemOutcome,
} from './types';
export {
	replayItemContext,
	type ItemContext,
	type LiveItemContext,
	type RecordedItem,
} from './item-context';
export type { PreparedSend } from './outcome-result';
export { buildCommunicationResult, type Channel, type CommunicationResult } from './result';
export { nodeSendSettingsFrom, type ItemSendSettings, type NodeSendSettings } from './send-options';
