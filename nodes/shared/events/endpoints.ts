// The events workflow's public URLs, kept in the ledger while it is active so sending nodes can
// attach status callbacks without per-node configuration.
import type { JsonObject } from '../ledger/json';
import type { LedgerSettings } from '../ledger/parts';

/** The ledger setting that holds the events workflow's public URLs. */
export const EVENT_ENDPOINTS_SETTING = 'communication_events.endpoints';

export interface EventEndpoints {
	/** Twilio message and call status callbacks. */
	twilioStatus: string | null;
	twilioInbound: string | null;
	whatsapp: string | null;
	telegram: string | null;
	email: string | null;
	/** One-click unsubscribe links (the Email node signs one per recipient). */
	unsubscribe: string | null;
	/** The workflow that holds the Communication Events node. */
	workflowId: string | null;
}

const ENDPOINT_FIELDS = [
	'twilioStatus',
	'twilioInbound',
	'whatsapp',
	'telegram',
	'email',
	'unsubscribe',
	'workflowId',
] as const;

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value ? value : null;
}

export function endpointsFromJson(value: JsonObject | null): EventEndpoints | null {
	if (!value) return null;
	const endpoints: EventEndpoints = {
		twilioStatus: null,
		twilioInbound: null,
		whatsapp: null,
		telegram: null,
		email: null,
		unsubscribe: null,
		workflowId: null,
	};
	for (const field of ENDPOINT_FIELDS) endpoints[field] = textOrNull(value[field]);
	return endpoints;
}

export function endpointsToJson(endpoints: EventEndpoints): JsonObject {
	const json: JsonObject = {};
	for (const field of ENDPOINT_FIELDS) json[field] = endpoints[field];
	return json;
}

export async function readEventEndpoints(ledger: LedgerSettings): Promise<EventEndpoints | null> {
	return endpointsFromJson(await ledger.getSetting(EVENT_ENDPOINTS_SETTING));
}

export async function saveEventEndpoints(
	ledger: LedgerSettings,
	endpoints: EventEndpoints,
): Promise<void> {
	await ledger.putSetting(EVENT_ENDPOINTS_SETTING, endpointsToJson(endpoints));
}

/** Forgets the endpoints, but only the ones this workflow stored (another may have replaced them). */
export async function clearEventEndpoints(
	ledger: LedgerSettings,
	workflowId: string,
): Promise<void> {
	const stored = await readEventEndpoints(ledger);
	if (stored && stored.workflowId === workflowId)
		await ledger.deleteSetting(EVENT_ENDPOINTS_SETTING);
}
