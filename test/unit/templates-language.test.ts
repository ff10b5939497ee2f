// Picking a template's language variant, normalising language tags and reading the Template field.
import { normalizeLanguage } from '../../nodes/shared/ledger/templates';
import {
	lazyTemplateSource,
	participantLanguage,
	pickLanguage,
	templateIdOf,
} from '../../nodes/shared/templates';

const template = {
	defaultLanguage: 'en',
	variants: {
		en: { text: 'Hi' },
		es: { text: 'Hola' },
		'es-MX': { text: 'Quiubo' },
		de: { text: 'Hallo' },
	},
};

describe('normalizeLanguage', () => {
	it.each([
		['en', 'en'],
		['EN', 'en'],
		['es_mx', 'es-MX'],
		[' es-mx ', 'es-MX'],
		['zh-hant-tw', 'zh-Hant-TW'],
		['sr-Latn', 'sr-Latn'],
	])('%s -> %s', (raw, tag) => expect(normalizeLanguage(raw)).toBe(tag));

	it.each(['English', 'e', '', 'en--US', 'en US'])('refuses %p', (raw) =>
		expect(() => normalizeLanguage(raw)).toThrow(/is not a language tag/),
	);
});

describe('pickLanguage', () => {
	it('takes the exact tag, then the base language, then the default', () => {
		expect(pickLanguage(template, 'es-MX')).toBe('es-MX');
		expect(pickLanguage(template, 'es-AR')).toBe('es');
		expect(pickLanguage(template, 'de-AT')).toBe('de');
		expect(pickLanguage(template, 'fr')).toBe('en');
		expect(pickLanguage(template, undefined)).toBe('en');
	});

	it('falls back to the default when only a regional variant of the base exists', () => {
		const regional = { defaultLanguage: 'en', variants: { en: {}, 'pt-BR': {} } };
		expect(pickLanguage(regional, 'pt-PT')).toBe('en');
	});
});

describe('participantLanguage', () => {
	it('reads language first, then locale, skipping values that are not tags', () => {
		expect(participantLanguage({ language: 'de', locale: 'es-MX' })).toBe('de');
		expect(participantLanguage({ locale: 'es_mx' })).toBe('es-MX');
		expect(participantLanguage({ language: 'English', locale: 'fr-CA' })).toBe('fr-CA');
		expect(participantLanguage({ language: 42 })).toBeUndefined();
		expect(participantLanguage({})).toBeUndefined();
	});
});

describe('templateIdOf', () => {
	it('reads a resource locator value, a plain ID, or nothing', () => {
		expect(templateIdOf({ __rl: true, mode: 'list', value: ' booking ' })).toBe('booking');
		expect(templateIdOf('reminder')).toBe('reminder');
		expect(templateIdOf({ __rl: true, mode: 'list', value: '' })).toBe('');
		expect(templateIdOf(undefined)).toBe('');
		expect(templateIdOf(null)).toBe('');
	});
});

describe('lazyTemplateSource', () => {
	it('opens the store once and reads each template version once per execution', async () => {
		const reads: string[] = [];
		let opens = 0;
		const source = lazyTemplateSource(async () => {
			opens++;
			return {
				getTemplate: async (id: string, version?: number) => {
					reads.push(`${id}@${version ?? 'latest'}`);
					return null;
				},
			};
		});
		for (const version of [undefined, undefined, 2, undefined, 2])
			await (await source()).getTemplate('tpl', version);
		expect(opens).toBe(1);
		expect(reads).toEqual(['tpl@latest', 'tpl@2']);
	});
});
