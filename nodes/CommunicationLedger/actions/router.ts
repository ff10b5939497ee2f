// Runs the chosen lookup for every item against one ledger.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ledgerFor } from '../../shared/ledger/access';
import { actionForOperation } from '../../shared/operation-router';
import { runPerItem } from '../../shared/pipeline/per-item';

import * as calls from './calls.operation';
import type { LedgerAction } from './common';
import * as communications from './communications.operation';
import * as overdue from './overdue.operation';
import * as profile from './profile.operation';
import * as statistics from './statistics.operation';
import * as tasks from './tasks.operation';

export const ledgerActions: Record<string, LedgerAction> = {
	calls,
	communications,
	overdue,
	profile,
	statistics,
	tasks,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const action = actionForOperation(
		this.getNode(),
		ledgerActions,
		this.getNodeParameter('operation', 0),
	);
	const ledger = await ledgerFor(this);
	return await runPerItem(
		this,
		async (i, item) => await action.execute.call(this, ledger, i, item),
	);
}
