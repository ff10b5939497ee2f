// WhatsApp message templates as Graph lists them (GET /{waba-id}/message_templates): a validated reader of one page.
import { isObject } from '../json-fields';

/** The fields asked for: everything the template picker and the parameter check read. */
export const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components';

export interface TemplateButton {
	/** QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, ... */
	type: string;
	text: string;
	url: string;
}

export interface TemplateComponent {
	/** HEADER, BODY, FOOTER, BUTTONS (upper case). */
	type: string;
	/** Headers: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION. */
	format: string;
	text: string;
	buttons: TemplateButton[];
}

export interface MessageTemplate {
	id: string;
	name: string;
	language: string;
	/** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ... */
	status: string;
	category: string;
	/** POSITIONAL ({{1}}) or NAMED ({{first_name}}). */
	parameterFormat: string;
	components: TemplateComponent[];
}

export interface TemplatePage {
	templates: MessageTemplate[];
	/** The cursor of the next page; absent on the last page (Graph sends `paging.next` only then). */
	after?: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function readButton(value: unknown): TemplateButton | undefined {
	if (!isObject(value)) return undefined;
	return { type: text(value.type).toUpperCase(), text: text(value.text), url: text(value.url) };
}

function readComponent(value: unknown): TemplateComponent | undefined {
	if (!isObject(value)) return undefined;
	const buttons = Array.isArray(value.buttons) ? value.buttons.map(readButton) : [];
	return {
		type: text(value.type).toUpperCase(),
		format: text(value.format).toUpperCase(),
		text: text(value.text),
		buttons: buttons.filter((button): button is TemplateButton => button !== undefined),
	};
}

export function readTemplate(value: unknown): MessageTemplate | undefined {
	if (!isObject(value) || typeof value.name !== 'string' || value.name === '') return undefined;
	const components = Array.isArray(value.components) ? value.components.map(readComponent) : [];
	return {
		id: text(value.id),
		name: value.name,
		language: text(value.language),
		status: text(value.status).toUpperCase(),
		category: text(value.category).toUpperCase(),
		parameterFormat: text(value.parameter_format).toUpperCase() || 'POSITIONAL',
		components: components.filter((entry): entry is TemplateComponent => entry !== undefined),
	};
}

/** One page of Graph's answer; entries that are not templates are left out. */
export function readTemplatePage(body: unknown): TemplatePage {
	if (!isObject(body)) return { templates: [] };
	const data = Array.isArray(body.data) ? body.data.map(readTemplate) : [];
	const templates = data.filter((entry): entry is MessageTemplate => entry !== undefined);
	const paging = isObject(body.paging) ? body.paging : {};
	const cursors = isObject(paging.cursors) ? paging.cursors : {};
	const after = text(cursors.after);
	return typeof paging.next === 'string' && after ? { templates, after } : { templates };
}
