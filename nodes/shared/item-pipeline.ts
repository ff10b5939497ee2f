// Former name of the send pipeline's entry point, kept only so branches written against it still
// build; import from './pipeline' instead (this file can go once nothing imports it).
export { runCommunicationItems, WORKER_ID, type ChannelRunner } from './pipeline';
export type { ItemContext } from './item-context';
export type { PreparedSend } from './outcome-results';
