// The multi-operation nodes route by their Operation parameter: an operation they do not have
// (a hand-edited or newer workflow) fails the node with a clear error instead of doing something else.
import type { INode } from 'n8n-workflow';

import { CommunicationLedger } from '../../nodes/CommunicationLedger/CommunicationLedger.node';
import { ReviewRequest } from '../../nodes/ReviewRequest/ReviewRequest.node';
import { VoiceCommunication } from '../../nodes/VoiceCommunication/VoiceCommunication.node';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';

// Nothing is sent: the router refuses before any provider is contacted.
const harness = () =>
	new EngineHarness({
		nodes: {
			[PKG]: [new CommunicationLedger(), new VoiceCommunication(), new ReviewRequest()],
			test: [new TestItems()],
		},
		credentials: {
			communicationTwilioApi: {
				accountSid: 'AC00000000000000000000000000000000',
				authType: 'authToken',
				authToken: 'unused-token',
				fromNumber: '+15550100100',
				baseUrl: 'http://127.0.0.1:9',
			},
		},
	});

const twilio: INode['credentials'] = {
	communicationTwilioApi: { id: 'twilio', name: 'Twilio' },
};

describe.each([
	['communicationLedger', 'calls, communications, overdue, profile, statistics, tasks'],
	['voiceCommunication', 'outboundCall, bridgeCall, voicemailDrop'],
	['reviewRequest', 'send, recordDeliveryStatus'],
])('%s with an unknown operation', (type, known) => {
	it('fails the node with an error naming the operation and the ones it has', async () => {
		const result = await harness().run(
			chain(
				node('Source', 'test.testItems', {
					items: JSON.stringify([{ id: 'p1', phone: '+12025550123', email: 'p1@example.com' }]),
				}),
				node('Node', `${PKG}.${type}`, { operation: 'sendFax' }, { credentials: twilio }),
			),
		);
		expect(result.status).toBe('error');
		const error = result.nodeError('Node');
		expect(error?.message).toBe("Unknown operation 'sendFax'");
		expect(error?.description).toBe(`Choose one of the node's operations: ${known}.`);
	});
});
