// Get Statistics: what the sending nodes recorded, per template, version and language, counted by status.
import { updateDisplayOptions, type IDataObject } from 'n8n-workflow';

import { templateIdOf } from '../../shared/templates';
import { templateLocator, type TemplateOperation } from './common';

export const description = updateDisplayOptions({ show: { operation: ['statistics'] } }, [
	{
		...templateLocator,
		required: false,
		description: 'Only this template (empty: every template)',
	},
]);

interface TemplateCounts extends IDataObject {
	counts: Record<string, number>;
	total: number;
}

export const execute: TemplateOperation = async function (templates, i) {
	const id = templateIdOf(this.getNodeParameter('template', i, '')) || undefined;
	const groups = new Map<string, TemplateCounts>();
	for (const row of await templates.statsByTemplate(id)) {
		const key = JSON.stringify([row.templateId, row.version, row.language]);
		const { templateId, name, version, language } = row;
		const group: TemplateCounts = groups.get(key) ?? {
			templateId,
			name,
			version,
			language,
			counts: {},
			total: 0,
		};
		group.counts[row.status] = row.count;
		group.total += row.count;
		groups.set(key, group);
	}
	return [...groups.values()];
};
