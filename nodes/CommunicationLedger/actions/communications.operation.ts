// Get Communications: a participant's communications, optionally one name and some statuses,
// with their delivery status and events on request.
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { participantIdProperty } from '../../shared/descriptions';
import type { CommunicationStatus } from '../../shared/ledger/types';
import { requiredParticipantIdOf } from '../../shared/participant';

import {
	communicationNameOf,
	communicationNameFilter,
	limitOf,
	limitProperty,
	type LedgerLookup,
} from './common';
import { communicationRows, communicationRowsWithEvents } from './ledger-data';

const STATUSES: CommunicationStatus[] = [
	'active',
	'canceled',
	'expired',
	'failed',
	'planned',
	'queued',
	'sent',
	'skipped',
];

const properties: INodeProperties[] = [
	participantIdProperty,
	communicationNameFilter,
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: STATUSES.map((s) => ({ name: s[0].toUpperCase() + s.slice(1), value: s })),
		default: [],
		description: 'Only communications in these states (empty: all)',
	},
	limitProperty,
	{
		displayName: 'Include Events',
		name: 'includeEvents',
		type: 'boolean',
		default: false,
		description:
			"Whether to list each communication's delivery status and events (delivery reports, replies, opt-outs) with it",
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['communications'] } },
	properties,
);

export const execute: LedgerLookup = async function (ledger, i, item) {
	const statuses = this.getNodeParameter('statuses', i, []) as CommunicationStatus[];
	const rows = await ledger.list({
		participantId: requiredParticipantIdOf(this, i, item),
		name: communicationNameOf(this, i),
		statuses: statuses.length ? statuses : undefined,
		limit: limitOf(this, i),
	});
	if (!this.getNodeParameter('includeEvents', i, false)) {
		return { communications: communicationRows(rows) };
	}
	return { communications: await communicationRowsWithEvents(ledger, rows) };
};
