// Get Tasks: a participant's manual tasks, without their resume links.
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdProperty } from '../../shared/descriptions';
import { requiredParticipantIdOf } from '../../shared/participant';

import { limitOf, limitProperty, type LedgerLookup } from './common';
import { toDataObject } from './ledger-data';

export const description = updateDisplayOptions({ show: { operation: ['tasks'] } }, [
	participantIdProperty,
	limitProperty,
]);

export const execute: LedgerLookup = async function (ledger, i, item) {
	const tasks = await ledger.listTasks({ participantId: requiredParticipantIdOf(this, i, item) });
	return {
		tasks: tasks
			.slice(0, limitOf(this, i))
			.map(({ resumeUrl: _url, ...task }) => toDataObject(task)),
	};
};
