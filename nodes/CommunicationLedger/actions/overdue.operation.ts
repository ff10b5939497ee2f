// Get Overdue Communications: planned communications whose time has passed without being sent.
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, limitProperty, type LedgerLookup } from './common';
import { communicationRows } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['overdue'] } }, [
	limitProperty,
]);

export const execute: LedgerLookup = async function (ledger, i) {
	const rows = await ledger.list({
		statuses: ['planned'],
		dueBefore: new Date().toISOString(),
		limit: limitOf(this, i),
	});
	return { overdue: communicationRows(rows) };
};
