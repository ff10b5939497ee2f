// Saved templates for the sending nodes: their fields, the picker, and resolving one per item.
export { TEMPLATE_PARAMETERS, TEMPLATE_SEARCH_METHOD, templateProperties } from './description';
export { templateLabel, templateListSearch } from './list-search';
export { participantLanguage, pickLanguage } from './language';
export {
	applyTemplate,
	lazyTemplateSource,
	requireTemplate,
	templateIdOf,
	templateSourceFor,
	type TemplatedItem,
	type TemplateSource,
	type TemplateUse,
} from './resolve';
