// Delete: hides a template (soft: its versions stay stored, its name is free again) or removes it.
import { updateDisplayOptions } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { templateIdParameter, templateLocator, type TemplateOperation } from './common';

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, [
	templateLocator,
	{
		displayName: 'Delete Permanently',
		name: 'permanent',
		type: 'boolean',
		default: false,
		description:
			'Whether to remove every stored version too. Off: the template is hidden from every node and list, its versions stay in the ledger, and its name can be used again.',
	},
]);

export const execute: TemplateOperation = async function (templates, i) {
	const id = templateIdParameter(this, i);
	const mode = this.getNodeParameter('permanent', i, false) === true ? 'hard' : 'soft';
	if (!(await templates.deleteTemplate(id, mode)))
		throw new InputError(`Template '${id}' does not exist (or was deleted already)`);
	return [{ id, deleted: true, permanent: mode === 'hard' }];
};
