// The Internal Notification runner: the Team Directory, one messenger for the chosen channel and
// the ledger (for the per-user limit), opened once per execution and shared by every item.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runCommunicationItems, type ChannelRunner } from '../shared/pipeline';
import { ledgerFor } from '../shared/ledger/access';
import type { CommunicationLedger } from '../shared/ledger/types';
import type { MemberChannel, TeamDirectory } from '../shared/team/directory';
import { teamDirectoryFor } from '../shared/team/directory-access';
import { openTeamMessenger, type TeamMessenger } from '../shared/team/messenger';
import { readTimeoutMs, retryDecisionFor } from '../shared/transport/retry';
import { lazyTemplateSource } from '../shared/templates';

import { DEFAULT_NOTIFICATION_OUTPUT } from './description';
import { prepareNotification, type NotificationPayload } from './prepare';
import { sendNotification } from './send';

function notificationRunner(
	directory: TeamDirectory,
	channel: MemberChannel,
	messenger: TeamMessenger,
	ledger: CommunicationLedger,
): ChannelRunner<NotificationPayload> {
	return {
		channel: 'notification',
		defaultOutput: DEFAULT_NOTIFICATION_OUTPUT,
		secrets: messenger.secrets,
		classify: retryDecisionFor,
		prepare: async (item) =>
			await prepareNotification(
				item,
				directory,
				channel,
				lazyTemplateSource(async () => ledger),
			),
		send: async (payload) => await sendNotification(payload, ledger, messenger),
		close: async () => await messenger.close(),
	};
}

/** execute() of the node: every item through the send pipeline (no planned sends). */
export const notificationHandlers = {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const channel = this.getNodeParameter('channel', 0) as MemberChannel;
		const directory = await teamDirectoryFor(this);
		const messenger = await openTeamMessenger(this, channel, { timeoutMs: readTimeoutMs(this) });
		const ledger = await ledgerFor(this);
		return await runCommunicationItems(
			this,
			notificationRunner(directory, channel, messenger, ledger),
		);
	},
};
