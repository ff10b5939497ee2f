import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTests } from '../shared/credential-tests';

import { eventsCredentials, eventsProperties, eventsWebhooks } from './description';
import { endpointMethods } from './endpoints';
import { receiveEvents } from './receive';

export class CommunicationEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Communication Events',
		name: 'communicationEvents',
		icon: { light: 'file:events.svg', dark: 'file:events.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["providers"].join(", ") }}',
		description:
			'Hears back from providers: delivery statuses, replies, STOP / START opt-outs, Telegram /start links and email bounces, recorded in the communication ledger',
		defaults: { name: 'Communication Events' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: eventsWebhooks,
		credentials: eventsCredentials,
		properties: eventsProperties,
	};

	methods = { credentialTest: credentialTests };

	webhookMethods = { default: endpointMethods };

	webhook = receiveEvents;
}
