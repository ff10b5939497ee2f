// Email header safety: recipient lists, single-line header values, Message-IDs and custom headers.
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { describeRecipientProblem, parseEmailList, type EmailAddress } from '../shared/recipients';
import { hasLineBreak } from '../shared/recipients/email-address';

// Headers the message composer builds from dedicated fields: a custom header must not replace them.
const RESERVED_HEADERS = new Set([
	'from',
	'to',
	'cc',
	'bcc',
	'reply-to',
	'subject',
	'sender',
	'date',
	'message-id',
	'in-reply-to',
	'references',
	'mime-version',
	'content-type',
	'content-transfer-encoding',
	'return-path',
]);
const HEADER_NAME = /^[!-9;-~]+$/;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
const NOT_IN_HEADER = 'which is not allowed in an email header';

export function assertSingleLine(label: string, value: string): void {
	if (hasLineBreak(value)) throw new InputError(`${label} contains a line break, ${NOT_IN_HEADER}`);
}

export function normaliseMessageId(label: string, raw: string): string {
	assertSingleLine(label, raw);
	const id = raw.trim().startsWith('<') ? raw.trim() : `<${raw.trim()}>`;
	if (!MESSAGE_ID.test(id))
		throw new InputError(`${label} '${raw}' is not a Message-ID like <id@example.com>`);
	return id;
}

export function recipientList(
	label: string,
	input: unknown,
	warnings: string[],
	required: boolean,
): EmailAddress[] {
	const { valid, invalid } = parseEmailList(input);
	// A line break inside an address is a header injection attempt: it fails the item in every list.
	const injected = invalid.find((problem) => hasLineBreak(problem.input));
	if (injected)
		throw new InputError(`${describeRecipientProblem(label, injected)}, ${NOT_IN_HEADER}`);
	if (required) {
		if (invalid.length) throw new InputError(describeRecipientProblem(label, invalid[0]));
		if (!valid.length) throw new InputError(`${label} is empty: give at least one email address`);
	} else {
		for (const problem of invalid)
			warnings.push(`${describeRecipientProblem(label, problem)}; it was skipped.`);
	}
	return valid;
}

export function customHeaders(options: IDataObject): Record<string, string> {
	const entries = ((options.customHeaders as IDataObject | undefined)?.header ?? []) as Array<{
		name?: string;
		value?: string;
	}>;
	const headers: Record<string, string> = {};
	for (const { name = '', value = '' } of entries) {
		const key = name.trim();
		if (!key) continue;
		if (!HEADER_NAME.test(key))
			throw new InputError(`Custom header name '${key}' is not a valid header name`);
		if (RESERVED_HEADERS.has(key.toLowerCase())) {
			throw new InputError(
				`Custom header '${key}' cannot be set here: use the node's own field for it`,
			);
		}
		assertSingleLine(`Custom header '${key}'`, String(value));
		headers[key] = String(value);
	}
	return headers;
}
