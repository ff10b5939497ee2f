// Activation and deactivation: the workflow's public URLs go into the ledger while it is active,
// so sending nodes attach status callbacks by themselves.
import type { IHookFunctions } from 'n8n-workflow';

import {
	clearEventEndpoints,
	readEventEndpoints,
	saveEventEndpoints,
	type EventEndpoints,
} from '../shared/events/endpoints';
import { publicUrlOf } from '../shared/events/signatures';
import { ledgerFor } from '../shared/ledger/access';

import { webhookUrlsFrom } from './description';

function endpointsOf(ctx: IHookFunctions): EventEndpoints {
	const options = ctx.getNodeParameter('options', {}) as { publicBaseUrl?: unknown };
	const base = typeof options.publicBaseUrl === 'string' ? options.publicBaseUrl : '';
	const urls = webhookUrlsFrom(ctx.getNodeWebhookUrl('default') ?? '');
	const providers = ctx.getNodeParameter('providers', []) as string[];
	const url = (provider: string, value: string) =>
		providers.includes(provider) ? publicUrlOf(value, base) : null;
	return {
		twilioStatus: url('twilio', urls.twilioStatus),
		twilioInbound: url('twilio', urls.twilioInbound),
		whatsapp: url('whatsapp', urls.whatsapp),
		telegram: url('telegram', urls.telegram),
		email: url('email', urls.email),
		unsubscribe: publicUrlOf(urls.unsubscribe, base),
		workflowId: ctx.getWorkflow().id ?? null,
	};
}

const same = (a: EventEndpoints, b: EventEndpoints | null) =>
	b !== null && JSON.stringify(a) === JSON.stringify(b);

export const endpointMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const ledger = await ledgerFor(this);
		return same(endpointsOf(this), await readEventEndpoints(ledger));
	},
	async create(this: IHookFunctions): Promise<boolean> {
		await saveEventEndpoints(await ledgerFor(this), endpointsOf(this));
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		const workflowId = this.getWorkflow().id;
		if (workflowId) await clearEventEndpoints(await ledgerFor(this), workflowId);
		return true;
	},
};
