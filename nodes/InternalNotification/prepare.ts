// Turns one item into an internal notification: who gets it (each once), one message rendered per
// recipient, and the per-user limit; a recipient who cannot be reached is recorded, not thrown.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import type { MemberChannel, TeamDirectory } from '../shared/team/directory';
import type { TeamMessage } from '../shared/team/messenger';
import { applyTemplate, type TemplateSource } from '../shared/templates';

import { DEFAULT_LIMIT_PER_USER, DEFAULT_LIMIT_WINDOW_MINUTES } from './description';
import { planRecipients, type PlannedRecipient, type UserType } from './recipients';

type RecipientStatus = 'pending' | 'sent' | 'failed' | 'over_limit';

export interface RecipientState extends PlannedRecipient {
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
	item: ItemContext,
	channel: MemberChannel,
	recipient: IDataObject,
	warnings: Set<string>,
): TeamMessage {
	const data = { ...item.participant, recipient };
	const strict = item.settings.failOnMissingMergeFields;
	const render = (label: string, template: string) => {
		const rendered = renderFieldForItem(label, template, data, strict);
		for (const warning of rendered.warnings) warnings.add(warning);
		return rendered.text;
	};
	const text = render('Message', String(item.param('message', '')));
	if (!text.trim()) throw new InputError('Message is empty: write the text of the notification');
	const message: TeamMessage = { subject: '', text };
	if (channel === 'email') {
		message.subject = render('Subject', String(item.param('subject', '')));
		if (!message.subject.trim()) throw new InputError('Subject is empty');
		message.fromName = String(item.param('fromName', '') ?? '').trim() || undefined;
	}
	if (channel === 'whatsapp' && item.param('whatsAppMessageType', 'text') === 'template') {
		const name = String(item.param('templateName', '')).trim();
		if (!name) throw new InputError('Template Name is empty');
		message.whatsappTemplate = {
			name,
			language: String(item.param('languageCode', 'en_US')).trim(),
			// WhatsApp refuses new lines inside a parameter: each line is one parameter.
			bodyParameters: text
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean),
		};
	}
	return message;
}

export async function prepareNotification(
	input: ItemContext,
	directory: TeamDirectory,
	channel: MemberChannel,
	templates: TemplateSource,
): Promise<PreparedSend<NotificationPayload>> {
	const { item, details } = await applyTemplate(input, templates, 'notification');
	const options = item.param('options', {}) as IDataObject;
	const plan = planRecipients({
		directory,
		channel,
		types: asList(item.param('toUserTypes', [])) as UserType[],
		particular: asList(item.param('particularUsers', [])),
		groups: asList(item.param('groups', [])).map(String),
		custom: item.param('customRecipients', ''),
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
			message: planned.address ? renderMessage(item, channel, recipient, warnings) : null,
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
	return { payload, to, warnings: [...warnings], skipReason, details };
}
