// Points the sandbox's providers at the published events workflow, as a user configures Twilio's
// inbound webhook and the WhatsApp app's callback URL: the inbox's Reply buttons then reach n8n.
import type { Sandbox } from '../../sandbox';
import { isRecord, stringField } from './json';
import type { ProvisionedExample } from './provision';
import { SANDBOX_EVENT_SECRETS } from './sandbox-credentials';

const EVENTS_TYPE = 'n8n-nodes-communication-actions.communicationEvents';

/** The published events workflow's base URL (`.../webhook/<webhookId>/`), or undefined. */
export function eventsBaseUrl(n8nUrl: string, examples: ProvisionedExample[]): string | undefined {
	for (const { example, active } of examples) {
		if (!active) continue;
		const trigger = example.payload.nodes.find(
			(node) => isRecord(node) && node.type === EVENTS_TYPE,
		);
		const webhookId = trigger && isRecord(trigger) ? stringField(trigger, 'webhookId') : undefined;
		if (webhookId) return `${n8nUrl}/webhook/${webhookId}/`;
	}
	return undefined;
}

/** Sets the sandbox seed's eventWebhooks; returns the base URL it used, or undefined. */
export function connectSandboxToEvents(
	sandbox: Pick<Sandbox, 'setSeed'>,
	n8nUrl: string,
	examples: ProvisionedExample[],
): string | undefined {
	const base = eventsBaseUrl(n8nUrl, examples);
	if (!base) return undefined;
	sandbox.setSeed({
		eventWebhooks: {
			twilioInbound: `${base}twilio/inbound`,
			whatsapp: `${base}whatsapp`,
			whatsappAppSecret: SANDBOX_EVENT_SECRETS.whatsappAppSecret,
		},
	});
	return base;
}
