import type { IDataObject } from 'n8n-workflow';

import { consentRefusal } from '../../nodes/shared/pipeline';
import { readyItem } from '../../nodes/shared/pipeline/ready-item';
import { replayItemContext } from '../../nodes/shared/pipeline/item-context';
import { ITEM_SETTINGS, scriptedRunner } from './pipeline-support';

describe('consentRefusal', () => {
	it('stops every channel for dnd and each channel for its own flag', () => {
		expect(consentRefusal('email', { dnd: true })).toBe(
			"Skipped: the participant does not want email ('dnd' is true), so nothing was sent.",
		);
		expect(consentRefusal('email', { email_opt_out: 'yes' })).toMatch(/'email_opt_out' is true/);
		expect(consentRefusal('email', { sms_opt_out: true })).toBeUndefined();
		expect(consentRefusal('whatsapp', { whatsapp_opt_out: 1 })).toMatch(/WhatsApp messages/);
		expect(consentRefusal('telegram', { telegram_opt_out: 'TRUE' })).toMatch(/Telegram/);
		expect(consentRefusal('slack', { slack_opt_out: true })).toMatch(/Slack messages/);
		expect(consentRefusal('any', { dnd: '1', email_opt_out: true })).toMatch(/to be contacted/);
		expect(consentRefusal('any', { email_opt_out: true })).toBeUndefined();
		expect(consentRefusal('sms', { dnd: false, sms_opt_out: 'no' })).toBeUndefined();
	});

	it('keeps the wording SMS and Voice Communication used before', () => {
		expect(consentRefusal('sms', { sms_opt_out: true })).toBe(
			"Skipped: the participant does not want SMS ('sms_opt_out' is true), so nothing was sent.",
		);
		expect(consentRefusal('voice', { dnd: true })).toBe(
			"Skipped: the participant does not want to be disturbed ('dnd' is true), so no call was made.",
		);
		expect(consentRefusal('voice', { call_opt_out: true })).toBe(
			"Skipped: the participant does not want calls ('call_opt_out' is true), so no call was made.",
		);
	});
});

describe('readyItem', () => {
	const context = (participant: IDataObject) =>
		replayItemContext(
			{ params: {}, binaries: {} },
			{
				itemIndex: 0,
				item: { json: participant },
				participant,
				participantId: 'p1',
				settings: ITEM_SETTINGS,
			},
		);

	it('skips an opted-out participant without running the channel prepare', async () => {
		const { runner, prepared } = scriptedRunner();
		const readied = await readyItem(runner, context({ email: 'a@x.test', dnd: true }));
		expect(readied).toMatchObject({ kind: 'skip', to: [] });
		expect(prepared).toEqual([]);
	});

	it('checks nothing for a runner that contacts team members only', async () => {
		const { runner } = scriptedRunner({ consent: 'none' });
		const readied = await readyItem(runner, context({ email: 'a@x.test', dnd: true }));
		expect(readied).toMatchObject({ kind: 'ready', prepared: { payload: 'a@x.test' } });
	});

	it("reports the channel's own skip reason", async () => {
		const { runner } = scriptedRunner({
			prepare: () => ({ payload: '', to: ['t'], warnings: ['w'], skipReason: 'nothing to do' }),
		});
		expect(await readyItem(runner, context({}))).toEqual({
			kind: 'skip',
			to: ['t'],
			warnings: ['w'],
			reason: 'nothing to do',
		});
	});
});
