// Email fields that version 1 shows at the top level and version 2 under Options (rarely used there).
import type { INodeProperties } from 'n8n-workflow';

export const fromNameField: INodeProperties = {
	displayName: 'From Name',
	name: 'fromName',
	type: 'string',
	default: '',
	placeholder: 'Acme Bookings',
	description: "Sender name shown to the recipient. Leave empty to use the credential's default.",
};

export const ccField: INodeProperties = {
	displayName: 'CC',
	name: 'ccEmail',
	type: 'string',
	default: '',
	description: 'Visible copy recipients. Invalid entries are skipped with a warning.',
};

export const bccField: INodeProperties = {
	displayName: 'BCC',
	name: 'bccEmail',
	type: 'string',
	default: '',
	description: 'Hidden copy recipients. Invalid entries are skipped with a warning.',
};

export const replyToField: INodeProperties = {
	displayName: 'Reply-To',
	name: 'replyTo',
	type: 'string',
	default: '',
	placeholder: 'support@example.com',
};

export const binaryAttachmentsField: INodeProperties = {
	displayName: 'Attachments (Binary Properties)',
	name: 'attachments',
	type: 'string',
	default: '',
	placeholder: 'data, invoice',
	description: 'Comma-separated names of binary properties of the input item to attach',
};

export const attachmentLinksField: INodeProperties = {
	displayName: 'Link for Attachment File',
	name: 'attachmentLinks',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add link',
	description: 'Files downloaded (http or https only) and attached',
	options: [
		{
			displayName: 'Link',
			name: 'link',
			values: [
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/terms.pdf',
				},
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					description: 'Leave empty to use the name from the URL',
				},
			],
		},
	],
};

/** What version 2 adds to Options. */
export const movedToOptions: INodeProperties[] = [
	fromNameField,
	ccField,
	bccField,
	replyToField,
	binaryAttachmentsField,
	attachmentLinksField,
];
