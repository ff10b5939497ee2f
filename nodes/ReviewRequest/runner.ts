// The Review Request runner (Send operation): the Team Directory and one messenger for the review
// type (SMTP or Twilio), opened once per execution and shared by every item.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runCommunicationItems, type ChannelRunner } from '../shared/pipeline';
import type { TeamDirectory } from '../shared/team/directory';
import { teamDirectoryFor } from '../shared/team/directory-access';
import { openTeamMessenger, type TeamMessenger } from '../shared/team/messenger';
import { retryDecisionFor } from '../shared/transport/retry';

import { prepareReview, type ReviewPayload } from './prepare';
import { sendReview } from './send';

export const DEFAULT_REVIEW_OUTPUT = 'Review request has been sent.';

type ReviewType = 'email' | 'sms';

function reviewRunner(
	directory: TeamDirectory,
	type: ReviewType,
	messenger: TeamMessenger,
): ChannelRunner<ReviewPayload> {
	return {
		channel: 'review',
		consent: type === 'sms' ? 'sms' : 'email',
		defaultOutput: DEFAULT_REVIEW_OUTPUT,
		secrets: messenger.secrets,
		classify: retryDecisionFor,
		prepare: (item) => prepareReview(item, directory, type),
		send: async (payload) => await sendReview(messenger, payload),
		close: async () => await messenger.close(),
	};
}

/** execute() of the Send operation: every item through the send pipeline. */
export const reviewHandlers = {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const type = this.getNodeParameter('reviewType', 0) as ReviewType;
		const directory = await teamDirectoryFor(this);
		const messenger = await openTeamMessenger(this, type);
		return await runCommunicationItems(this, reviewRunner(directory, type, messenger));
	},
};
