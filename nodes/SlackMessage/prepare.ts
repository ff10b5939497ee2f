// What is unique to Slack: where the message goes (email lookup, user, channel), text or blocks, thread reply.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import { requireEmailAddress } from '../shared/recipients';
import type { SlackDestination } from '../shared/transport/slack-post';
import { escapeSlackJsonValue, escapeSlackText, parseBlockKit } from './block-kit';

export interface SlackPayload {
	destination: SlackDestination;
	/** chat.postMessage arguments other than channel. */
	message: IDataObject;
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

function text(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: String(value).trim();
}

/** A resource locator's value ({ __rl, mode, value }) or a plain string. */
function locatorValue(item: ItemContext, name: string): string {
	const raw = item.param(name, '');
	return text(
		typeof raw === 'object' && raw !== null && 'value' in raw
			? (raw as { value: unknown }).value
			: raw,
	);
}

function resolveDestination(item: ItemContext): SlackDestination {
	const sendTo = item.param('sendTo', 'publicChannel') as string;
	if (sendTo !== 'user') {
		const channel = locatorValue(item, 'channel');
		if (!channel)
			throw new InputError(
				'Channel is empty: pick a channel from the list or enter its ID or #name',
			);
		if (!CHANNEL_ID.test(channel) && !/^#?[\p{L}\p{N}_.-]+$/u.test(channel)) {
			throw new InputError(`Channel '${channel}' is neither a channel ID (C..., G...) nor a #name`);
		}
		return { kind: 'channel', channel };
	}
	const source = item.param('userSource', 'customEmail') as string;
	if (source === 'slackUser') {
		const userId = locatorValue(item, 'user');
		if (!USER_ID.test(userId)) {
			throw new InputError(
				userId
					? `User '${userId}' is not a Slack user ID (U...)`
					: 'User is empty: pick a Slack user or enter their ID',
			);
		}
		return { kind: 'user', userId };
	}
	if (source !== 'customEmail')
		throw new InputError(`User Source '${source}' is not supported by this version of the node`);
	return { kind: 'email', email: requireEmailAddress('Email', item.param('email', '')).address };
}

function buildMessage(item: ItemContext): { message: IDataObject; warnings: string[] } {
	const { participant, settings } = item;
	const strict = settings.failOnMissingMergeFields;
	const options = (item.param('options', {}) ?? {}) as IDataObject;
	const message: IDataObject = {};
	const warnings: string[] = [];
	if (item.param('messageType', 'text') === 'blocks') {
		const raw = item.param('blocks', '');
		const source = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
		const blocksJson = renderFieldForItem('Blocks', source, participant, strict, {
			escape: escapeSlackJsonValue,
		});
		message.blocks = parseBlockKit(blocksJson.text);
		const fallback = renderFieldForItem(
			'Notification Text',
			text(item.param('fallbackText', '')),
			participant,
			strict,
			{
				escape: escapeSlackText,
			},
		);
		if (fallback.text) message.text = fallback.text;
		warnings.push(...blocksJson.warnings, ...fallback.warnings);
	} else {
		const body = renderFieldForItem(
			'Text',
			String(item.param('text', '') ?? ''),
			participant,
			strict,
			{
				escape: escapeSlackText,
			},
		);
		if (body.text.trim() === '') throw new InputError('Text is empty: enter the message to send');
		message.text = body.text;
		message.mrkdwn = item.param('mrkdwn', true) !== false;
		warnings.push(...body.warnings);
	}
	const threadTs = text(options.threadTs);
	if (threadTs) {
		if (!/^\d+\.\d+$/.test(threadTs))
			throw new InputError(
				`Thread TS '${threadTs}' is not a Slack message timestamp like 1712345678.123456`,
			);
		message.thread_ts = threadTs;
		if (options.replyBroadcast === true) message.reply_broadcast = true;
	}
	return { message, warnings };
}

/** One item as a Slack message: its destination, the message and the recipient it names. */
export function prepareSlackMessage(item: ItemContext): PreparedSend<SlackPayload> {
	const destination = resolveDestination(item);
	const { message, warnings } = buildMessage(item);
	const to =
		destination.kind === 'email'
			? destination.email
			: destination.kind === 'user'
				? destination.userId
				: destination.channel;
	return { payload: { destination, message }, to: [to], warnings };
}
