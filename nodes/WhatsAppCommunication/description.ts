// WhatsApp Communication parameters: recipient, template (picked from the list or by name, language)
// and its header / body / button parameters.
import type { INodeProperties } from 'n8n-workflow';

import {
	failOnMissingMergeFieldsOption,
	participantIdProperty,
	sendOptionsProperty,
	sendToSuppressedOption,
} from '../shared/descriptions';
import { defaultCountryOption } from '../shared/recipients/phone-fields';
import { communicationNameProperty, scheduleProperties } from '../shared/schedule/description';
import { requestTimeoutOption } from '../shared/transport/retry';

export const DEFAULT_OUTPUT = 'WhatsApp message has been successfully sent.';

const showOnlyForDocumentHeader = { show: { type: ['document'] } };

const headerParameters: INodeProperties = {
	displayName: 'Header Parameters',
	name: 'headerParameters',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Header Parameter',
	default: {},
	description: "Values for the template header's placeholder or its media, in order",
	options: [
		{
			displayName: 'Parameter',
			name: 'parameter',
			values: [
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Text', value: 'text' },
						{ name: 'Image', value: 'image' },
						{ name: 'Video', value: 'video' },
						{ name: 'Document', value: 'document' },
					],
					default: 'text',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'The text (merge fields allowed) or, for media, its public HTTPS link',
				},
				{
					displayName: 'File Name',
					name: 'filename',
					type: 'string',
					default: '',
					displayOptions: showOnlyForDocumentHeader,
					description: 'File name shown for the document',
				},
			],
		},
	],
};

const bodyParameters: INodeProperties = {
	displayName: 'Body Parameters',
	name: 'bodyParameters',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Body Parameter',
	default: {},
	description:
		'Values for the body placeholders {{1}}, {{2}}, ... in this order. Merge fields such as {{ first_name }} are filled from the participant.',
	options: [
		{
			displayName: 'Parameter',
			name: 'parameter',
			values: [
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					default: '',
					placeholder: '{{ first_name }}',
				},
				{
					displayName: 'Parameter Name',
					name: 'parameterName',
					type: 'string',
					default: '',
					description:
						'Only for templates with named placeholders ({{customer_name}}): the placeholder name',
				},
			],
		},
	],
};

const buttonParameters: INodeProperties = {
	displayName: 'Button Parameters',
	name: 'buttonParameters',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Button Parameter',
	default: {},
	description:
		'Values for buttons that take one: the dynamic end of a URL button, or the payload a quick-reply button sends back',
	options: [
		{
			displayName: 'Button',
			name: 'button',
			values: [
				{
					displayName: 'Button Type',
					name: 'subType',
					type: 'options',
					options: [
						{ name: 'Quick Reply', value: 'quick_reply' },
						{ name: 'URL', value: 'url' },
					],
					default: 'url',
				},
				{
					displayName: 'Button Index',
					name: 'index',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 9 },
					default: 0,
					description: "The button's position in the template, starting at 0",
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'URL button: the part appended to the URL. Quick reply: the payload you receive when it is tapped. Merge fields allowed.',
				},
			],
		},
	],
};

/** Version 1: the template name as plain text (workflows saved then keep it). */
const templateNameV1: INodeProperties = {
	displayName: 'Template Name',
	name: 'templateName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'appointment_reminder',
	displayOptions: { show: { '@version': [1] } },
	description:
		'An approved message template: WhatsApp only lets a business start a conversation with one',
};

/** Version 2: the same parameter as a picker over the account's approved templates, or by name. */
const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'templateName',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	description:
		"An approved message template: WhatsApp only lets a business start a conversation with one. The list needs the WhatsApp Business Account ID in the credential and shows each template's language and category.",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'appointment_reminder',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '[a-z0-9_]{1,512}',
						errorMessage: 'A template name has lowercase letters, digits and underscores',
					},
				},
			],
		},
	],
};

export const whatsAppProperties: INodeProperties[] = [
	participantIdProperty,
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: "Empty: the participant's phone",
		description:
			"The contact's WhatsApp number (E.164, e.g. +15550100123). Leave empty to use the participant's phone attribute.",
	},
	templateNameV1,
	templateLocator,
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: 'en_US',
		required: true,
		// A template picked from the list carries its language.
		displayOptions: { hide: { 'templateName.mode': ['list'] } },
		description: 'The language the template was approved in, e.g. en_US, en, de, pt_BR',
	},
	headerParameters,
	bodyParameters,
	buttonParameters,
	communicationNameProperty,
	...scheduleProperties,
	sendOptionsProperty(DEFAULT_OUTPUT, [
		defaultCountryOption,
		failOnMissingMergeFieldsOption,
		requestTimeoutOption,
		sendToSuppressedOption,
	]),
];
