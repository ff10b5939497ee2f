// What an approved WhatsApp template expects (placeholders per header, body and button, its status)
// and whether a message's parameters fit it: pure, so every rule is unit-tested without Graph.
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../shared/json-fields';
import type { MessageTemplate, TemplateComponent } from '../shared/transport/whatsapp-templates';

/** The template chosen in the node: from the list (`name|language`) or by name (language field). */
export interface TemplateChoice {
	name: string;
	/** Set when the choice carries its language (picked from the list). */
	language?: string;
}

/** Reads the Template parameter: a resource locator value or, in version 1 workflows, a plain name. */
export function parseTemplateChoice(raw: unknown): TemplateChoice {
	const value = isObject(raw) && '__rl' in raw ? raw.value : raw;
	const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value).trim();
	const split = text.indexOf('|');
	if (split < 0) return { name: text };
	const language = text.slice(split + 1).trim();
	return language
		? { name: text.slice(0, split).trim(), language }
		: { name: text.slice(0, split).trim() };
}

/** The value a list entry carries: name and language, as the send needs both. */
export function templateChoiceValue(template: Pick<MessageTemplate, 'name' | 'language'>): string {
	return `${template.name}|${template.language}`;
}

/** Distinct placeholders ({{1}}, {{first_name}}) in order of first appearance. */
export function placeholdersOf(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
		if (!found.includes(match[1])) found.push(match[1]);
	}
	return found;
}

const MEDIA_FORMATS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']);

export type ButtonNeed = 'url' | 'payload' | 'coupon_code' | 'none';

export interface TemplateNeeds {
	/** Text header placeholders, or the media a media header needs. */
	header: { kind: 'text'; placeholders: string[] } | { kind: 'media'; format: string };
	body: string[];
	/** Per button index: what a parameter for it must be, and whether one is required. */
	buttons: Array<{ index: number; type: string; takes: ButtonNeed; required: boolean }>;
}

function component(template: MessageTemplate, type: string): TemplateComponent | undefined {
	return template.components.find((entry) => entry.type === type);
}

export function templateNeeds(template: MessageTemplate): TemplateNeeds {
	const header = component(template, 'HEADER');
	const buttons = component(template, 'BUTTONS')?.buttons ?? [];
	return {
		header:
			header && MEDIA_FORMATS.has(header.format)
				? { kind: 'media', format: header.format.toLowerCase() }
				: { kind: 'text', placeholders: header ? placeholdersOf(header.text) : [] },
		body: placeholdersOf(component(template, 'BODY')?.text ?? ''),
		buttons: buttons.map((button, index) => {
			if (button.type === 'URL') {
				const dynamic = placeholdersOf(button.url).length > 0;
				return { index, type: button.type, takes: dynamic ? 'url' : 'none', required: dynamic };
			}
			// Authentication templates: the code goes into a url-type button parameter.
			if (button.type === 'OTP') return { index, type: button.type, takes: 'url', required: true };
			if (button.type === 'COPY_CODE')
				return { index, type: button.type, takes: 'coupon_code', required: true };
			if (button.type === 'QUICK_REPLY')
				return { index, type: button.type, takes: 'payload', required: false };
			return { index, type: button.type, takes: 'none', required: false };
		}),
	};
}

function parametersOf(components: IDataObject[], type: string): IDataObject[] {
	const found = components.find((entry) => entry.type === type);
	const parameters = found?.parameters;
	return Array.isArray(parameters) ? parameters.filter(isObject) : [];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const listed = (names: string[]) => names.map((name) => `{{${name}}}`).join(', ');

function headerProblems(needs: TemplateNeeds['header'], given: IDataObject[]): string[] {
	if (needs.kind === 'media') {
		if (needs.format === 'location')
			return ['its header is a location, which this node cannot send'];
		const types = given.map((parameter) => String(parameter.type));
		return types.length === 1 && types[0] === needs.format
			? []
			: [
					`its header needs one ${needs.format} (a link), Header Parameters has ${given.length === 0 ? 'none' : types.join(', ')}`,
				];
	}
	if (given.length === needs.placeholders.length) {
		const media = given.find((parameter) => parameter.type !== 'text');
		return media ? [`its header is text, Header Parameters has a ${String(media.type)}`] : [];
	}
	return [
		needs.placeholders.length === 0
			? `its header takes no parameters, Header Parameters has ${given.length}`
			: `its header has ${plural(needs.placeholders.length, 'placeholder')} (${listed(needs.placeholders)}), Header Parameters has ${given.length}`,
	];
}

function bodyProblems(template: MessageTemplate, body: string[], given: IDataObject[]): string[] {
	if (given.length !== body.length) {
		return [
			body.length === 0
				? `its body takes no parameters, Body Parameters has ${given.length}`
				: `its body has ${plural(body.length, 'placeholder')} (${listed(body)}), Body Parameters has ${given.length}`,
		];
	}
	if (template.parameterFormat !== 'NAMED') return [];
	const names = given.map((parameter) => String(parameter.parameter_name ?? ''));
	const missing = body.filter((name) => !names.includes(name));
	return missing.length > 0
		? [`its body uses named placeholders: set Parameter Name to ${listed(missing)}`]
		: [];
}

function buttonProblems(needs: TemplateNeeds['buttons'], components: IDataObject[]): string[] {
	const problems: string[] = [];
	const given = new Map<number, string>();
	for (const entry of components.filter((item) => item.type === 'button')) {
		given.set(Number(entry.index), String(entry.sub_type));
	}
	for (const [index, subType] of given) {
		const button = needs.find((need) => need.index === index);
		if (!button) problems.push(`it has no button ${index}, Button Parameters sets one`);
		else if (button.takes === 'none')
			problems.push(`its button ${index} (${button.type}) takes no parameter`);
		else if (button.takes === 'coupon_code')
			problems.push(`its button ${index} is a copy-code button, which this node cannot fill`);
		else if (button.takes !== (subType === 'quick_reply' ? 'payload' : 'url'))
			problems.push(
				`its button ${index} is a ${button.type} button, Button Parameters gives it a ${subType === 'quick_reply' ? 'quick reply' : 'URL'} value`,
			);
	}
	for (const button of needs) {
		if (button.required && !given.has(button.index))
			problems.push(
				`its button ${button.index} (${button.type}) needs a value in Button Parameters`,
			);
	}
	return problems;
}

const label = (template: MessageTemplate) => `'${template.name}' (${template.language})`;

/** Why the message's parameters do not fit the template, or undefined when they do. */
export function parametersProblem(
	template: MessageTemplate,
	components: IDataObject[],
): string | undefined {
	const needs = templateNeeds(template);
	const problems = [
		...headerProblems(needs.header, parametersOf(components, 'header')),
		...bodyProblems(template, needs.body, parametersOf(components, 'body')),
		...buttonProblems(needs.buttons, components),
	];
	if (problems.length === 0) return undefined;
	return `The number of template parameters does not match the template ${label(template)}: ${problems.join('; ')}. Nothing was sent.`;
}

const STATUS_REASONS: Record<string, string> = {
	PAUSED:
		'WhatsApp paused it because of low quality; edit it in WhatsApp Manager or use another one',
	REJECTED:
		'WhatsApp did not approve it; edit and resubmit it in WhatsApp Manager or use another one',
	DISABLED: 'WhatsApp disabled it for repeated low quality; use another template',
	PENDING: 'it is still under review; wait for the approval',
	IN_APPEAL: 'its rejection is under appeal; wait for the decision',
};

/** Why the template cannot be sent now (any status but APPROVED), or undefined. */
export function statusProblem(template: MessageTemplate): string | undefined {
	if (template.status === 'APPROVED') return undefined;
	const reason =
		STATUS_REASONS[template.status] ?? 'only APPROVED templates can start a conversation';
	return `The template ${label(template)} is ${template.status || 'not approved'}: ${reason}. Nothing was sent.`;
}

/** The template of that name and language among `templates` (all languages of one name). */
export function chooseTemplate(
	templates: MessageTemplate[],
	name: string,
	language: string,
): { template: MessageTemplate } | { problem: string } {
	const named = templates.filter((template) => template.name === name);
	const template = named.find((entry) => entry.language === language);
	if (template) return { template };
	if (named.length === 0)
		return {
			problem: `The template '${name}' does not exist in this WhatsApp Business Account: check the name in WhatsApp Manager. Nothing was sent.`,
		};
	const others = named.map((entry) => `${entry.language} (${entry.status})`).join(', ');
	return {
		problem: `The template '${name}' does not exist in ${language}; it exists in ${others}: pick one of those languages. Nothing was sent.`,
	};
}
