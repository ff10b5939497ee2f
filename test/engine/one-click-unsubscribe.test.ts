// One-click unsubscribe end to end: the SMTP sandbox receives List-Unsubscribe headers and the
// merge field, a GET changes nothing, a forged token does nothing, a POST unsubscribes, and the
// next email to that address is skipped (opted_out).
import type { INode } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { handleUnsubscribeRequest } from '../../nodes/shared/events/unsubscribe';
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { sandboxSmtp } from '../support/engine/smtp';
import { useSandbox } from '../support/engine/sandbox';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const ENDPOINT = 'https://hooks.acme.test/webhook/events/unsubscribe';

function harness() {
	return new EngineHarness({
		nodes: { [PKG]: [new EmailCommunication()], test: [new TestItems()] },
		credentials: {
			communicationSmtpApi: sandboxSmtp(sandbox, {
				allowSelfSigned: false,
				poolSize: 1,
				fromEmail: 'news@acme.test',
				fromName: 'Acme News',
			}),
		},
	});
}

function newsletter(email: string, options: INode['parameters'] = {}) {
	return chain(
		node('Source', 'test.testItems', { items: JSON.stringify([{ id: `p-${email}`, email }]) }),
		node(
			'Email',
			`${PKG}.emailCommunication`,
			{
				toEmail: '={{ $json.email }}',
				subject: 'Spring news',
				emailFormat: 'text',
				text: 'News. Unsubscribe: [[ unsubscribe_url ]]',
				options: {
					unsubscribeEndpoint: ENDPOINT,
					unsubscribeMailto: 'unsub@acme.test',
					...options,
				},
			},
			{ credentials: { communicationSmtpApi: { id: 'smtp-1', name: 'Sandbox SMTP' } } },
		),
	);
}

/** A header's value as sent, unfolded. */
function header(lines: string[], name: string): string | undefined {
	const line = lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line
		?.slice(name.length + 1)
		.replace(/\r?\n/g, '')
		.trim();
}

it('adds the headers and merge field; GET and a forged token change nothing, POST unsubscribes, the next email is skipped', async () => {
	const h = harness();
	const ledger = await getLedger();
	const address = 'reader.one@example.com';
	const first = await h.run(newsletter(address));
	expect(first.status).toBe('success');
	const [mail] = sandbox.state().mails;
	const list = header(mail.headerLines, 'List-Unsubscribe');
	expect(list).toMatch(
		/^<https:\/\/hooks\.acme\.test\/webhook\/events\/unsubscribe\?t=u1\.[\w-]+\.[\w-]+>, <mailto:unsub@acme\.test\?subject=unsubscribe>$/,
	);
	expect(header(mail.headerLines, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
	const url = /<(https:[^>]+)>/.exec(list ?? '')?.[1] ?? '';
	expect(mail.text).toContain(`Unsubscribe: ${url}`);
	const token = new URL(url).searchParams.get('t');

	const page = await handleUnsubscribeRequest(
		ledger,
		{ method: 'GET', query: { t: token } },
		new Date(),
	);
	expect(page.status).toBe(200);
	const forged = `${token?.slice(0, -4)}AAAA`;
	const refused = await handleUnsubscribeRequest(
		ledger,
		{ method: 'POST', query: { t: forged } },
		new Date(),
	);
	expect(refused.status).toBe(403);
	expect((await ledger.suppressedAmong('email', [address])).size).toBe(0);

	const posted = await handleUnsubscribeRequest(
		ledger,
		{ method: 'POST', query: { t: token } },
		new Date(),
	);
	expect(posted.status).toBe(200);
	expect((await ledger.suppressedAmong('email', [address])).get(address)).toMatchObject({
		reason: 'unsubscribe',
		source: 'one_click',
	});

	const second = await h.run(newsletter(address));
	expect(sandbox.state().mails).toHaveLength(1);
	expect(second.output('Email')[0].json.communication).toMatchObject({
		status: 'skipped',
		reason: 'opted_out',
	});
	await ledger.unsuppress('email', address);
	await h.close();
});

it('adds nothing when One-Click Unsubscribe is off', async () => {
	const h = harness();
	const run = await h.run(newsletter('reader.two@example.com', { oneClickUnsubscribe: false }));
	expect(run.status).toBe('success');
	const [mail] = sandbox.state().mails;
	expect(header(mail.headerLines, 'List-Unsubscribe')).toBeUndefined();
	expect(run.output('Email')[0].json.communication).toMatchObject({ status: 'sent' });
	await h.close();
});
