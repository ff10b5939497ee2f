// Get Call Log: a participant's logged calls.
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdProperty } from '../../shared/descriptions';
import { requiredParticipantIdOf } from '../../shared/participant';

import { limitOf, limitProperty, type LedgerLookup } from './common';
import { toDataObject } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['calls'] } }, [
	participantIdProperty,
	limitProperty,
]);

export const execute: LedgerLookup = async function (ledger, i, item) {
	const calls = await ledger.listCalls(requiredParticipantIdOf(this, i, item));
	return { calls: calls.slice(0, limitOf(this, i)).map(toDataObject) };
};
