// The shared send pipeline's entry points under their former module name (see ./pipeline/).
export {
	defaultIdempotencyKey,
	runCommunicationItems,
	WORKER_ID,
	type ChannelRunner,
	type ItemContext,
	type PreparedSend,
} from './pipeline';
export { loadParticipant } from './participant';
