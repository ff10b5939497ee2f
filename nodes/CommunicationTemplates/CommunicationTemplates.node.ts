// Communication Templates: manage the saved templates the sending nodes use (versions, languages).
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';
import { templateListSearch } from '../shared/templates';

import { router } from './actions/router';
import { SEARCH_ALL_TEMPLATES } from './actions/common';
import { templatesProperties } from './description';

export class CommunicationTemplates implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Communication Templates',
		name: 'communicationTemplates',
		icon: { light: 'file:templates.svg', dark: 'file:templates.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Save, version, preview and list the message templates of Email, SMS, Telegram and Internal Notification',
		defaults: { name: 'Communication Templates' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'communicationLedgerApi',
				displayName: 'Communication Ledger (optional; default: embedded SQLite)',
				required: false,
				testedBy: 'communicationLedgerTest',
			},
		],
		properties: templatesProperties,
	};

	methods = {
		credentialTest: credentialTests,
		listSearch: { [SEARCH_ALL_TEMPLATES]: templateListSearch() },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
