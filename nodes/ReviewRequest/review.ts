// What is unique to sending a review request: the directory's link and wording (overridable), sent
// on behalf of the contact's assigned user.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseOptionalHttpUrl } from '../shared/http-url';
import type { ChannelRunner, ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import { requirePhoneNumber } from '../shared/recipients/phone-fields';
import { describeRecipientProblem, parseEmailAddress } from '../shared/recipients';
import {
	contactOwnerReference,
	describeReference,
	findMember,
	type TeamDirectory,
	type TeamMember,
} from '../shared/team/directory';
import type { TeamMessage, TeamMessenger } from '../shared/team/messenger';
import { retryDecisionFor } from '../shared/transport/retry';

export const DEFAULT_REVIEW_OUTPUT = 'Review request has been sent.';

export interface ReviewPayload {
	to: string;
	message: TeamMessage;
}

/** A parameter's text, trimmed; empty when it is missing. */
export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The member the request is sent on behalf of: the option, else the contact's assigned user. */
function senderMember(
	directory: TeamDirectory,
	onBehalfOf: string,
	participant: IDataObject,
	warnings: string[],
): TeamMember | undefined {
	if (onBehalfOf) {
		const member = findMember(directory, onBehalfOf);
		if (!member)
			throw new InputError(`On Behalf Of '${onBehalfOf}' is not a member of the Team Directory`);
		return member;
	}
	const reference = contactOwnerReference(participant);
	const owner = findMember(directory, reference);
	if (!owner) {
		warnings.push(
			reference === undefined
				? 'The contact has no assigned user: the request was sent without a member as sender.'
				: `The assigned user '${describeReference(reference)}' is not in the Team Directory: the request was sent without a member as sender.`,
		);
	}
	return owner;
}

function recipient(
	ctx: IExecuteFunctions,
	i: number,
	type: string,
	country: string | undefined,
): string {
	if (type === 'sms')
		return requirePhoneNumber('To Phone', ctx.getNodeParameter('toPhone', i, ''), country);
	const raw = ctx.getNodeParameter('toEmail', i, '');
	if (text(raw) === '') throw new InputError("To Email is empty: give the contact's email address");
	const parsed = parseEmailAddress(raw);
	if (!parsed.ok) throw new InputError(describeRecipientProblem('To Email', parsed.problem));
	return parsed.value.address;
}

function prepareReview(
	ctx: IExecuteFunctions,
	item: ItemContext,
	directory: TeamDirectory,
	type: string,
): PreparedSend<ReviewPayload> {
	const i = item.itemIndex;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const country = text(options.defaultCountry) || directory.defaultCountry;
	const warnings: string[] = [];
	const to = recipient(ctx, i, type, country);
	const link =
		parseOptionalHttpUrl('Review Link', ctx.getNodeParameter('reviewLink', i, '')) ??
		directory.reviewLink;
	if (!link)
		throw new InputError(
			'No review link: set Review Link in the node or in the Team Directory credential',
		);
	const member = senderMember(directory, text(options.onBehalfOf), item.participant, warnings);

	const user = member
		? { name: member.name, email: member.email ?? '', phone: member.phone ?? '' }
		: {};
	const data = { ...item.participant, review_link: link, user };
	const render = (label: string, template: string) => {
		const rendered = renderFieldForItem(
			label,
			template,
			data,
			item.settings.failOnMissingMergeFields,
		);
		warnings.push(...rendered.warnings);
		return rendered.text;
	};
	let body = render(
		'Message',
		text(ctx.getNodeParameter('message', i, '')) || directory.reviewMessage,
	);
	// A review request without its link is pointless: add it when the wording has none.
	if (!body.includes(link)) body = `${body.trimEnd()}\n${link}`;
	const message: TeamMessage = { subject: '', text: body };
	if (type === 'email') {
		message.subject = render(
			'Subject',
			text(ctx.getNodeParameter('subject', i, '')) || directory.reviewSubject,
		);
		if (member) {
			message.fromName = member.name;
			message.replyTo = member.email ?? undefined;
			if (options.fromMemberAddress === true && member.email) message.fromEmail = member.email;
		}
	} else {
		message.statusCallback = parseOptionalHttpUrl('Status Callback URL', options.statusCallback);
	}
	return {
		payload: { to, message },
		to: [to],
		warnings,
		details: {
			reviewType: type,
			reviewLink: link,
			onBehalfOf: member ? { name: member.name, email: member.email } : null,
		},
	};
}

export function reviewRunner(
	ctx: IExecuteFunctions,
	directory: TeamDirectory,
	type: string,
	messenger: TeamMessenger,
): ChannelRunner<ReviewPayload> {
	return {
		channel: 'review',
		consent: type === 'sms' ? 'sms' : 'email',
		defaultOutput: DEFAULT_REVIEW_OUTPUT,
		secrets: messenger.secrets,
		classify: retryDecisionFor,
		prepare: (item) => prepareReview(ctx, item, directory, type),
		send: async (payload) => {
			const sent = await messenger.send(payload.to, payload.message);
			return { providerMessageId: sent.providerMessageId, accepted: [payload.to] };
		},
		close: async () => await messenger.close(),
	};
}
