// Get Statistics: counts per status for each named communication (unnamed ones are left out).
import { updateDisplayOptions } from 'n8n-workflow';

import { communicationNameOf, communicationNameFilter, type LedgerLookup } from './common';
import { toDataObject } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['statistics'] } }, [
	communicationNameFilter,
]);

export const execute: LedgerLookup = async function (ledger, i) {
	const stats = await ledger.statsByName(communicationNameOf(this, i));
	return { statistics: stats.filter((s) => s.name !== '').map(toDataObject) };
};
