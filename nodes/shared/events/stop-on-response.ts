// Stop on Response: a reply from a participant (any channel) cancels the planned communications
// and open manual tasks that asked for it, so their waiting executions continue with `replied`.
import type {
	CommunicationLedger,
	CommunicationRecord,
	JsonObject,
	ManualTask,
	SuppressionChannel,
} from '../ledger/types';
import { cancelOpenTasks } from '../manual-tasks';
import { wakeWaitingExecution } from '../schedule/dispatch';
import { normaliseSuppressionAddress } from './suppression-address';

export interface InboundReply {
	channel: 'sms' | 'whatsapp' | 'telegram' | 'email' | 'voice';
	/** The sender's phone / email / chat id, as received. */
	address: string;
	/** When the provider payload already tells it. */
	participantId?: string;
	receivedAt: Date;
}

/** What a reply cancels: every planned communication of the contact, or those of one name. */
export type StopScope = 'all' | 'name';

/** The reason the canceled communications and tasks carry. */
export const REPLIED = 'replied';

/** Item fields that hold a way to reach the contact, matched against the reply's sender. */
const CONTACT_FIELDS = [
	'phone',
	'mobile',
	'phone_number',
	'phoneNumber',
	'whatsapp',
	'whatsapp_number',
	'email',
	'telegram_id',
	'telegramId',
	'chat_id',
];

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function scopeOf(value: unknown): StopScope | null {
	return value === 'all' || value === 'name' ? value : null;
}

/** The Stop on Response scope a planned row was stored with (its Schedule section), or null. */
export function stopScopeOf(payload: JsonObject | null): StopScope | null {
	const recorded = payload?.recorded;
	if (!isObject(recorded) || !isObject(recorded.params)) return null;
	const schedule = recorded.params.schedule;
	return isObject(schedule) ? scopeOf(schedule.stopOnResponse) : null;
}

/** The Stop on Response scope a manual task was created with, or null. */
export function taskStopScopeOf(task: Pick<ManualTask, 'data'>): StopScope | null {
	return task.data.stopOnResponse === true ? 'all' : null;
}

/** The list a sender's address is compared in: phones (SMS, WhatsApp, calls), emails, chat ids. */
function keyChannelOf(channel: InboundReply['channel']): SuppressionChannel {
	return channel === 'whatsapp' || channel === 'voice' ? 'sms' : channel;
}

/** Comparable keys of one stored contact value: as a phone, an email or a chat id. */
function keysOf(value: unknown): string[] {
	if (typeof value !== 'string' && typeof value !== 'number') return [];
	const text = String(value).trim();
	if (text === '') return [];
	if (text.includes('@')) return [`email:${normaliseSuppressionAddress('email', text)}`];
	return [
		`sms:${normaliseSuppressionAddress('sms', text)}`,
		`telegram:${normaliseSuppressionAddress('telegram', text)}`,
	];
}

function rowKeys(row: CommunicationRecord): string[] {
	const payload = row.payload;
	const to = Array.isArray(payload?.to) ? payload.to : [];
	const item = isObject(payload?.item) && isObject(payload.item.json) ? payload.item.json : {};
	return [...to, ...CONTACT_FIELDS.map((field) => item[field])].flatMap(keysOf);
}

function taskKeys(task: ManualTask): string[] {
	const contact = isObject(task.data.contact) ? task.data.contact : {};
	return [contact.phone, contact.email].flatMap(keysOf);
}

/** The participants the reply is from: given by the provider, or matched by address. */
function repliedParticipants(
	reply: InboundReply,
	rows: CommunicationRecord[],
	tasks: ManualTask[],
): Set<string> {
	const channel = keyChannelOf(reply.channel);
	const key = `${channel}:${normaliseSuppressionAddress(channel, reply.address)}`;
	const found = new Set<string>(reply.participantId ? [reply.participantId] : []);
	for (const row of rows) if (rowKeys(row).includes(key)) found.add(row.participantId);
	for (const task of tasks) if (taskKeys(task).includes(key)) found.add(task.participantId);
	return found;
}

/** Participants the events workflow bound to the sender's address (e.g. Telegram /start). */
async function boundParticipants(
	ledger: Pick<CommunicationLedger, 'participantAt'>,
	reply: InboundReply,
): Promise<string[]> {
	const channel = keyChannelOf(reply.channel);
	const spellings = new Set([
		reply.address.trim(),
		normaliseSuppressionAddress(channel, reply.address),
	]);
	const found: string[] = [];
	for (const address of spellings) {
		const participantId = await ledger.participantAt(reply.channel, address);
		if (participantId) found.push(participantId);
	}
	return found;
}

function canceledResult(reply: InboundReply): JsonObject {
	return {
		status: 'canceled',
		success: false,
		reason: REPLIED,
		repliedAt: reply.receivedAt.toISOString(),
		repliedOn: reply.channel,
		warnings: [
			`Canceled: the participant replied (${reply.channel}) and this communication stops on response.`,
		],
	};
}

export interface StopOptions {
	/** POSTs to a waiting Manual Action's resume URL (default: the dispatcher's wake-up). */
	wake?: (resumeUrl: string) => Promise<void>;
}

/**
 * Cancels the planned communications that asked for Stop on Response of the participant(s) this
 * reply is from, with result reason `replied`, and returns the canceled rows (the dispatcher
 * then wakes their executions). A row stored with scope "all" cancels every planned communication
 * of the contact and closes their open manual tasks; scope "name" cancels those of the row's
 * Communication Name. Manual tasks created with Stop on Response are closed as canceled (outcome
 * `replied`); their waiting executions are woken here, as Cancel Communications does.
 */
export async function stopOnResponse(
	ledger: CommunicationLedger,
	reply: InboundReply,
	options: StopOptions = {},
): Promise<CommunicationRecord[]> {
	const rows = await ledger.list({ statuses: ['planned', 'active'] });
	const tasks = await ledger.listTasks({ status: 'open' });
	const participants = repliedParticipants(reply, rows, tasks);
	for (const participantId of await boundParticipants(ledger, reply))
		participants.add(participantId);
	const result = canceledResult(reply);
	const canceled: CommunicationRecord[] = [];
	const wake = options.wake ?? wakeWaitingExecution;
	for (const participantId of participants) {
		const scopes = rows
			.filter((row) => row.participantId === participantId)
			.map((row) => ({ name: row.name, scope: stopScopeOf(row.payload) }));
		if (scopes.some((s) => s.scope === 'all')) {
			canceled.push(...(await ledger.cancel(participantId, undefined, result)));
			await cancelOpenTasks(ledger, participantId, wake, { outcome: REPLIED });
			continue;
		}
		const names = new Set(scopes.filter((s) => s.scope === 'name').map((s) => s.name));
		for (const name of names) canceled.push(...(await ledger.cancel(participantId, name, result)));
		const only = (task: ManualTask) => taskStopScopeOf(task) !== null;
		if (tasks.some((task) => task.participantId === participantId && only(task)))
			await cancelOpenTasks(ledger, participantId, wake, { outcome: REPLIED, only });
	}
	return canceled;
}

/** Who picked up the contact's leg of a call (the Voice node's `answeredBy`). */
export type ContactAnswer = 'human' | 'machine' | 'no-answer' | 'unknown';

export interface CallResponseInput {
	/** Whether the communications of the contact stop on response. */
	stopOnResponse: boolean;
	/** Whether voicemail (answering machine) detection ran on the call. */
	voicemailDetection: boolean;
	/** The contact's leg only: whether an assigned user answers a bridge call is irrelevant. */
	contactAnswer: ContactAnswer;
}

/**
 * Whether a call to the contact counts as their response, so Stop on Response cancels what asked
 * for it. Off: never. With detection: only a person picking up counts; a voicemail pickup does
 * not and the contact continues (an undetermined answer does not count either). Without
 * detection: any pickup counts, the contact's voicemail included, since it cannot be told apart
 * (a ring timeout under 20 seconds usually ends the call before voicemail answers).
 */
export function callCountsAsResponse(input: CallResponseInput): boolean {
	if (!input.stopOnResponse) return false;
	if (input.contactAnswer === 'no-answer') return false;
	if (input.voicemailDetection) return input.contactAnswer === 'human';
	return true;
}

const NOT_PICKED_UP = new Set(['busy', 'no-answer', 'failed', 'canceled', 'queued', 'ringing']);

/**
 * A Twilio call status callback of the contact's leg in the table's terms: detection ran when
 * Twilio reports AnsweredBy at all; `machine_*` and `fax` are voicemail, `human` a person.
 */
export function twilioCallAnswer(
	params: Record<string, unknown>,
): Pick<CallResponseInput, 'voicemailDetection' | 'contactAnswer'> {
	const status = String(params.CallStatus ?? '').toLowerCase();
	const answeredBy =
		params.AnsweredBy === undefined ? null : String(params.AnsweredBy).toLowerCase();
	const voicemailDetection = answeredBy !== null;
	if (NOT_PICKED_UP.has(status)) return { voicemailDetection, contactAnswer: 'no-answer' };
	if (answeredBy === 'human') return { voicemailDetection, contactAnswer: 'human' };
	if (answeredBy?.startsWith('machine') || answeredBy === 'fax')
		return { voicemailDetection, contactAnswer: 'machine' };
	return { voicemailDetection, contactAnswer: 'unknown' };
}
