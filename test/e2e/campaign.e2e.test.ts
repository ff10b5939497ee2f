// The three-time-zone campaign in real n8n: inline sends, a planned SMS sent by the active
// Communication Dispatcher through n8n's waiting-webhook endpoint, and a canceled one.
import { getE2E, nodeOutput } from './harness';

const e2e = getE2E();

const hhmm = (date: Date) => date.toISOString().slice(11, 16);

describe('three-time-zone-campaign with the dispatcher', () => {
	it('sends in-window SMS at once, the planned one when its window opens, never the canceled one, then finishes', async () => {
		const now = Date.now();
		// The window is read in each participant's zone. For Etc/GMT+1 (UTC-1) it opens at the next
		// full minute (UTC), so the dispatcher must send it within about a minute; UTC is inside the
		// window already; Asia/Kolkata (UTC+5:30) is far outside it, until tomorrow.
		const opensUtc = new Date(Math.ceil((now + 30_000) / 60_000) * 60_000);
		const from = hhmm(new Date(opensUtc.getTime() - 60 * 60_000));
		const to = hhmm(new Date(opensUtc.getTime() + 60 * 60_000));
		const participants = [
			{ id: `utc-${now}`, first_name: 'Uma', phone: '+14155550161', timezone: 'UTC' },
			{ id: `kol-${now}`, first_name: 'Kiran', phone: '+14155550162', timezone: 'Asia/Kolkata' },
			{ id: `gmt1-${now}`, first_name: 'Gil', phone: '+14155550163', timezone: 'Etc/GMT+1' },
		];
		const started = await e2e.runExample('three-time-zone-campaign', {
			method: 'POST',
			body: { participants, window: { from, to } },
		});
		expect(started.execution.status).toBe('waiting');
		expect(started.delta.sms.map((sms) => sms.to)).toEqual(['+14155550161']);

		const cancel = await e2e.runExample('stop-campaign-on-reply', {
			method: 'POST',
			body: { participant_id: participants[1].id },
		});
		expect(nodeOutput(cancel.execution, 'Cancel Communications')[0].canceled).toMatchObject({
			count: 1,
		});

		const execution = await e2e.waitForFinished(started.execution.id, 150_000);
		expect(execution.status).toBe('success');
		const sent = (await e2e.sandboxState()).sms.filter((sms) =>
			participants.some((p) => p.phone === sms.to),
		);
		expect(sent.map((sms) => sms.to).sort()).toEqual(['+14155550161', '+14155550163']);
		const gilArrived = Date.parse(sent.find((sms) => sms.to === '+14155550163')?.receivedAt ?? '');
		expect(gilArrived).toBeGreaterThanOrEqual(opensUtc.getTime());
		const results = nodeOutput(execution, 'SMS Communication').map(
			(item) => (item.communication as { status: string }).status,
		);
		expect(results).toEqual(['sent', 'canceled', 'sent']);
	}, 240_000);
});
