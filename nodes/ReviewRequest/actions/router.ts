// Runs the node's operation: send review requests, or record SMS delivery statuses.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { actionForOperation } from '../../shared/operation-router';

import * as recordDeliveryStatus from './recordDeliveryStatus.operation';
import * as send from './send.operation';

interface ReviewAction {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
}

export const reviewActions: Record<'send' | 'recordDeliveryStatus', ReviewAction> = {
	send,
	recordDeliveryStatus,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0);
	return await actionForOperation(this.getNode(), reviewActions, operation).execute.call(this);
}
