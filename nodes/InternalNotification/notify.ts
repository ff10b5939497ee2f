// What is unique to Internal Notification: one message per recipient (rendered for them), the
// per-user limit through the ledger, and a per-recipient result list; one recipient failing
// never fails the others.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError, ProviderError, redactSecrets } from '../shared/errors';
import type { ChannelRunner, ItemContext, PreparedSend } from '../shared/pipeline';
import type { CommunicationLedger, JsonObject } from '../shared/ledger/types';
import { renderFieldForItem } from '../shared/merge';
import { mapBounded, PartialDeliveryError, type SendSuccess } from '../shared/pipeline/send-loop';
import type { MemberChannel, TeamDirectory } from '../shared/team/directory';
import type { TeamMessage, TeamMessenger } from '../shared/team/messenger';
import { retryDecisionFor } from '../shared/transport/retry';

import {
	DEFAULT_LIMIT_PER_USER,
	DEFAULT_LIMIT_WINDOW_MINUTES,
	DEFAULT_NOTIFICATION_OUTPUT,
} from './description';
import { planRecipients, type PlannedRecipient, type UserType } from './recipients';

type RecipientStatus = 'pending' | 'sent' | 'failed' | 'over_limit';

interface RecipientState extends PlannedRecipient {
	status: RecipientStatus;
	/** The per-user limit counted this recipient already (a retry must not count again). */
	counted: boolean;
	transient: boolean;
	error: string | null;
	providerMessageId: string | null;
	message: TeamMessage | null;
}

export interface NotificationPayload {
	recipients: RecipientState[];
	skipped: Array<{ via: UserType; reason: string }>;
	limit: number;
	windowMs: number;
}

const PARALLEL_RECIPIENTS = 5;

function positive(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}

function asList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string')
		return value
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean);
	return value === undefined || value === null ? [] : [value];
}

function renderMessage(
	ctx: IExecuteFunctions,
	item: ItemContext,
	channel: MemberChannel,
	recipient: IDataObject,
	warnings: Set<string>,
): TeamMessage {
	const i = item.itemIndex;
	const data = { ...item.participant, recipient };
	const strict = item.settings.failOnMissingMergeFields;
	const render = (label: string, template: string) => {
		const rendered = renderFieldForItem(label, template, data, strict);
		for (const warning of rendered.warnings) warnings.add(warning);
		return rendered.text;
	};
	const text = render('Message', String(ctx.getNodeParameter('message', i, '')));
	if (!text.trim()) throw new InputError('Message is empty: write the text of the notification');
	const message: TeamMessage = { subject: '', text };
	if (channel === 'email') {
		message.subject = render('Subject', String(ctx.getNodeParameter('subject', i, '')));
		message.fromName = String(ctx.getNodeParameter('fromName', i, '') ?? '').trim() || undefined;
	}
	if (
		channel === 'whatsapp' &&
		ctx.getNodeParameter('whatsAppMessageType', i, 'text') === 'template'
	) {
		const name = String(ctx.getNodeParameter('templateName', i, '')).trim();
		if (!name) throw new InputError('Template Name is empty');
		message.whatsappTemplate = {
			name,
			language: String(ctx.getNodeParameter('languageCode', i, 'en_US')).trim(),
			// WhatsApp refuses new lines inside a parameter: each line is one parameter.
			bodyParameters: text
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean),
		};
	}
	return message;
}

function prepareNotification(
	ctx: IExecuteFunctions,
	item: ItemContext,
	directory: TeamDirectory,
	channel: MemberChannel,
): PreparedSend<NotificationPayload> {
	const i = item.itemIndex;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const plan = planRecipients({
		directory,
		channel,
		types: asList(ctx.getNodeParameter('toUserTypes', i, [])) as UserType[],
		particular: asList(ctx.getNodeParameter('particularUsers', i, [])),
		groups: asList(ctx.getNodeParameter('groups', i, [])).map(String),
		custom: ctx.getNodeParameter('customRecipients', i, ''),
		participant: item.participant,
		defaultCountry: typeof options.defaultCountry === 'string' ? options.defaultCountry : undefined,
	});
	const warnings = new Set<string>(plan.skipped.map((s) => s.reason));
	const recipients: RecipientState[] = plan.recipients.map((planned) => {
		const { member } = planned;
		const recipient: IDataObject = {
			name: planned.name ?? '',
			address: planned.address ?? '',
			email: member?.email ?? '',
			phone: member?.phone ?? '',
		};
		return {
			...planned,
			status: planned.problem ? 'failed' : 'pending',
			counted: false,
			transient: false,
			error: planned.problem,
			providerMessageId: null,
			message: planned.address ? renderMessage(ctx, item, channel, recipient, warnings) : null,
		};
	});
	const to = recipients
		.map((r) => r.address)
		.filter((address): address is string => address !== null);
	const payload: NotificationPayload = {
		recipients,
		skipped: plan.skipped,
		limit: positive(options.limitPerUser, DEFAULT_LIMIT_PER_USER),
		windowMs: positive(options.limitWindowMinutes, DEFAULT_LIMIT_WINDOW_MINUTES) * 60_000,
	};
	const skipReason =
		recipients.length === 0 ? 'Skipped: nobody to notify for the chosen user types.' : undefined;
	return { payload, to, warnings: [...warnings], skipReason };
}

function describeRecipients(payload: NotificationPayload): JsonObject[] {
	return payload.recipients.map((r) => ({
		name: r.name,
		address: r.address,
		via: r.via,
		status: r.status,
		providerMessageId: r.providerMessageId,
		error: r.error,
	}));
}

async function sendNotification(
	payload: NotificationPayload,
	ledger: CommunicationLedger,
	messenger: TeamMessenger,
): Promise<SendSuccess> {
	const minutes = payload.windowMs / 60_000;
	const pending = payload.recipients.filter(
		(r) => r.status === 'pending' && r.address && r.message,
	);
	await mapBounded(pending, PARALLEL_RECIPIENTS, async (r) => {
		if (!r.counted) {
			r.counted = true;
			const hit = await ledger.hitRateLimit(
				`internal-notification:${payload.windowMs}:${r.key}`,
				payload.limit,
				payload.windowMs,
				new Date(),
			);
			if (!hit.allowed) {
				r.status = 'over_limit';
				r.error = `Over the limit of ${payload.limit} notifications per ${minutes} minutes for this user; not notified.`;
				return;
			}
		}
		try {
			const sent = await messenger.send(r.address as string, r.message as TeamMessage);
			Object.assign(r, {
				status: 'sent',
				providerMessageId: sent.providerMessageId,
				error: null,
				transient: false,
			});
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			Object.assign(r, {
				status: 'failed',
				error: redactSecrets(message, messenger.secrets),
				transient: retryDecisionFor(error).retry,
			});
		}
	});

	const sent = payload.recipients.filter((r) => r.status === 'sent');
	const failed = payload.recipients.filter((r) => r.status === 'failed');
	if (sent.length === 0 && failed.length > 0) {
		const transient = failed.filter((r) => r.transient);
		// A retry of the item tries the temporarily failed recipients again, nobody else.
		for (const r of transient) r.status = 'pending';
		const first = failed[0];
		throw new ProviderError(
			`Nobody was notified: ${first.name ?? first.address ?? 'recipient'}: ${first.error}`,
			{
				transient: transient.length > 0,
				description:
					failed.length > 1
						? `${failed.length} recipients failed; see each recipient's error in the output.`
						: undefined,
			},
		);
	}
	const unreached = payload.recipients.filter((r) => r.status !== 'sent');
	const delivered: SendSuccess = {
		status: sent.length > 0 ? 'sent' : 'skipped',
		accepted: sent.map((r) => r.address as string),
		rejected: unreached.map((r) => r.address ?? r.name ?? ''),
		warnings: unreached.map((r) => `${r.name ?? r.address}: ${r.error}`),
		details: { recipients: describeRecipients(payload) },
	};
	const transient = failed.filter((r) => r.transient);
	if (transient.length > 0) {
		// Retry Count applies to each member: a retry resends to the temporarily failed ones only.
		for (const r of transient) r.status = 'pending';
		throw new PartialDeliveryError(
			delivered,
			new ProviderError(`${transient[0].name ?? transient[0].address}: ${transient[0].error}`, {
				transient: true,
			}),
		);
	}
	return delivered;
}

export function notificationRunner(
	ctx: IExecuteFunctions,
	directory: TeamDirectory,
	channel: MemberChannel,
	messenger: TeamMessenger,
	ledger: CommunicationLedger,
): ChannelRunner<NotificationPayload> {
	return {
		channel: 'notification',
		defaultOutput: DEFAULT_NOTIFICATION_OUTPUT,
		secrets: messenger.secrets,
		classify: retryDecisionFor,
		prepare: (item) => prepareNotification(ctx, item, directory, channel),
		send: async (payload) => await sendNotification(payload, ledger, messenger),
		close: async () => await messenger.close(),
	};
}
