// Parameter sections every sending node shows the same way: participant and send options.
import type { INodeProperties } from 'n8n-workflow';

export const participantIdProperty: INodeProperties = {
	displayName: 'Participant ID',
	name: 'participantId',
	type: 'string',
	default: '={{ $json.id }}',
	description:
		'Identifies the contact this item is about. Used for the stored profile, idempotency and the communication history.',
};

/** Options shared by every sending node; `extra` adds the channel's own, sorted by name. */
export function sendOptionsProperty(
	defaultOutput: string,
	extra: INodeProperties[] = [],
	defaults: { maxConcurrentSends?: number } = {},
): INodeProperties {
	const shared: INodeProperties[] = [
		{
			displayName: 'Async',
			name: 'async',
			type: 'boolean',
			default: false,
			description:
				'Whether to return at once with status "queued" and finish delivery in the background. The result is recorded in the communication ledger.',
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'A key that identifies this message: a key already sent is never sent again. Default: workflow ID + execution ID + node + item index, so Retry On Fail never duplicates a message.',
		},
		{
			displayName: 'Max Concurrent Sends',
			name: 'maxConcurrentSends',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 5,
			description: 'How many messages may be in flight at the same time',
		},
		{
			displayName: 'Max Per Second',
			name: 'maxPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Start at most this many sends per second (0 means no limit)',
		},
		{
			displayName: 'Only If Everything Was Successful',
			name: 'onlyIfSuccessful',
			type: 'boolean',
			default: false,
			description:
				'Whether to skip items that arrive carrying an error or an unsuccessful communication result. They pass through with status "skipped" and nothing is sent.',
		},
		{
			displayName: 'Output',
			name: 'outputMessage',
			type: 'string',
			default: '',
			placeholder: defaultOutput,
			description: `Message stored in the result's "output" field on success. Default: "${defaultOutput}".`,
		},
		{
			displayName: 'Result Field Name',
			name: 'resultField',
			type: 'string',
			default: 'communication',
			description: 'Name of the field the result object is written to',
		},
		{
			displayName: 'Retry Count',
			name: 'retryCount',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 2,
			description:
				'How often to retry a message after a temporary failure (rate limits, server errors, dropped connections), with exponential backoff',
		},
	];
	const options = [...shared, ...extra]
		.map((option) =>
			option.name === 'maxConcurrentSends' && defaults.maxConcurrentSends !== undefined
				? { ...option, default: defaults.maxConcurrentSends }
				: option,
		)
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

export const failOnMissingMergeFieldsOption: INodeProperties = {
	displayName: 'Fail on Missing Merge Fields',
	name: 'failOnMissingMergeFields',
	type: 'boolean',
	default: false,
	description:
		'Whether a merge field like {{ contact.first_name }} without a value fails the item. Otherwise it renders empty and a warning is added.',
};

/** For the nodes that honour the suppression list (Email, SMS, WhatsApp, Telegram, Review Request). */
export const sendToSuppressedOption: INodeProperties = {
	displayName: 'Send to Suppressed Contacts',
	name: 'sendToSuppressed',
	type: 'boolean',
	default: false,
	description:
		'Whether to send even to recipients who opted out (STOP, unsubscribe, bounce), for transactional messages only such as receipts or password resets. A warning is added to each such result. Off: they are skipped with reason "opted_out".',
};
