// The WhatsApp Cloud API message shapes this package sends (free text, approved template) and their builders.
import type { IDataObject } from 'n8n-workflow';

export interface WhatsAppTemplate {
	name: string;
	language: { code: string };
	/** Header, body and button components, each with its parameters in order. */
	components?: IDataObject[];
}

/** One message to one number; `messaging_product` is added by the client. */
export type WhatsAppMessage = { recipient_type: 'individual'; to: string } & (
	| { type: 'text'; text: { body: string; preview_url: boolean } }
	| { type: 'template'; template: WhatsAppTemplate }
);

/** Graph wants the number as digits without the leading +. */
function graphNumber(e164: string): string {
	return e164.replace(/^\+/, '');
}

/** Free text: only allowed within 24 hours of the contact's last message. */
export function whatsAppTextMessage(e164: string, body: string): WhatsAppMessage {
	return {
		recipient_type: 'individual',
		to: graphNumber(e164),
		type: 'text',
		text: { body, preview_url: false },
	};
}

/** An approved template with its components (none when the template takes no parameters). */
export function whatsAppTemplateMessage(
	e164: string,
	name: string,
	language: string,
	components: IDataObject[] = [],
): WhatsAppMessage {
	const template: WhatsAppTemplate = { name, language: { code: language } };
	if (components.length > 0) template.components = components;
	return { recipient_type: 'individual', to: graphNumber(e164), type: 'template', template };
}

/** A body component with plain text parameters, in order; undefined when there are none. */
export function whatsAppBodyComponent(values: string[]): IDataObject | undefined {
	if (values.length === 0) return undefined;
	return { type: 'body', parameters: values.map((text) => ({ type: 'text', text })) };
}
