// One-click unsubscribe on a real SQLite ledger: signed tokens, forged or altered ones refused,
// GET only confirms, POST suppresses the address.
import {
	handleUnsubscribeRequest,
	unsubscribeLinks,
	unsubscribeSecret,
	unsubscribeToken,
	verifyUnsubscribeToken,
} from '../../nodes/shared/events/unsubscribe';
import { EVENT_ENDPOINTS_SETTING } from '../../nodes/shared/events/endpoints';
import type { SqliteLedger } from '../../nodes/shared/ledger/sqlite';
import { openLedger } from './pipeline-support';

let ledger: SqliteLedger;
let dispose: () => Promise<void>;
beforeEach(async () => ({ ledger, dispose } = await openLedger()));
afterEach(async () => await dispose());

const NOW = new Date('2030-01-01T10:00:00Z');
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';
const listed = async (address: string) =>
	(await ledger.suppressedAmong('email', [address])).get(address);

describe('tokens', () => {
	it('names the normalised recipient and keeps the secret out of the URL', async () => {
		const secret = await unsubscribeSecret(ledger);
		expect(await unsubscribeSecret(ledger)).toEqual(secret);
		const token = unsubscribeToken(secret, ' Ann@Example.com ');
		expect(verifyUnsubscribeToken(secret, token)).toBe('ann@example.com');
		expect(token).not.toContain(secret.toString('base64url'));
		expect(token).not.toContain(secret.toString('hex'));
	});

	it('refuses forged, altered, foreign-secret and malformed tokens', async () => {
		const secret = await unsubscribeSecret(ledger);
		const token = unsubscribeToken(secret, 'ann@example.com');
		const [version, , signature] = token.split('.');
		const otherName = Buffer.from('bob@example.com').toString('base64url');
		expect(verifyUnsubscribeToken(secret, `${version}.${otherName}.${signature}`)).toBeNull();
		const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
		expect(
			verifyUnsubscribeToken(secret, `${token.slice(0, -signature.length)}${flipped}`),
		).toBeNull();
		expect(verifyUnsubscribeToken(Buffer.alloc(32, 7), token)).toBeNull();
		for (const bad of [undefined, '', 'u1', 'u1..', `${token}.x`, `u2${token.slice(2)}`])
			expect(verifyUnsubscribeToken(secret, bad)).toBeNull();
	});
});

describe('links and headers', () => {
	it('uses the endpoint the events workflow published, else the configured one, else none', async () => {
		expect(await unsubscribeLinks(ledger, {})).toBeNull();
		const configured = await unsubscribeLinks(ledger, {
			configuredEndpoint: 'https://hooks.example/webhook/abc/unsubscribe',
			mailto: 'unsubscribe@example.com',
		});
		const link = configured?.('ann@example.com');
		expect(link?.url).toMatch(/^https:\/\/hooks\.example\/webhook\/abc\/unsubscribe\?t=u1\./);
		expect(link?.headers).toEqual({
			'List-Unsubscribe': `<${link?.url}>, <mailto:unsubscribe@example.com?subject=unsubscribe>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
		});
		await ledger.putSetting(EVENT_ENDPOINTS_SETTING, {
			unsubscribe: 'https://public.example/webhook/ev/unsubscribe',
		});
		const published = await unsubscribeLinks(ledger, {
			configuredEndpoint: 'https://hooks.example/webhook/abc/unsubscribe',
		});
		expect(published?.('ann@example.com').headers['List-Unsubscribe']).toMatch(
			/^<https:\/\/public\.example\/webhook\/ev\/unsubscribe\?t=u1\.[^>]+>$/,
		);
	});
});

describe('handleUnsubscribeRequest', () => {
	async function link(address: string) {
		const links = await unsubscribeLinks(ledger, { configuredEndpoint: 'https://h.example/u' });
		if (!links) throw new Error('no links');
		return links(address).url;
	}

	it('GET shows a confirmation form and unsubscribes nothing', async () => {
		const url = await link('ann@example.com');
		const response = await handleUnsubscribeRequest(
			ledger,
			{ method: 'GET', query: { t: tokenOf(url) } },
			NOW,
		);
		expect(response.status).toBe(200);
		expect(response.body).toMatch(/<form method="post"/);
		expect(response.body).toContain('<button type="submit">Unsubscribe</button>');
		expect(response.suppressed).toBeUndefined();
		expect(await listed('ann@example.com')).toBeUndefined();
	});

	it('POST puts the address on the email suppression list (reason unsubscribe, source one_click)', async () => {
		const url = await link('Ann@Example.com');
		const response = await handleUnsubscribeRequest(
			ledger,
			{ method: 'POST', query: { t: tokenOf(url) } },
			NOW,
		);
		expect(response.status).toBe(200);
		expect(response.suppressed).toMatchObject({ address: 'ann@example.com' });
		expect(await listed('ann@example.com')).toMatchObject({
			reason: 'unsubscribe',
			source: 'one_click',
			at: NOW,
		});
	});

	it('a forged or missing token gets 403 and changes nothing', async () => {
		const forged = `u1.${Buffer.from('eve@example.com').toString('base64url')}.${'A'.repeat(43)}`;
		for (const query of [{ t: forged }, {}, { t: ['a', 'b'] }]) {
			const response = await handleUnsubscribeRequest(ledger, { method: 'POST', query }, NOW);
			expect(response.status).toBe(403);
		}
		expect(await listed('eve@example.com')).toBeUndefined();
	});

	it('escapes the address it shows', async () => {
		const url = await link('"<b>x"@example.com');
		const response = await handleUnsubscribeRequest(
			ledger,
			{ method: 'GET', query: { t: tokenOf(url) } },
			NOW,
		);
		expect(response.body).not.toContain('<b>x');
	});
});
