import { randomUUID } from 'node:crypto';

import type { INode } from 'n8n-workflow';

import { ReviewRequest } from '../../nodes/ReviewRequest/ReviewRequest.node';
import { getLedger } from '../../nodes/shared/ledger';
import { startSandbox, type Sandbox } from '../../sandbox';
import { resultOf, sampleTeam, teamHarness, teamWorkflow } from '../support/team-engine';

const OPTED_OUT = '+12025550199';
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: { twilioOptedOut: [OPTED_OUT] } });
});
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const { alice, bob } = sampleTeam();
const harness = (directory = {}) =>
	teamHarness(sandbox, [new ReviewRequest()], [alice, bob], { directory });
const review = (
	items: Array<Record<string, unknown>>,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
) => teamWorkflow(items, 'reviewRequest', { operation: 'send', ...parameters }, { extra });
const participant = () => `p-${randomUUID()}`;

describe('Review Request: email', () => {
	it("uses the directory's wording and link, sent on behalf of the assigned user, and records it as sent", async () => {
		const id = participant();
		const result = await harness().run(
			review([{ id, first_name: 'Lena', email: 'lena@example.com', owner: 'Bob Baker' }], {
				reviewType: 'email',
			}),
		);
		expect(result.status).toBe('success');
		const [mail] = sandbox.state().mails;
		expect(mail.to).toEqual([{ name: '', address: 'lena@example.com' }]);
		expect(mail.from).toEqual([{ name: 'Bob Baker', address: 'team@acme.test' }]);
		expect(mail.replyTo.map((a) => a.address)).toEqual(['bob@example.com']);
		expect(mail.subject).toBe('How was your visit, Lena?');
		expect(mail.text?.trim()).toBe(
			'Hi Lena, please review us: https://reviews.example.com/acme Thanks, Bob Baker',
		);

		const out = resultOf(result.output('Node')[0]);
		expect(out).toMatchObject({
			channel: 'review',
			status: 'sent',
			success: true,
			output: 'Review request has been sent.',
			onBehalfOf: { name: 'Bob Baker', email: 'bob@example.com' },
		});
		const [record] = await (await getLedger()).list({ participantId: id });
		expect(record).toMatchObject({
			channel: 'review',
			status: 'sent',
			providerMessageId: out.providerMessageId,
		});
	});

	it('takes an overridden link, subject and wording, and the member address as sender when asked', async () => {
		const result = await harness().run(
			review([{ id: participant(), first_name: 'Lena', email: 'lena@example.com' }], {
				reviewType: 'email',
				reviewLink: 'https://g.page/r/other/review',
				subject: 'Thanks {{ first_name }}',
				message: 'Tell us how we did!',
				options: { onBehalfOf: alice.id, fromMemberAddress: true },
			}),
		);
		const [mail] = sandbox.state().mails;
		expect(mail.from).toEqual([{ name: 'Alice Archer', address: 'alice@example.com' }]);
		expect(mail.subject).toBe('Thanks Lena');
		// The wording had no link: it is added at the end.
		expect(mail.text?.trim()).toBe('Tell us how we did!\nhttps://g.page/r/other/review');
		expect(resultOf(result.output('Node')[0]).warnings).toEqual([]);
	});

	it('sends without a member sender when the contact has no assigned user, and says so', async () => {
		const result = await harness().run(
			review([{ id: participant(), first_name: 'Lena', email: 'lena@example.com' }], {
				reviewType: 'email',
			}),
		);
		expect(sandbox.state().mails[0].from).toEqual([
			{ name: 'Acme Team', address: 'team@acme.test' },
		]);
		expect(resultOf(result.output('Node')[0]).warnings).toEqual([
			'The contact has no assigned user: the request was sent without a member as sender.',
			'Message: merge field {{ user.name }} has no value and was left empty',
		]);
	});

	it('fails the item when there is no review link anywhere', async () => {
		const result = await harness({ reviewLink: '' }).run(
			review([{ id: participant(), email: 'lena@example.com' }], { reviewType: 'email' }),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			'No review link: set Review Link in the node or in the Team Directory credential',
		);
		expect(sandbox.state().mails).toHaveLength(0);
	});
});

describe('Review Request: SMS and its statuses', () => {
	it('sends the SMS with a status callback and becomes delivered when the callback is recorded', async () => {
		const id = participant();
		const h = harness();
		const sent = await h.run(
			review(
				[
					{
						id,
						first_name: 'Lena',
						phone: '(202) 555-0150',
						assigned_user: { email: 'alice@example.com' },
					},
				],
				{
					reviewType: 'sms',
					options: {
						defaultCountry: 'US',
						statusCallback: 'https://n8n.example.com/webhook/review-status',
					},
				},
			),
		);
		expect(sent.status).toBe('success');
		const [sms] = sandbox.state().sms;
		expect(sms).toMatchObject({
			to: '+12025550150',
			body: 'Hi Lena, please review us: https://reviews.example.com/acme Thanks, Alice Archer',
			statusCallback: 'https://n8n.example.com/webhook/review-status',
		});
		const sid = String(resultOf(sent.output('Node')[0]).providerMessageId);
		expect(sid).toBe(sms.sid);

		// What an n8n Webhook node receives from Twilio's status callback.
		const callback = { body: { MessageSid: sid, MessageStatus: 'delivered', To: '+12025550150' } };
		const recorded = await h.run(
			teamWorkflow([callback], 'reviewRequest', { operation: 'recordDeliveryStatus' }),
		);
		expect(recorded.output('Node')[0].json.deliveryEvent).toMatchObject({
			providerMessageId: sid,
			status: 'delivered',
		});
		const ledger = await getLedger();
		expect((await ledger.listDeliveryEvents(sid)).map((e) => e.status)).toEqual(['delivered']);
		// A review request has no Communication Name: statistics count it under its node's name.
		expect(
			(await ledger.statsByName('Node')).find((s) => s.name === 'Node')?.counts.delivered,
		).toBeGreaterThanOrEqual(1);

		// The same callback again (Twilio retries), or a late "sent": recorded once, still delivered.
		const again = await h.run(
			teamWorkflow(
				[callback, { body: { ...callback.body, MessageStatus: 'sent' } }],
				'reviewRequest',
				{
					operation: 'recordDeliveryStatus',
				},
			),
		);
		expect(again.output('Node').map((item) => item.json.deliveryEvent)).toEqual([
			expect.objectContaining({
				status: 'delivered',
				recorded: false,
				deliveryStatus: 'delivered',
			}),
			expect.objectContaining({ status: 'sent', recorded: true, deliveryStatus: 'delivered' }),
		]);
		expect((await ledger.listDeliveryEvents(sid)).map((e) => e.status)).toEqual([
			'delivered',
			'sent',
		]);
	});

	it('records a refused SMS as failed and a background one as queued', async () => {
		const failedId = participant();
		const queuedId = participant();
		const h = harness();
		const failed = await h.run(
			review(
				[{ id: failedId, phone: OPTED_OUT }],
				{ reviewType: 'sms' },
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(resultOf(failed.output('Node')[0])).toMatchObject({ status: 'failed', success: false });
		expect(String(failed.output('Node')[0].json.error)).toMatch(
			/21610|unsubscribed|opted out|STOP/i,
		);
		const queued = await h.run(
			review([{ id: queuedId, phone: '+12025550150' }], {
				reviewType: 'sms',
				options: { async: true },
			}),
		);
		expect(resultOf(queued.output('Node')[0]).status).toBe('queued');

		const ledger = await getLedger();
		expect((await ledger.list({ participantId: failedId }))[0].status).toBe('failed');
		await waitFor(
			async () => (await ledger.list({ participantId: queuedId }))[0]?.status === 'sent',
		);
	});

	it('fails the item for a phone number that is not one', async () => {
		const result = await harness().run(
			review(
				[{ id: participant(), phone: 'call me' }],
				{ reviewType: 'sms' },
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(result.output('Node')[0].json.error).toBe("To Phone entry 'call me' contains letters");
		expect(sandbox.state().sms).toHaveLength(0);
	});
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
		await new Promise((r) => setTimeout(r, 25));
	}
}
