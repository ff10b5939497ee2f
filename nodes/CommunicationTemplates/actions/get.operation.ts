// Get: the latest or a chosen version of a template.
import { updateDisplayOptions } from 'n8n-workflow';

import { requireTemplate } from '../../shared/templates';
import {
	templateIdParameter,
	templateJson,
	templateLocator,
	versionProperty,
	type TemplateOperation,
} from './common';

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, [
	templateLocator,
	versionProperty,
]);

export const execute: TemplateOperation = async function (templates, i) {
	const version = Number(this.getNodeParameter('version', i, 0)) || undefined;
	return [templateJson(await requireTemplate(templates, templateIdParameter(this, i), version))];
};
