// One-Click Unsubscribe for the Email node: its options, the per-execution link builder and the
// per-message List-Unsubscribe headers and {{ unsubscribe_url }} merge field.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { unsubscribeLinks, type UnsubscribeLinks } from '../shared/events/unsubscribe';
import { ledgerFor } from '../shared/ledger/access';
import { nodeLevelParameter, type NodeContext } from '../shared/pipeline/conversation-node';
import { parseEmailAddress, type EmailAddress } from '../shared/recipients';

import { assertSingleLine } from './headers';

export const oneClickOptions: INodeProperties[] = [
	{
		displayName: 'One-Click Unsubscribe',
		name: 'oneClickUnsubscribe',
		type: 'boolean',
		default: true,
		description:
			'Whether to add List-Unsubscribe and List-Unsubscribe-Post (RFC 8058, required by Gmail and Yahoo for bulk mail) with a signed link for the recipient, and offer {{ unsubscribe_url }} to the body. Needs an active Communication Events workflow (or an Unsubscribe Endpoint URL); otherwise nothing is added.',
	},
	{
		displayName: 'Unsubscribe Endpoint URL',
		name: 'unsubscribeEndpoint',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/.../unsubscribe',
		description:
			"Public URL of the Communication Events node's unsubscribe webhook, used while the events workflow has not published its own",
	},
	{
		displayName: 'Unsubscribe Mailto',
		name: 'unsubscribeMailto',
		type: 'string',
		default: '',
		placeholder: 'unsubscribe@example.com',
		description: 'Address added to List-Unsubscribe as a mailto: alternative',
	},
];

/** The execution's link builder, or null when One-Click Unsubscribe is off or has no endpoint. */
export async function emailUnsubscribeLinks(ctx: NodeContext): Promise<UnsubscribeLinks | null> {
	const options = (nodeLevelParameter(ctx, 'options', {}) ?? {}) as IDataObject;
	if (options.oneClickUnsubscribe === false) return null;
	const configuredEndpoint = String(options.unsubscribeEndpoint ?? '').trim();
	const mailto = String(options.unsubscribeMailto ?? '').trim();
	if (configuredEndpoint && !URL.canParse(configuredEndpoint))
		throw new InputError(`Unsubscribe Endpoint URL '${configuredEndpoint}' is not a valid URL`);
	if (mailto) {
		assertSingleLine('Unsubscribe Mailto', mailto);
		if (!parseEmailAddress(mailto).ok)
			throw new InputError(`Unsubscribe Mailto '${mailto}' is not an email address`);
	}
	return await unsubscribeLinks(await ledgerFor(ctx), { configuredEndpoint, mailto });
}

export interface OneClick {
	/** The recipient's link, offered to the body as {{ unsubscribe_url }}. */
	url?: string;
	headers: Record<string, string>;
}

/**
 * The headers and merge field of one message: for its single To recipient (the test address in
 * test mode, so a test never unsubscribes the real one). Custom List-Unsubscribe headers win.
 */
export function oneClickFor(
	options: IDataObject,
	to: EmailAddress[],
	customHeaders: Record<string, string>,
	links: UnsubscribeLinks | null,
	warnings: string[],
): OneClick {
	if (!links || options.oneClickUnsubscribe === false) return { headers: {} };
	const test = parseEmailAddress(String(options.sendTestTo ?? '').trim());
	const recipient = test.ok ? test.value.address : to.length === 1 ? to[0].address : null;
	if (!recipient) {
		warnings.push(
			'One-Click Unsubscribe needs exactly one To recipient per message; no List-Unsubscribe header was added.',
		);
		return { headers: {} };
	}
	const link = links(recipient);
	const custom = Object.keys(customHeaders).some((name) =>
		name.toLowerCase().startsWith('list-unsubscribe'),
	);
	if (custom) return { url: link.url, headers: {} };
	for (const [name, value] of Object.entries(link.headers)) assertSingleLine(name, value);
	return { url: link.url, headers: link.headers };
}
