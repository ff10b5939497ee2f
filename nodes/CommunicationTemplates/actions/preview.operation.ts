// Preview: a template rendered for the input item as a sample participant, with merge fields
// filled the way the sending nodes fill them, and for SMS the segments it costs.
import { updateDisplayOptions, type IDataObject } from 'n8n-workflow';

import { toJsonObject } from '../../shared/ledger/json';
import { normalizeLanguage } from '../../shared/ledger/templates';
import { renderFieldForItem } from '../../shared/merge';
import { countSmsSegments } from '../../shared/sms-segments';
import { participantLanguage, pickLanguage, requireTemplate } from '../../shared/templates';
import {
	templateIdParameter,
	templateLocator,
	versionProperty,
	type TemplateOperation,
} from './common';

export const description = updateDisplayOptions({ show: { operation: ['preview'] } }, [
	templateLocator,
	versionProperty,
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'es-MX',
		description:
			"Empty: picked like a send does, from the item's language or locale attribute (exact tag, then base language, then the template's default)",
	},
]);

export const execute: TemplateOperation = async function (templates, i) {
	const version = Number(this.getNodeParameter('version', i, 0)) || undefined;
	const stored = await requireTemplate(templates, templateIdParameter(this, i), version);
	const participant = this.getInputData()[i].json;
	const asked = String(this.getNodeParameter('language', i, '')).trim();
	const language = pickLanguage(
		stored,
		asked ? normalizeLanguage(asked) : participantLanguage(participant),
	);
	const content = stored.variants[language];
	const warnings: string[] = [];
	const render = (label: string, text: string | undefined, escape: 'html' | 'none' = 'none') => {
		if (text === undefined) return undefined;
		const rendered = renderFieldForItem(label, text, participant, false, { escape });
		warnings.push(...rendered.warnings);
		return rendered.text;
	};
	const preview: IDataObject = {
		template: { id: stored.id, name: stored.name, version: stored.version, language },
		channel: stored.channel,
		subject: render('Subject', content.subject),
		html: render('HTML', content.html, 'html'),
		text: render('Text', content.text),
		attachments: (content.attachments ?? []).map((a) => ({ ...a })),
		warnings,
	};
	if (stored.channel === 'sms' && typeof preview.text === 'string') {
		const count = countSmsSegments(preview.text);
		preview.sms = {
			segments: count.segments,
			encoding: count.encoding,
			characters: count.characters,
		};
	}
	return [toJsonObject(preview)];
};
