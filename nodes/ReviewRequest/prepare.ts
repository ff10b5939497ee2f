// Turns one item into a review request: the recipient, the directory's link and wording
// (overridable), sent on behalf of the contact's assigned user.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseOptionalHttpUrl } from '../shared/http-url';
import type { ItemContext, PreparedSend } from '../shared/pipeline';
import { renderFieldForItem } from '../shared/merge';
import { requirePhoneNumber } from '../shared/recipients/phone-fields';
import { requireEmailAddress } from '../shared/recipients';
import { findContactOwner } from '../shared/team/contact-owner';
import { findMember, type TeamDirectory, type TeamMember } from '../shared/team/directory';
import type { TeamMessage } from '../shared/team/messenger';

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
	const { owner, missing } = findContactOwner(directory, participant, {
		none: 'The contact has no assigned user',
		named: 'The assigned user',
	});
	if (!owner) warnings.push(`${missing}: the request was sent without a member as sender.`);
	return owner;
}

function recipient(item: ItemContext, type: string, country: string | undefined): string {
	if (type === 'sms') return requirePhoneNumber('To Phone', item.param('toPhone', ''), country);
	const raw = item.param('toEmail', '');
	if (text(raw) === '') throw new InputError("To Email is empty: give the contact's email address");
	return requireEmailAddress('To Email', raw).address;
}

export function prepareReview(
	item: ItemContext,
	directory: TeamDirectory,
	type: string,
): PreparedSend<ReviewPayload> {
	const options = item.param('options', {}) as IDataObject;
	const country = text(options.defaultCountry) || directory.defaultCountry;
	const warnings: string[] = [];
	const to = recipient(item, type, country);
	const link =
		parseOptionalHttpUrl('Review Link', item.param('reviewLink', '')) ?? directory.reviewLink;
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
	let body = render('Message', text(item.param('message', '')) || directory.reviewMessage);
	// A review request without its link is pointless: add it when the wording has none.
	if (!body.includes(link)) body = `${body.trimEnd()}\n${link}`;
	const message: TeamMessage = { subject: '', text: body };
	if (type === 'email') {
		message.subject = render('Subject', text(item.param('subject', '')) || directory.reviewSubject);
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
