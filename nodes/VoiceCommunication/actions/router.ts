// Picks the node's call operation: one file per operation, and a clear error for an unknown one.
import { nodeLevelParameter, type NodeContext } from '../../shared/pipeline/conversation-node';
import { actionForOperation } from '../../shared/operation-router';
import type { VoiceAction, VoiceOperation } from '../calls';

import * as bridgeCall from './bridgeCall.operation';
import * as outboundCall from './outboundCall.operation';
import * as voicemailDrop from './voicemailDrop.operation';

export const voiceActions: Record<VoiceOperation, VoiceAction> = {
	outboundCall,
	bridgeCall,
	voicemailDrop,
};

/** The node's operation (the same for every item), or a clear error for an unknown one. */
export function voiceActionFor(ctx: NodeContext): VoiceAction {
	return actionForOperation(
		ctx.getNode(),
		voiceActions,
		nodeLevelParameter(ctx, 'operation', 'outboundCall'),
	);
}
