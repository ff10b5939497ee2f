// The check before a WhatsApp template is sent: the template, read from Graph once per execution
// (or resume) for each name, must be APPROVED and take exactly the parameters the message gives.
import { InputError, redactSecrets } from '../shared/errors';
import type { WhatsAppMessage } from '../shared/transport/whatsapp-message';
import type { MessageTemplate, TemplatePage } from '../shared/transport/whatsapp-templates';
import { chooseTemplate, parametersProblem, statusProblem } from './template-rules';

const PAGE_SIZE = 100;
/** Upper bound of pages read for one name (Graph filters by name, so one page is the norm). */
const MAX_PAGES = 10;

export type TemplateLister = (page: {
	name: string;
	after?: string;
	limit: number;
}) => Promise<TemplatePage>;

type Lookup = { templates: MessageTemplate[]; complete: boolean } | { failed: string };

/** Every language of one template name; a failed read is remembered, not retried per item. */
async function lookUp(list: TemplateLister, name: string, secrets: string[]): Promise<Lookup> {
	const templates: MessageTemplate[] = [];
	let after: string | undefined;
	try {
		for (let pages = 0; pages < MAX_PAGES; pages++) {
			const page = await list({ name, after, limit: PAGE_SIZE });
			templates.push(...page.templates.filter((template) => template.name === name));
			after = page.after;
			if (!after) return { templates, complete: true };
		}
		return { templates, complete: false };
	} catch (error) {
		return {
			failed: redactSecrets(error instanceof Error ? error.message : String(error), secrets),
		};
	}
}

/**
 * Returns the check for one runner: it throws InputError (the item fails, nothing is sent) for a
 * template that is missing, not approved or given the wrong parameters, and returns warnings
 * when the template could not be read (Graph then decides on the send). Without a lister (no
 * WhatsApp Business Account ID in the credential) nothing is checked.
 */
export function templateGate(list: TemplateLister | undefined, secrets: string[]) {
	const cache = new Map<string, Promise<Lookup>>();
	return async function check(message: WhatsAppMessage): Promise<string[]> {
		if (!list || message.type !== 'template') return [];
		const { name, language, components = [] } = message.template;
		let pending = cache.get(name);
		if (!pending) {
			pending = lookUp(list, name, secrets);
			cache.set(name, pending);
		}
		const found = await pending;
		if ('failed' in found) return [`The template was not checked before sending: ${found.failed}`];
		const chosen = chooseTemplate(found.templates, name, language.code);
		if ('problem' in chosen) {
			if (!found.complete)
				return [
					`The template was not checked before sending: not among the first ${MAX_PAGES * PAGE_SIZE} templates read`,
				];
			throw new InputError(chosen.problem);
		}
		const problem =
			statusProblem(chosen.template) ?? parametersProblem(chosen.template, components);
		if (problem) throw new InputError(problem);
		return [];
	};
}
