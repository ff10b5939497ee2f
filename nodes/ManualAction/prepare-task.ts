// Resolves one item into a manual task: contact number, the proposed text, instructions and who
// it is assigned to (the fallback table); bad input throws InputError for that item only.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { isObject } from '../shared/json-fields';
import type { CommunicationLedger } from '../shared/ledger/types';
import { renderFieldForItem } from '../shared/merge';
import { loadParticipant, participantIdOf } from '../shared/participant';
import { requirePhoneNumber } from '../shared/recipients/phone-fields';
import { decideAssignment, type Assignment } from './team-assignment';
import type { TeamDirectory } from '../shared/team/directory';
import { movedParam, type ParamReader } from '../shared/versioned-params';

export interface PreparedTask {
	itemIndex: number;
	item: INodeExecutionData;
	kind: 'sms' | 'call';
	participantId: string;
	participant: IDataObject;
	actionName: string;
	contact: { name: string; phone: string; email: string | null };
	message: string | null;
	instructions: string;
	sendOnCompletion: boolean;
	assignment: Assignment;
	warnings: string[];
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

export async function prepareTask(
	ctx: IExecuteFunctions,
	i: number,
	item: INodeExecutionData,
	directory: TeamDirectory,
	ledger: CommunicationLedger,
): Promise<PreparedTask> {
	const kind = ctx.getNodeParameter('taskType', i) === 'sms' ? 'sms' : 'call';
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const country = text(options.defaultCountry) || directory.defaultCountry;
	const participantId = participantIdOf(ctx, i, item);
	if (!participantId)
		throw new InputError('Participant ID is empty: a manual task is always about a contact');
	const participant = await loadParticipant(ledger, participantId, item.json);
	const warnings: string[] = [];
	const render = (label: string, template: string) => {
		const rendered = renderFieldForItem(label, template, participant, false);
		warnings.push(...rendered.warnings);
		return rendered.text;
	};

	const phone = requirePhoneNumber(
		'Contact Phone',
		ctx.getNodeParameter('contactPhone', i, ''),
		country,
	);
	let message: string | null = null;
	if (kind === 'sms') {
		message = render('Message', String(ctx.getNodeParameter('message', i, '')));
		if (!message.trim())
			throw new InputError('Message is empty: write the text the assignee should send');
	}
	const sendOnCompletion =
		kind === 'sms' && ctx.getNodeParameter('sendOnCompletion', i, true) === true;
	// Found out now, not when the assignee presses "Send" hours later.
	if (sendOnCompletion && !ctx.getNode().credentials?.communicationTwilioApi) {
		throw new InputError(
			'Send on Completion needs a Twilio credential: select one, or turn Send on Completion off',
		);
	}
	const email = text(participant.email);
	const assignment = decideAssignment(
		directory,
		ctx.getNodeParameter('assignTo', i, ''),
		participant,
	);
	return {
		itemIndex: i,
		item,
		kind,
		participantId,
		participant,
		actionName:
			text(ctx.getNodeParameter('actionName', i, '')) ||
			(kind === 'sms' ? 'SMS task' : 'Call task'),
		contact: {
			name: text(movedParam(paramReader(ctx, i), 'contactName', '')) || phone,
			phone,
			email: email || null,
		},
		message,
		instructions: render('Instructions', String(ctx.getNodeParameter('instructions', i, ''))),
		sendOnCompletion,
		assignment,
		warnings,
	};
}

const UNIT_MS: Record<string, number> = {
	seconds: 1000,
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

function paramReader(ctx: IExecuteFunctions, i: number): ParamReader {
	return (name, fallback) => ctx.getNodeParameter(name, i, fallback) as unknown;
}

/**
 * The task's deadline from Limit Wait Time, or null without a limit: version 2 keeps Limit and
 * Unit inside the option, version 1 has a switch with Limit and Unit at the top level.
 */
export function deadlineFor(ctx: IExecuteFunctions, i: number, now: Date): string | null {
	const read = paramReader(ctx, i);
	const limit = movedParam(read, 'limitWaitTime', false);
	let amount: unknown;
	let unitName: unknown;
	if (isObject(limit)) {
		const values = isObject(limit.values) ? limit.values : {};
		amount = values.waitAmount;
		unitName = values.waitUnit;
	} else if (limit === true) {
		amount = read('waitAmount', 0);
		unitName = read('waitUnit', 'hours');
	} else return null;
	if (!Number.isFinite(Number(amount)) || Number(amount) <= 0)
		throw new InputError('Limit must be a positive number');
	const unit = UNIT_MS[String(unitName ?? 'hours')] ?? UNIT_MS.hours;
	return new Date(now.getTime() + Number(amount) * unit).toISOString();
}
