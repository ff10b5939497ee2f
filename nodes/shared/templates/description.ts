// The Template fields of the sending nodes: a searchable picker of saved templates and the version rule.
import type { INodeProperties } from 'n8n-workflow';

/** Internal parameter names, read by resolve.ts. */
export const TEMPLATE_PARAMETERS = {
	template: 'messageTemplate',
	version: 'templateVersion',
	pinnedVersion: 'pinnedVersion',
} as const;

/** The listSearch method every sending node registers under this name. */
export const TEMPLATE_SEARCH_METHOD = 'searchTemplates';

const whenTemplateChosen = { hide: { [TEMPLATE_PARAMETERS.template]: [''] } };

/** Template, Version and Pinned Version; `channelLabel` names the kind of template listed. */
export function templateProperties(channelLabel: string): INodeProperties[] {
	return [
		{
			displayName: 'Template',
			name: TEMPLATE_PARAMETERS.template,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			description: `A saved ${channelLabel} template (see the Communication Templates node). Fields filled in on this node override the template's; the participant's language or locale attribute picks its language.`,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a template...',
					typeOptions: { searchListMethod: TEMPLATE_SEARCH_METHOD, searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'booking-confirmation',
				},
			],
		},
		{
			displayName: 'Version',
			name: TEMPLATE_PARAMETERS.version,
			type: 'options',
			options: [
				{
					name: 'Latest (Sync Edits)',
					value: 'latest',
					description:
						'Every send uses the newest version, also communications planned earlier and sent later',
				},
				{
					name: 'Pinned',
					value: 'pinned',
					description:
						'Always the chosen version: later edits of the template do not reach this node',
				},
			],
			default: 'latest',
			displayOptions: whenTemplateChosen,
		},
		{
			displayName: 'Pinned Version',
			name: TEMPLATE_PARAMETERS.pinnedVersion,
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			displayOptions: {
				...whenTemplateChosen,
				show: { [TEMPLATE_PARAMETERS.version]: ['pinned'] },
			},
		},
	];
}
