// execute() and webhook() of a conversation node: the same channel runner serves the first run
// (send what is due, plan the rest) and every resume (send what became due).
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { runCommunicationItems, type ChannelRunner } from './';
import { resumeCommunicationNode } from '../schedule/resume';

export type NodeContext = IExecuteFunctions | IWebhookFunctions;

/** A node-level parameter (not per item) in either context. */
export function nodeLevelParameter(ctx: NodeContext, name: string, fallback: unknown): unknown {
	return 'getInputData' in ctx
		? ctx.getNodeParameter(name, 0, fallback)
		: ctx.getNodeParameter(name, fallback);
}

export function conversationHandlers<P>(
	credentialType: string,
	buildRunner: (
		ctx: NodeContext,
		credentials: ICredentialDataDecryptedObject,
	) => Promise<ChannelRunner<P>> | ChannelRunner<P>,
) {
	return {
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return await runCommunicationItems(
				this,
				await buildRunner(this, await this.getCredentials(credentialType)),
			);
		},
		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await resumeCommunicationNode(
				this,
				await buildRunner(this, await this.getCredentials(credentialType)),
			);
		},
	};
}
