// Helpers for the Manual Action engine tests: a harness with the sample team, task workflows,
// the task link as mailed to the assignee, and form posts as a browser sends them.
import { randomUUID } from 'node:crypto';

import type { INode } from 'n8n-workflow';

import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import type { Sandbox } from '../../sandbox';
import type { EngineHarness, WorkflowJson } from './engine/harness';
import { HarnessRequest } from './engine/http';
import { sampleTeam, teamHarness, teamWorkflow } from './team-engine';

export const LINK_PREVIEW_BOT =
	'Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0; +https://api.slack.com/robots)';

export function manualActionKit(sandbox: () => Sandbox) {
	const team = sampleTeam();
	return {
		team,
		harness: (): EngineHarness =>
			teamHarness(sandbox(), [new ManualAction()], [team.alice, team.bob, team.carol]),
		taskWorkflow: (
			items: Array<Record<string, unknown>>,
			parameters: INode['parameters'] = {},
			extra: Partial<INode> = {},
		): WorkflowJson =>
			teamWorkflow(
				items,
				'manualAction',
				{ taskType: 'call', actionName: 'Lead Follow-Up Call', notifyBy: 'email', ...parameters },
				{ after: true, extra },
			),
		contact: (extra: Record<string, unknown> = {}) => ({
			id: `c-${randomUUID()}`,
			name: 'Lena Lake',
			phone: '+12025550150',
			email: 'lena@example.com',
			...extra,
		}),
		/** The task link from the notification email the assignee received. */
		linkMailedTo: (address: string): string => {
			const mail = sandbox()
				.state()
				.mails.find((m) => m.envelope.to.includes(address));
			const link = /Open the task: (\S+)/.exec(mail?.text ?? '')?.[1];
			if (!link) throw new Error(`No task link was mailed to ${address}`);
			return link;
		},
	};
}

export const get = (link: string, headers: Record<string, string> = {}) =>
	HarnessRequest.fromUrl(link, { method: 'GET', headers });
export const post = (link: string, body: Record<string, string>) =>
	HarnessRequest.fromUrl(link, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
export const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
