// Get Profile: the attributes stored for a participant.
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdProperty } from '../../shared/descriptions';
import { requiredParticipantIdOf } from '../../shared/participant';

import { type LedgerLookup } from './common';
import { toDataObject } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['profile'] } }, [
	participantIdProperty,
]);

export const execute: LedgerLookup = async function (ledger, i, item) {
	return { profile: toDataObject(await ledger.getProfile(requiredParticipantIdOf(this, i, item))) };
};
