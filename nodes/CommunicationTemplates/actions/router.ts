// Runs the chosen template operation for every item against the node's ledger.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ledgerFor } from '../../shared/ledger/access';
import { actionForOperation } from '../../shared/operation-router';
import { runPerItem } from '../../shared/pipeline/per-item';

import type { TemplateAction } from './common';
import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as preview from './preview.operation';
import * as statistics from './statistics.operation';
import * as update from './update.operation';

export const templateActions: Record<string, TemplateAction> = {
	create,
	update,
	get,
	list,
	delete: deleteTemplate,
	preview,
	statistics,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const action = actionForOperation(
		this.getNode(),
		templateActions,
		this.getNodeParameter('operation', 0),
	);
	const ledger = await ledgerFor(this);
	return await runPerItem(
		this,
		async (i) =>
			(await action.execute.call(this, ledger, i)).map((json) => ({
				json,
				pairedItem: { item: i },
			})),
		{ fanOut: true },
	);
}
