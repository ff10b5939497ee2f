// Get Call Log: a participant's logged calls.
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdProperty } from '../../shared/descriptions';

import { limitOf, limitProperty, participantOf, type LedgerLookup } from './common';
import { toDataObject } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['calls'] } }, [
	participantIdProperty,
	limitProperty,
]);

export const execute: LedgerLookup = async function (ledger, i, item) {
	const calls = await ledger.listCalls(participantOf(this, i, item));
	return { calls: calls.slice(0, limitOf(this, i)).map(toDataObject) };
};
